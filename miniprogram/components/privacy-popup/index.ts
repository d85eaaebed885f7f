type Resolve = (result: { event: 'agree' | 'disagree'; buttonId?: string }) => void;

/**
 * WeChat's privacy check (__usePrivacyCheck__): when the page calls an API covered by the 小程序隐私保护指引
 * before the person agreed, WeChat asks this pop-up; agreeing goes through WeChat's own
 * open-type="agreePrivacyAuthorization" button, and the pending call then proceeds.
 */
Component({
  options: { styleIsolation: 'shared' },
  data: { visible: false, contractName: '《医保服务小程序隐私保护指引》' },
  lifetimes: {
    attached() {
      if (!wx.onNeedPrivacyAuthorization) return;
      wx.onNeedPrivacyAuthorization((resolve) => {
        (this as unknown as { pending: Resolve }).pending = resolve as unknown as Resolve;
        this.setData({ visible: true });
      });
    },
  },
  methods: {
    finish(event: 'agree' | 'disagree') {
      const self = this as unknown as { pending?: Resolve };
      self.pending?.(event === 'agree' ? { event, buttonId: 'privacy-agree' } : { event });
      self.pending = undefined;
      this.setData({ visible: false });
    },
    onAgree() {
      this.finish('agree');
    },
    onDisagree() {
      this.finish('disagree');
      wx.showToast({ title: '未同意，相关功能暂不可用', icon: 'none' });
    },
    openContract() {
      wx.openPrivacyContract?.({});
    },
  },
});

import type { UserResponses } from '../../../cloudfunctions/core/contracts';
import { elderlyBehavior } from '../../behaviors/elderly';
import { type CloudFailure, callCloud, explainFailure } from '../../services/callCloud';
import { beijingDateTime } from '../../utils/format';

/** The separate consent, in the server's words and version: agreeing records the version and the time. */
Component({
  behaviors: [elderlyBehavior],
  data: {
    loading: true,
    failure: null as CloudFailure | null,
    consent: null as UserResponses['me']['consent'] | null,
    saving: false,
    givenText: '',
    /** No operator named yet: the paragraph saying this is a trial stands out. */
    trial: false,
  },
  methods: {
    onLoad() {
      return this.load();
    },

    async load() {
      this.setData({ loading: true, failure: null });
      const res = await callCloud('user', { action: 'me' }, { loading: false });
      if (!res.ok) this.setData({ loading: false, failure: res });
      else this.show(res.data.consent);
    },

    show(consent: UserResponses['me']['consent']) {
      const givenText = consent.upToDate && consent.given ? `，您已于 ${beijingDateTime(consent.given.at)} 同意` : '';
      this.setData({ loading: false, consent, givenText, trial: consent.current.trial });
    },

    async agree() {
      if (this.data.saving || !this.data.consent) return;
      this.setData({ saving: true });
      const res = await callCloud(
        'user',
        { action: 'consent', version: this.data.consent.current.version },
        { loading: '正在记录' },
      );
      this.setData({ saving: false });
      if (!res.ok) return explainFailure(res, '没有记录');
      this.show({ ...this.data.consent, upToDate: true, given: res.data });
      wx.showToast({ title: '已同意', icon: 'success' });
      wx.navigateBack({ delta: 1 });
    },

    decline() {
      wx.showModal({
        title: '暂不同意',
        content: '不同意也可以查看办事指南；填写证件号码、办理选点和备案需要先同意。',
        showCancel: false,
        confirmText: '知道了',
        success: () => wx.navigateBack({ delta: 1 }),
      });
    },
  },
});

import type { AgentView, UserResponses } from '../../../cloudfunctions/core/contracts';
import { elderlyBehavior } from '../../behaviors/elderly';
import { type CloudFailure, callCloud, explainFailure, nextStepOf } from '../../services/callCloud';
import { beijingDateTime } from '../../utils/format';

/** 8 letters and digits in either case (12 for an invitation made before), spaces as typed. */
const CODE = /^(?:[A-Za-z0-9]{8}|[A-Za-z0-9]{12})$/;

/**
 * A family member's invitation (from a shared link, or a code typed in): who asks to act for the person, and
 * the person's agreement from their own verified account.
 */
Component({
  behaviors: [elderlyBehavior],
  data: {
    code: '',
    typed: '',
    typedError: '',
    loading: false,
    failure: null as CloudFailure | null,
    invitation: null as UserResponses['invitation'] | null,
    expiresText: '',
    accepting: false,
    accepted: null as AgentView | null,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const code = (query.code ?? '').trim();
      if (!code) return Promise.resolve();
      this.setData({ code });
      return this.load();
    },

    onShow() {
      // Back from 我的 after filling in or verifying: try again by itself.
      if (!this.data.loading && nextStepOf(this.data.failure)) return this.load();
      return Promise.resolve();
    },

    async load() {
      this.setData({ loading: true, failure: null, invitation: null });
      const res = await callCloud('user', { action: 'invitation', code: this.data.code }, { loading: false });
      if (!res.ok && res.fieldErrors?.code) {
        const message = `这个邀请码不对：${res.fieldErrors.code[0]}。请核对后重新输入，或请家人重新发送邀请。`;
        return this.setData({ loading: false, failure: { ...res, code: 'NOT_FOUND', message } });
      }
      if (!res.ok) return this.setData({ loading: false, failure: res });
      this.setData({ loading: false, invitation: res.data, expiresText: beijingDateTime(res.data.expiresAt) });
    },

    onTyped(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ typed: e.detail.value, typedError: '' });
    },

    openTyped() {
      const code = this.data.typed.replace(/\s+/g, '');
      if (!CODE.test(code)) {
        this.setData({ typedError: '邀请码是 8 位字母或数字（不分大小写），请核对后再输入' });
        return Promise.resolve();
      }
      this.setData({ code });
      return this.load();
    },

    async accept() {
      if (this.data.accepting || this.data.accepted) return;
      this.setData({ accepting: true });
      const res = await callCloud(
        'user',
        { action: 'acceptInvitation', code: this.data.code },
        { loading: '正在授权' },
      );
      this.setData({ accepting: false });
      if (res.ok) {
        this.setData({ accepted: res.data.agent });
        return;
      }
      if (res.code === 'NOT_FOUND') {
        this.setData({ failure: res, invitation: null });
        return;
      }
      explainFailure(res, '没有授权');
    },

    /** Another code: back to typing one in. */
    reset() {
      this.setData({ code: '', typed: '', failure: null, invitation: null, accepted: null });
    },

    goAgents() {
      wx.redirectTo({ url: '/pages/agents/index' });
    },

    goHome() {
      wx.redirectTo({ url: '/pages/home/index' });
    },
  },
});

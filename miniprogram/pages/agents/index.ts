import type { AgentView } from '../../../cloudfunctions/core/contracts';
import { elderlyBehavior } from '../../behaviors/elderly';
import { type CloudFailure, callCloud, explainFailure } from '../../services/cloud';
import { AUTHORIZED_BY_LABEL } from '../../utils/authorization';
import { beijingDateTime } from '../../utils/format';

interface AgentRow extends AgentView {
  title: string;
  detail: string;
}

const row = (a: AgentView): AgentRow => ({
  ...a,
  title: `${a.relationship} ${a.agentName}`,
  detail: `授权方式：${AUTHORIZED_BY_LABEL[a.authorizedBy]} · ${beijingDateTime(a.authorizedAt)} 起`,
});

/** Who may act for the person (from their own verified account), each revocable after a confirmation. */
Component({
  behaviors: [elderlyBehavior],
  data: {
    loading: true,
    failure: null as CloudFailure | null,
    agents: [] as AgentRow[],
  },
  methods: {
    onLoad() {
      return this.load();
    },

    onShow() {
      // Back from 我的 after verifying: the list can be shown now.
      if (!this.data.loading && this.data.failure) return this.load();
      return Promise.resolve();
    },

    async load() {
      this.setData({ loading: true, failure: null });
      const res = await callCloud('user', { action: 'agents' }, { loading: false });
      if (!res.ok) return this.setData({ loading: false, failure: res });
      this.setData({ loading: false, agents: res.data.agents.map(row) });
    },

    confirmRevoke(e: WechatMiniprogram.BaseEvent) {
      const agent = this.data.agents.find((a) => a.id === e.currentTarget.dataset.id);
      if (!agent) return;
      wx.showModal({
        title: '撤销授权',
        content: `撤销后，${agent.title} 不能再为您办理定点选点、异地备案等业务；已办理的业务不受影响。以后需要时，可以再次授权。`,
        confirmText: '撤销',
        confirmColor: '#c9353f',
        success: async (r) => {
          if (!r.confirm) return;
          const res = await callCloud('user', { action: 'revokeAgent', memberId: agent.id }, { loading: '正在撤销' });
          if (!res.ok && res.code !== 'NOT_FOUND') return explainFailure(res, '没有撤销');
          this.setData({ agents: this.data.agents.filter((a) => a.id !== agent.id) });
          if (res.ok) wx.showToast({ title: '已撤销', icon: 'success' });
        },
      });
    },
  },
});

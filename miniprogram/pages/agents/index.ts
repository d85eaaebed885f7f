import type { AgentView, UnitAgentView } from '../../../cloudfunctions/core/contracts';
import { elderlyBehavior } from '../../behaviors/elderly';
import { type CloudFailure, callCloud, explainFailure } from '../../services/callCloud';
import { AUTHORIZED_BY_LABEL } from '../../utils/authorization';
import { beijingDateTime } from '../../utils/format';

interface AgentRow extends AgentView {
  title: string;
  detail: string;
}

interface UnitRow extends UnitAgentView {
  detail: string;
}

const unitRow = (u: UnitAgentView): UnitRow => ({
  ...u,
  detail:
    u.source === 'invitation'
      ? `您接受了单位的邀请 · ${beijingDateTime(u.at)} 起 · ${u.cityName}`
      : `在医保经办机构登记的单位参保名单上 · ${u.cityName}（如已离职，请联系单位或医保经办机构）`,
});

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
    units: [] as UnitRow[],
    unitCode: '',
    acceptingUnit: false,
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
      this.setData({ loading: false, agents: res.data.agents.map(row), units: res.data.units.map(unitRow) });
    },

    onUnitCode(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ unitCode: e.detail.value });
    },

    /** The unit's invitation, accepted from this verified account: the unit may then file 备案 for the person. */
    async acceptUnit() {
      const code = this.data.unitCode.trim();
      if (!code) return wx.showToast({ title: '请输入单位邀请码', icon: 'none' });
      this.setData({ acceptingUnit: true });
      const res = await callCloud('user', { action: 'acceptUnitInvitation', code }, { loading: '正在确认' });
      this.setData({ acceptingUnit: false });
      if (!res.ok) return explainFailure(res, '没有接受');
      const others = this.data.units.filter((u) => u.creditCode !== res.data.unit.creditCode);
      this.setData({ unitCode: '', units: [...others, unitRow(res.data.unit)] });
      wx.showToast({ title: '已接受', icon: 'success' });
    },

    confirmRevokeUnit(e: WechatMiniprogram.BaseEvent) {
      const creditCode = String(e.currentTarget.dataset.code);
      wx.showModal({
        title: '撤销单位授权',
        content: '撤销后，这个单位不能再为您批量办理异地就医备案；已办理的业务不受影响，可在“我的备案”中查看或撤销。',
        confirmText: '撤销',
        confirmColor: '#c9353f',
        success: async (r) => {
          if (!r.confirm) return;
          const res = await callCloud('user', { action: 'revokeUnit', creditCode }, { loading: '正在撤销' });
          if (!res.ok && res.code !== 'NOT_FOUND') return explainFailure(res, '没有撤销');
          this.setData({ units: this.data.units.filter((u) => u.creditCode !== creditCode) });
          if (res.ok) wx.showToast({ title: '已撤销', icon: 'success' });
        },
      });
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

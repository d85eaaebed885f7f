import type { FacilityResponses } from '../../../cloudfunctions/core/contracts';
import { elderlyBehavior } from '../../behaviors/elderly';
import { type CloudFailure, callCloud, explainFailure } from '../../services/callCloud';
import { forWhom } from '../../utils/forWhom';
import { beijingDateTime } from '../../utils/format';
import { newRequestId } from '../../utils/requestId';

type Mine = FacilityResponses['mine'];
interface SlotRow {
  slot: number;
  title: string;
  description: string;
  pendingText: string;
  pendingId: string;
  /** The city's newest list no longer has this 定点: what happened and what to do. */
  withdrawnText: string;
}

function rows(kind: Mine['kinds'][number]): SlotRow[] {
  return kind.slots.map((s) => ({
    slot: s.slot,
    title: s.current ? s.current.name : '未选择',
    description: s.current
      ? `${beijingDateTime(s.current.since)} 起生效`
      : kind.online
        ? '可在“定点医疗机构”中查找并选择'
        : (kind.offlineNote ?? ''),
    pendingText: s.pending ? `待生效：${s.pending.name}，${beijingDateTime(s.pending.from)} 起` : '',
    pendingId: s.pending?.declarationId ?? '',
    withdrawnText: (s.current?.withdrawn ?? s.pending?.withdrawn)?.message ?? '',
  }));
}

/** What is effective now, what is pending and from when — computed by the server for this moment. */
Component({
  behaviors: [elderlyBehavior],
  data: {
    loading: true,
    failure: null as CloudFailure | null,
    memberId: '',
    mine: null as Mine | null,
    kinds: [] as Array<{ id: string; name: string; online: boolean; rows: SlotRow[] }>,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ memberId: query.memberId ?? '' });
      return this.load();
    },

    async load() {
      this.setData({ loading: true, failure: null });
      const memberId = this.data.memberId || undefined;
      const res = await callCloud('facility', { action: 'mine', ...forWhom(memberId) }, { loading: false });
      if (!res.ok) return this.setData({ loading: false, failure: res });
      this.setData({
        loading: false,
        mine: res.data,
        kinds: res.data.kinds.map((k) => ({ id: k.id, name: k.name, online: k.online, rows: rows(k) })),
      });
    },

    confirmWithdraw(e: WechatMiniprogram.BaseEvent) {
      const declarationId = String(e.currentTarget.dataset.id);
      const requestId = newRequestId('withdraw');
      wx.showModal({
        title: '撤回待生效的变更',
        content: '撤回后仍按现在的定点就医。按本市规定，本月已用的变更次数可能不会恢复。',
        confirmText: '撤回',
        success: async (r) => {
          if (!r.confirm) return;
          const res = await callCloud(
            'facility',
            { action: 'withdraw', declarationId, requestId },
            { loading: '正在撤回' },
          );
          if (!res.ok) return explainFailure(res, '没有撤回');
          wx.showToast({ title: '已撤回', icon: 'success' });
          await this.load();
        },
      });
    },

    goSearch() {
      wx.navigateTo({ url: `/pages/facility/index${this.data.memberId ? `?memberId=${this.data.memberId}` : ''}` });
    },

    goDeclarations() {
      wx.navigateTo({ url: '/pages/facility-declarations/index' });
    },
  },
});

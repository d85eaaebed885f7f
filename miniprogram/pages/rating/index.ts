import type { RatingResponses } from '../../../cloudfunctions/core/contracts';
import { elderlyBehavior } from '../../behaviors/elderly';
import { type CloudFailure, callCloud, explainFailure } from '../../services/cloud';
import { newRequestId } from '../../utils/requestId';

// The level labels of each channel (seed 003): the server checks them too.
const LABELS = {
  online: ['非常满意', '满意', '基本满意', '一般', '不满意'],
  window: ['非常满意', '满意', '基本满意', '不满意', '非常不满意'],
};
const REASONS = [
  '等待时间长',
  '办理结果不清楚',
  '材料要求不一致',
  '工作人员态度',
  '系统操作困难',
  '没有按时办结',
  '咨询没有回复',
];

type Ref = { kind: 'declaration' | 'filing' | 'visit'; id: string };
type Pending = RatingResponses['pending']['items'][number] & { key: string; description: string };

/** Two services of one title (two filings of one type) told apart: for whom, where to, from when, done on. */
const pendingRow = (p: RatingResponses['pending']['items'][number]): Pending => ({
  ...p,
  key: `${p.serviceRef.kind}:${p.serviceRef.id}`,
  description: [p.detail, `${p.completedAt.slice(0, 10)} 办结`].filter(Boolean).join(' · '),
});

/**
 * Rate a completed service (一事一评, online labels) or a window visit scanned from a code (一次一评, window
 * labels). Without a service, lists what can be rated.
 */
Component({
  behaviors: [elderlyBehavior],
  data: {
    loading: true,
    failure: null as CloudFailure | null,
    pending: [] as Pending[],
    ref: null as Ref | null,
    title: '',
    /** Which one of that title: for whom, where to, from when. */
    detail: '',
    channel: 'online' as 'online' | 'window',
    levels: [] as Array<{ level: number; label: string; bad: boolean }>,
    level: 0,
    reasons: REASONS.map((r) => ({ label: r, checked: false })),
    comment: '',
    callback: false,
    requestId: '',
    saving: false,
    done: null as RatingResponses['submit']['rating'] | null,
  },
  methods: {
    async onLoad(query: Record<string, string | undefined>) {
      // A window code opens the page with its visit as `scene`.
      const visitId = query.scene ? decodeURIComponent(query.scene) : query.visitId;
      if (visitId) return this.openVisit(visitId);
      if (query.kind && query.id)
        return this.open(
          { kind: query.kind as Ref['kind'], id: query.id },
          decodeURIComponent(query.title ?? ''),
          'online',
        );
      return this.loadPending();
    },

    async loadPending() {
      this.setData({ loading: true, failure: null });
      const res = await callCloud('rating', { action: 'pending' }, { loading: false });
      if (!res.ok) return this.setData({ loading: false, failure: res });
      this.setData({ loading: false, pending: res.data.items.map(pendingRow) });
    },

    async openVisit(visitId: string) {
      this.setData({ loading: true, failure: null });
      const res = await callCloud('rating', { action: 'visit', visitId }, { loading: false });
      if (!res.ok) return this.setData({ loading: false, failure: res });
      if (!res.data.usable)
        return this.setData({
          loading: false,
          failure: { ok: false, code: 'CODE_USED', message: `${res.data.reason}请窗口工作人员重新出示评价码。` },
        });
      this.open(
        { kind: 'visit', id: visitId },
        `${res.data.cityName} · ${res.data.serviceName}（${res.data.window}）`,
        'window',
      );
    },

    open(ref: Ref, title: string, channel: 'online' | 'window', detail = '') {
      this.setData({
        loading: false,
        ref,
        title,
        detail,
        channel,
        levels: LABELS[channel].map((label, i) => ({ level: i + 1, label, bad: i >= 3 })),
        requestId: newRequestId('rating'),
      });
    },

    choosePending(e: WechatMiniprogram.BaseEvent) {
      const item = this.data.pending[Number(e.currentTarget.dataset.index)];
      this.open(item.serviceRef, item.title, 'online', item.description);
    },

    chooseLevel(e: WechatMiniprogram.BaseEvent) {
      this.setData({ level: Number(e.currentTarget.dataset.level) });
    },

    toggleReason(e: WechatMiniprogram.BaseEvent) {
      const i = Number(e.currentTarget.dataset.index);
      this.setData({ [`reasons[${i}].checked`]: !this.data.reasons[i].checked });
    },

    onComment(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ comment: e.detail.value });
    },

    toggleCallback() {
      this.setData({ callback: !this.data.callback });
    },

    async submit() {
      const { ref, level, channel, reasons, comment, callback, requestId } = this.data;
      if (!ref || !level || this.data.saving) return;
      const chosen = reasons.filter((r) => r.checked).map((r) => r.label);
      if (level >= 4 && !chosen.length && !comment.trim()) {
        wx.showModal({
          title: '请告诉我们哪里没做好',
          content: '差评请至少点选一个原因，或写几句留言，以便核实整改。',
          showCancel: false,
          confirmText: '好的',
        });
        return;
      }
      this.setData({ saving: true });
      const res = await callCloud(
        'rating',
        {
          action: 'submit',
          serviceRef: ref,
          channel,
          level,
          ...(chosen.length ? { reasons: chosen as never } : {}),
          ...(comment.trim() ? { comment: comment.trim() } : {}),
          callback: level >= 4 && callback,
          requestId,
        },
        { loading: '正在提交' },
      );
      this.setData({ saving: false });
      if (!res.ok) return explainFailure(res, '没有提交');
      this.setData({ done: res.data.rating });
    },

    goMine() {
      wx.redirectTo({ url: '/pages/rating-mine/index' });
    },
  },
});

import type { RatingResponses } from '../../../cloudfunctions/core/contracts';
import { elderlyBehavior } from '../../behaviors/elderly';
import { type CloudFailure, callCloud, explainFailure } from '../../services/callCloud';
import { newRequestId } from '../../utils/requestId';

type Scale = RatingResponses['pending']['scale'];
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
    /** Whether the chosen level is a 差评 on this scale (then a reason is asked). */
    bad: false,
    reasons: [] as Array<{ label: string; checked: boolean }>,
    /** The online scale, from the server with the list of what can be rated. */
    onlineScale: null as Scale | null,
    comment: '',
    /** Why the comment could not be published (WeChat's content check, in the server's words), shown under it. */
    commentError: '',
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
      await this.loadPending();
      if (query.kind && query.id && this.data.onlineScale) {
        this.open(
          { kind: query.kind as Ref['kind'], id: query.id },
          decodeURIComponent(query.title ?? ''),
          this.data.onlineScale,
        );
      }
    },

    async loadPending() {
      this.setData({ loading: true, failure: null });
      const res = await callCloud('rating', { action: 'pending' }, { loading: false });
      if (!res.ok) return this.setData({ loading: false, failure: res });
      this.setData({ loading: false, pending: res.data.items.map(pendingRow), onlineScale: res.data.scale });
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
        res.data.scale,
      );
    },

    /** Rating one service on its channel's scale, as the server sent it (labels, which are 差评, reasons). */
    open(ref: Ref, title: string, scale: Scale, detail = '') {
      this.setData({
        loading: false,
        ref,
        title,
        detail,
        channel: scale.channel,
        levels: scale.levels,
        reasons: scale.reasons.map((label) => ({ label, checked: false })),
        requestId: newRequestId('rating'),
      });
    },

    choosePending(e: WechatMiniprogram.BaseEvent) {
      const item = this.data.pending[Number(e.currentTarget.dataset.index)];
      if (this.data.onlineScale) this.open(item.serviceRef, item.title, this.data.onlineScale, item.description);
    },

    chooseLevel(e: WechatMiniprogram.BaseEvent) {
      const level = Number(e.currentTarget.dataset.level);
      this.setData({ level, bad: this.data.levels.some((l) => l.level === level && l.bad) });
    },

    toggleReason(e: WechatMiniprogram.BaseEvent) {
      const i = Number(e.currentTarget.dataset.index);
      this.setData({ [`reasons[${i}].checked`]: !this.data.reasons[i].checked });
    },

    onComment(e: WechatMiniprogram.TextareaInput) {
      this.setData({ comment: e.detail.value, commentError: '' });
    },

    toggleCallback() {
      this.setData({ callback: !this.data.callback });
    },

    async submit() {
      const { ref, level, bad, channel, reasons, comment, callback, requestId } = this.data;
      if (!ref || !level || this.data.saving) return;
      const chosen = reasons.filter((r) => r.checked).map((r) => r.label);
      if (bad && !chosen.length && !comment.trim()) {
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
          callback: bad && callback,
          requestId,
        },
        { loading: '正在提交' },
      );
      this.setData({ saving: false, commentError: res.ok ? '' : (res.fieldErrors?.comment?.[0] ?? '') });
      if (!res.ok) return explainFailure(res, '没有提交');
      this.setData({ done: res.data.rating });
    },

    goMine() {
      wx.redirectTo({ url: '/pages/rating-mine/index' });
    },
  },
});

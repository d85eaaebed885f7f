import type { FacilityResponses } from '../../../cloudfunctions/core/contracts';
import { elderlyBehavior } from '../../behaviors/elderly';
import { type CloudFailure, type NextStep, callCloud, nextStepOf } from '../../services/callCloud';
import { forWhom } from '../../utils/forWhom';
import { previewFacility } from '../../services/facilityPreview';
import { type ReasonLine, reasonLines } from '../../utils/refusalReasons';

type Detail = FacilityResponses['detail'];
type Preview = FacilityResponses['preview'];

Component({
  behaviors: [elderlyBehavior],
  data: {
    loading: true,
    failure: null as CloudFailure | null,
    code: '',
    memberId: '',
    detail: null as Detail | null,
    /** Why this person can't act here (no profile, another city…): shown instead of the action. */
    personNote: '',
    /** The way on from that, when the person can lift it (我的, 家庭成员). */
    personNext: null as NextStep | null,
    op: 'select' as 'select' | 'change',
    slot: 1,
    replaceOptions: [] as Array<{ value: number; label: string }>,
    preview: null as Preview | null,
    /** A refusal's reasons, each on its own line with its own next step. */
    reasons: [] as ReasonLine[],
    /** Some reason's next step is on 我的定点 (withdraw a pending change, see what is chosen). */
    toMine: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ code: query.code ?? '', memberId: query.memberId ?? '' });
      return this.load();
    },

    async load() {
      this.setData({ loading: true, failure: null });
      const memberId = this.data.memberId || undefined;
      const [detail, mine] = await Promise.all([
        callCloud('facility', { action: 'detail', code: this.data.code }, { loading: false }),
        callCloud('facility', { action: 'mine', ...forWhom(memberId) }, { loading: false }),
      ]);
      if (!detail.ok) return this.setData({ loading: false, failure: detail });
      this.setData({ detail: detail.data });
      const inst = detail.data.institution;
      // A type that can never be chosen (or needs no choosing) has no one's preview to show.
      if (!inst.selectable) return this.setData({ loading: false });
      if (!mine.ok) return this.setData({ loading: false, personNote: mine.message, personNext: nextStepOf(mine) });
      const general = mine.data.kinds.find((k) => k.id === 'general');
      const slots = general?.slots ?? [];
      const free = slots.find((s) => !s.current && !s.pending);
      const replaceOptions = slots.map((s) => ({
        value: s.slot,
        label: `替换：${(s.pending ?? s.current)?.name ?? '（空）'}`,
      }));
      this.setData({ op: free ? 'select' : 'change', slot: free ? free.slot : 1, replaceOptions });
      await this.loadPreview();
      this.setData({ loading: false });
    },

    /** The server's dry run: allowed or not, from when, or why not and when next. */
    async loadPreview() {
      const res = await previewFacility(this.data);
      if (res.ok) {
        const reasons = res.data.allowed ? [] : reasonLines(res.data.reasons, res.data.nextPossibleAt);
        this.setData({
          preview: res.data,
          reasons,
          toMine: reasons.some((r) => r.action === 'mine'),
          personNote: '',
          personNext: null,
        });
      } else
        this.setData({
          preview: null,
          reasons: [],
          toMine: false,
          personNote: res.message,
          personNext: nextStepOf(res),
        });
    },

    onSlotChange(e: WechatMiniprogram.CustomEvent<{ value: number }>) {
      this.setData({ slot: Number(e.detail.value) });
      return this.loadPreview();
    },

    goConfirm() {
      const { code, op, slot, memberId } = this.data;
      wx.navigateTo({
        url: `/pages/facility-confirm/index?code=${code}&op=${op}&slot=${slot}${memberId ? `&memberId=${memberId}` : ''}`,
      });
    },

    goNext() {
      if (this.data.personNext) wx.navigateTo({ url: this.data.personNext.url });
    },

    goMine() {
      const memberId = this.data.memberId;
      wx.navigateTo({ url: `/pages/facility-mine/index${memberId ? `?memberId=${memberId}` : ''}` });
    },

    goBack() {
      wx.navigateBack({ delta: 1 });
    },
  },
});

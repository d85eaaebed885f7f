import type { DeclarationView, FacilityResponses } from '../../../cloudfunctions/core/contracts';
import { elderlyBehavior } from '../../behaviors/elderly';
import { type CloudFailure, type NextStep, callCloud, nextStepOf } from '../../services/callCloud';
import { forWhom } from '../../utils/forWhom';
import { previewFacility } from '../../services/facilityPreview';
import { beijingDateTime } from '../../utils/format';
import { newRequestId } from '../../utils/requestId';
import { type ReasonLine, reasonLines } from '../../utils/refusalReasons';
import { statusText } from '../../utils/declarationStatus';

type Preview = FacilityResponses['preview'];

/** Confirm (what changes, from when) → submit once → result: accepted, refused with reasons, or retry. */
Component({
  behaviors: [elderlyBehavior],
  data: {
    loading: true,
    failure: null as CloudFailure | null,
    code: '',
    op: 'select' as 'select' | 'change',
    slot: 1,
    memberId: '',
    preview: null as Preview | null,
    effectiveText: '',
    requestId: '',
    submitting: false,
    result: null as DeclarationView | null,
    resultText: '',
    /** The result's status in plain words. */
    resultStatus: '',
    refusal: null as CloudFailure | null,
    /** Why not (the preview's, or a refused submit's): each reason on its own line with its own next step. */
    reasons: [] as ReasonLine[],
    /** Some reason's next step is on 我的定点. */
    toMine: false,
    /** The way on from a refusal the person can lift (我的, 家庭成员). */
    refusalStep: null as NextStep | null,
    networkFailed: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({
        code: query.code ?? '',
        op: query.op === 'change' ? 'change' : 'select',
        slot: Number(query.slot ?? 1),
        memberId: query.memberId ?? '',
        requestId: newRequestId('facility'),
      });
      return this.load();
    },

    async load() {
      this.setData({ loading: true, failure: null });
      const res = await previewFacility(this.data);
      if (!res.ok) return this.setData({ loading: false, failure: res });
      const p = res.data;
      this.setData({
        loading: false,
        preview: p,
        effectiveText: p.effectiveFrom ? beijingDateTime(p.effectiveFrom) : '',
      });
      if (!p.allowed) this.showReasons(p.reasons, p.nextPossibleAt);
    },

    showReasons(reasons: ReadonlyArray<{ code: string; message: string }>, nextPossibleAt: string | null | undefined) {
      const lines = reasonLines(reasons, nextPossibleAt);
      this.setData({ reasons: lines, toMine: lines.some((r) => r.action === 'mine') });
    },

    /** Asks for the one-time 变更生效提醒 subscription; a refusal only means no reminder. */
    askSubscription(templateId: string | null): Promise<boolean> {
      if (!templateId || !wx.requestSubscribeMessage) return Promise.resolve(false);
      return new Promise((resolve) => {
        wx.requestSubscribeMessage({
          tmplIds: [templateId],
          success: (r: Record<string, string>) => resolve(r[templateId] === 'accept'),
          fail: () => resolve(false),
        });
      });
    },

    async submit() {
      if (this.data.submitting || this.data.result) return;
      this.setData({ submitting: true, networkFailed: false, refusal: null });
      const subscribe = await this.askSubscription(this.data.preview?.subscribeTemplateId ?? null);
      const { code, slot, requestId, op } = this.data;
      const memberId = this.data.memberId || undefined;
      const common = { code, requestId, subscribe, ...forWhom(memberId) };
      const res =
        op === 'change'
          ? await callCloud('facility', { action: 'change', slot, ...common }, { loading: '正在提交' })
          : await callCloud('facility', { action: 'select', slot, ...common }, { loading: '正在提交' });
      this.setData({ submitting: false });
      if (res.ok) {
        const d = res.data.declaration;
        const effective = d.effectiveFrom ? beijingDateTime(d.effectiveFrom) : '';
        this.setData({
          result: d,
          resultStatus: statusText(d.status),
          resultText:
            d.status === '生效'
              ? `已生效（${effective} 起）。`
              : `已提交，${effective} 起生效；在此之前仍按原定点就医。${subscribe ? '生效时会通知您。' : ''}`,
        });
      } else if (res.code === 'NETWORK') {
        // The same requestId is sent again: if the first one got through, the server answers its result.
        this.setData({ networkFailed: true });
      } else {
        this.setData({ refusal: res, refusalStep: nextStepOf(res) });
        this.showReasons(
          res.reasons?.length ? res.reasons : [{ code: res.code, message: res.message }],
          res.nextPossibleAt,
        );
      }
    },

    goMine() {
      wx.redirectTo({
        url: `/pages/facility-mine/index${this.data.memberId ? `?memberId=${this.data.memberId}` : ''}`,
      });
    },

    goDeclarations() {
      wx.redirectTo({ url: '/pages/facility-declarations/index' });
    },

    /** 一事一评: the completed declaration, rated once. */
    goRate() {
      const d = this.data.result;
      if (!d) return;
      const title = encodeURIComponent(`定点${d.op === 'select' ? '选择' : '变更'}：${d.institution.name}`);
      wx.navigateTo({ url: `/pages/rating/index?kind=declaration&id=${d.id}&title=${title}` });
    },

    goNext() {
      if (this.data.refusalStep) wx.navigateTo({ url: this.data.refusalStep.url });
    },

    goBack() {
      wx.navigateBack({ delta: 1 });
    },
  },
});

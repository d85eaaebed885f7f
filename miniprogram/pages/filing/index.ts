import type { FilingResponses } from '../../../cloudfunctions/core/contracts';
import { elderlyBehavior } from '../../behaviors/elderly';
import { type CloudFailure, callCloud, nextStepOf } from '../../services/callCloud';

type Reason = 'retiredSettled' | 'longTermResidence' | 'postedForWork' | 'referral' | 'emergency' | 'otherTemporary';
const REASONS: Array<{ value: Reason; label: string; hint: string }> = [
  { value: 'retiredSettled', label: '退休后到外地定居', hint: '长期' },
  { value: 'longTermResidence', label: '到外地长期居住', hint: '长期' },
  { value: 'postedForWork', label: '单位派我到外地工作', hint: '长期' },
  { value: 'referral', label: '医院让我转到外地治疗', hint: '临时' },
  { value: 'emergency', label: '在外地急诊住院', hint: '临时' },
  { value: 'otherTemporary', label: '其他临时外出就医', hint: '临时' },
];

/** The questionnaire, one question a screen: why → where (province, then city) → the type and why it fits. */
Component({
  behaviors: [elderlyBehavior],
  data: {
    step: 'reason' as 'reason' | 'province' | 'city' | 'answer',
    reasons: REASONS,
    memberId: '',
    /** Whom the filing is for: the caller, or a family member who authorized them (any insured city). */
    forWhom: '本人',
    whoItems: [] as Array<{ label: string; value: string }>,
    whoSheet: false,
    reason: '' as Reason | '',
    reasonLabel: '',
    provinces: [] as Array<{ code: string; name: string }>,
    cities: [] as Array<{ code: string; name: string }>,
    province: null as { code: string; name: string } | null,
    city: null as { code: string; name: string } | null,
    loading: false,
    failure: null as CloudFailure | null,
    answer: null as FilingResponses['recommend'] | null,
  },
  methods: {
    async onLoad(query: Record<string, string | undefined>) {
      this.setData({ memberId: query.memberId ?? '' });
      const members = await callCloud('user', { action: 'members' }, { loading: false });
      const authorized = members.ok ? members.data.members.filter((m) => m.authorizedBy) : [];
      const whoItems = [
        { label: '本人', value: '' },
        ...authorized.map((m) => ({ label: `${m.relationship} ${m.name}（${m.cityName}）`, value: m.id })),
      ];
      this.setData({ whoItems, forWhom: whoItems.find((w) => w.value === this.data.memberId)?.label ?? '本人' });
    },

    /** Back from 我的 or 家庭成员 after a refusal only the person could lift: asked again, no 重试 needed. */
    onShow() {
      const { failure, step, loading } = this.data;
      if (failure && nextStepOf(failure) && step === 'answer' && !loading) return this.ask();
      return Promise.resolve();
    },

    openWho() {
      this.setData({ whoSheet: true });
    },

    closeWho() {
      this.setData({ whoSheet: false });
    },

    onWhoSelected(e: WechatMiniprogram.CustomEvent<{ selected: { label: string; value: string } }>) {
      const { label, value } = e.detail.selected;
      this.setData({ whoSheet: false, memberId: value, forWhom: label });
    },

    chooseReason(e: WechatMiniprogram.BaseEvent) {
      const reason = e.currentTarget.dataset.value as Reason;
      this.setData({ reason, reasonLabel: REASONS.find((r) => r.value === reason)!.label });
      return this.loadProvinces();
    },

    async loadProvinces() {
      this.setData({ loading: true, failure: null, step: 'province' });
      const res = await callCloud('filing', { action: 'provinces' }, { loading: false });
      if (!res.ok) return this.setData({ loading: false, failure: res });
      this.setData({ loading: false, provinces: res.data.provinces });
    },

    async chooseProvince(e: WechatMiniprogram.BaseEvent) {
      const province = this.data.provinces.find((p) => p.code === e.currentTarget.dataset.code)!;
      this.setData({ province, loading: true, failure: null, step: 'city' });
      const res = await callCloud('filing', { action: 'cities', provinceCode: province.code }, { loading: false });
      if (!res.ok) return this.setData({ loading: false, failure: res });
      this.setData({ loading: false, cities: res.data.cities });
    },

    async chooseCity(e: WechatMiniprogram.BaseEvent) {
      const city = this.data.cities.find((c) => c.code === e.currentTarget.dataset.code)!;
      this.setData({ city });
      return this.ask();
    },

    async ask() {
      const { reason, province, city, memberId } = this.data;
      if (!reason || !province || !city) return;
      this.setData({ loading: true, failure: null, step: 'answer' });
      const res = await callCloud(
        'filing',
        {
          action: 'recommend',
          reason,
          destination: { provinceCode: province.code, cityCode: city.code },
          ...(memberId ? { forMemberId: memberId } : {}),
        },
        { loading: false },
      );
      if (!res.ok) return this.setData({ loading: false, failure: res });
      this.setData({ loading: false, answer: res.data });
    },

    back() {
      const prev = { province: 'reason', city: 'province', answer: 'city', reason: 'reason' } as const;
      this.setData({ step: prev[this.data.step], failure: null });
    },

    query(): string {
      const { answer, province, city, memberId } = this.data;
      return `typeCode=${answer!.type!.typeCode}&provinceCode=${province!.code}&cityCode=${city!.code}${memberId ? `&memberId=${memberId}` : ''}`;
    },

    goType() {
      wx.navigateTo({ url: `/pages/filing-type/index?${this.query()}` });
    },

    goForm() {
      wx.navigateTo({ url: `/pages/filing-form/index?${this.query()}` });
    },

    goMine() {
      wx.navigateTo({ url: '/pages/filing-mine/index' });
    },

    goBatch() {
      wx.navigateTo({ url: '/pages/filing-batch/index' });
    },
  },
});

import type { FilingResponses, FilingTypeView, FilingView } from '../../../cloudfunctions/core/contracts';
import { elderlyBehavior } from '../../behaviors/elderly';
import { type CloudFailure, callCloud, explainFailure } from '../../services/callCloud';
import { forWhom } from '../../utils/forWhom';
import { beijingToday } from '../../utils/format';
import { contactPhoneProblem } from '../../shared/personal';
import { newRequestId } from '../../utils/requestId';

type Preview = FilingResponses['preview'];
type Sites = FilingResponses['sites'];
type Place = { code: string; name: string };

/** Form → confirm (what will be filed, validity in words) → submit once → the certificate. */
Component({
  behaviors: [elderlyBehavior],
  data: {
    loading: true,
    failure: null as CloudFailure | null,
    q: {} as Record<string, string>,
    cityCode: '',
    type: null as FilingTypeView | null,
    destinationName: '',
    startDate: '',
    address: '',
    phone: '',
    editPhone: false,
    phoneError: '',
    phoneBlocked: false,
    preview: null as Preview | null,
    /** The reasons shown under "现在还不能提交": what is only not filled in yet waits until the person tries. */
    shownReasons: [] as Preview['reasons'],
    /** The person has tried to submit (or asked to check again): then everything missing is said. */
    tried: false,
    /** 预计何时回来: checked against the validity (a warning, never a refusal). */
    plannedReturn: '',
    /** The destination's connected institutions for the type's care: the count, and the search's answer. */
    sites: null as Sites | null,
    siteKeyword: '',
    found: null as Sites | null,
    /** The hospital the person means to go to, checked for the care the type covers. */
    hospital: null as { code: string; name: string } | null,
    /** The request overlaps a filing in the caller's own 我的备案: the way there. */
    overlapMine: false,
    /** 变更: the filing being changed (its answers fill the form; what is left alone carries over). */
    changing: null as FilingView | null,
    /** 变更 of the 就医地: choosing the province, then the city, in place of the form. */
    choosing: '' as '' | 'province' | 'city',
    provinces: [] as Place[],
    cities: [] as Place[],
    choosingProvince: null as Place | null,
    /** 变更: the carried address is replaced only when the person chooses to type another. */
    editAddress: false,
    checking: false,
    submitting: false,
    requestId: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({
        q: query as Record<string, string>,
        startDate: query.startDate ?? beijingToday(),
        requestId: newRequestId('filing'),
      });
      return this.load();
    },

    /** 变更: the filing as it is, filling the form (type, 就医地, dates, for whom). */
    async loadChanging(): Promise<boolean> {
      const res = await callCloud('filing', { action: 'detail', filingId: this.data.q.changeOf }, { loading: false });
      if (!res.ok) {
        this.setData({ loading: false, failure: res });
        return false;
      }
      const f = res.data.filing;
      this.setData({
        changing: f,
        q: {
          ...this.data.q,
          typeCode: f.typeCode,
          provinceCode: f.destination.provinceCode,
          cityCode: f.destination.cityCode,
          ...(f.memberId ? { memberId: f.memberId } : {}),
        },
        startDate: f.validFrom,
        plannedReturn: f.plannedReturn ?? '',
      });
      return true;
    },

    async load() {
      this.setData({ loading: true, failure: null });
      if (this.data.q.changeOf && !this.data.changing && !(await this.loadChanging())) return;
      const { memberId, provinceCode, cityCode, typeCode } = this.data.q;
      const subject = await callCloud('user', { action: 'subject', ...forWhom(memberId) }, { loading: false });
      if (!subject.ok) return this.setData({ loading: false, failure: subject });
      const home = subject.data.person.cityCode;
      const [types, cities] = await Promise.all([
        callCloud('filing', { action: 'types', cityCode: home }, { loading: false }),
        callCloud('filing', { action: 'cities', provinceCode }, { loading: false }),
      ]);
      if (!types.ok) return this.setData({ loading: false, failure: types });
      if (!cities.ok) return this.setData({ loading: false, failure: cities });
      this.setData({
        loading: false,
        cityCode: home,
        type: types.data.types.find((t) => t.typeCode === typeCode) ?? null,
        destinationName: cities.data.cities.find((c) => c.code === cityCode)?.name ?? '',
      });
      await Promise.all([this.check(), this.loadSites()]);
    },

    /** How many institutions of the destination settle directly what this type covers. */
    async loadSites() {
      const { q, cityCode } = this.data;
      const res = await callCloud(
        'filing',
        {
          action: 'sites',
          destination: { provinceCode: q.provinceCode, cityCode: q.cityCode },
          cityCode,
          typeCode: q.typeCode,
          limit: 1,
        },
        { loading: false },
      );
      if (res.ok) this.setData({ sites: res.data });
    },

    onSiteKeyword(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ siteKeyword: e.detail.value });
    },

    /** Finds a hospital by name, 拼音 or code among the destination's connected ones (any care: a warning says the rest). */
    async searchSites() {
      const { q, siteKeyword } = this.data;
      if (!siteKeyword.trim()) return this.setData({ found: null });
      const res = await callCloud(
        'filing',
        {
          action: 'sites',
          destination: { provinceCode: q.provinceCode, cityCode: q.cityCode },
          keyword: siteKeyword.trim(),
          limit: 10,
        },
        { loading: false },
      );
      if (res.ok) this.setData({ found: res.data });
      else explainFailure(res, '没有查到');
    },

    chooseSite(e: WechatMiniprogram.TouchEvent) {
      const { code, name } = e.currentTarget.dataset as { code: string; name: string };
      this.setData({ hospital: { code, name }, found: null, siteKeyword: '' });
      return this.check();
    },

    clearSite() {
      this.setData({ hospital: null });
      return this.check();
    },

    /** 变更: 就医地 chosen anew, province then city, as in the questionnaire. */
    async chooseDestination() {
      this.setData({ choosing: 'province' });
      if (this.data.provinces.length) return;
      const res = await callCloud('filing', { action: 'provinces' }, { loading: false });
      if (!res.ok) return explainFailure(res, '没有加载出省份');
      this.setData({ provinces: res.data.provinces });
    },

    async chooseProvince(e: WechatMiniprogram.BaseEvent) {
      const province = this.data.provinces.find((p) => p.code === e.currentTarget.dataset.code);
      if (!province) return;
      const res = await callCloud('filing', { action: 'cities', provinceCode: province.code }, { loading: false });
      if (!res.ok) return explainFailure(res, '没有加载出城市');
      this.setData({ choosingProvince: province, cities: res.data.cities, choosing: 'city' });
    },

    /** The new 就医地: checked again, with its own connected hospitals (a hospital of the old one is dropped). */
    async chooseCity(e: WechatMiniprogram.BaseEvent) {
      const city = this.data.cities.find((c) => c.code === e.currentTarget.dataset.code);
      const province = this.data.choosingProvince;
      if (!city || !province) return;
      this.setData({
        q: { ...this.data.q, provinceCode: province.code, cityCode: city.code },
        destinationName: city.name,
        choosing: '',
        hospital: null,
        found: null,
        siteKeyword: '',
        sites: null,
      });
      await Promise.all([this.check(), this.loadSites()]);
    },

    backFromChoosing() {
      this.setData({ choosing: this.data.choosing === 'city' ? 'province' : '' });
    },

    changeAddress() {
      this.setData({ editAddress: true });
    },

    request() {
      const { q, cityCode, startDate, address, phone, editPhone } = this.data;
      return {
        cityCode,
        typeCode: q.typeCode,
        destination: { provinceCode: q.provinceCode, cityCode: q.cityCode },
        startDate,
        ...(address.trim() ? { address: address.trim() } : {}),
        ...(editPhone && phone.trim() ? { contactPhone: phone.replace(/\s/g, '') } : {}),
        ...(q.memberId ? { forMemberId: q.memberId } : {}),
        ...(this.data.plannedReturn ? { plannedReturn: this.data.plannedReturn } : {}),
        ...(this.data.hospital ? { hospitalCode: this.data.hospital.code } : {}),
      };
    },

    /** The server's dry run: validity, or every reason and everything missing at once. */
    async check() {
      const phoneProblem = this.phoneProblem();
      if (phoneProblem) {
        this.setData({ phoneError: phoneProblem, phoneBlocked: true });
        return;
      }
      this.setData({ checking: true, phoneBlocked: false });
      const changeOf = this.data.q.changeOf;
      const res = await callCloud(
        'filing',
        { action: 'preview', ...this.request(), ...(changeOf ? { changeOf } : {}) },
        { loading: false },
      );
      this.setData({ checking: false });
      if (!res.ok) {
        if (res.fieldErrors) explainFailure(res, '请修改');
        else this.setData({ failure: res });
        return;
      }
      // An overlap the caller filed is changed in 我的备案; one filed by someone else says who can change it.
      const overlapMine = res.data.reasons.some(
        (r) => r.code === 'OVERLAPPING_FILING' && r.message.includes('在“我的备案”中撤销'),
      );
      this.setData({ preview: res.data, overlapMine, shownReasons: this.reasonsToShow(res.data) });
    },

    /** Every reason once the person has tried; before that, those about what they did, not what is still empty. */
    reasonsToShow(preview: Preview | null): Preview['reasons'] {
      if (!preview || preview.allowed) return [];
      return this.data.tried ? preview.reasons : preview.reasons.filter((r) => r.code !== 'MATERIALS_MISSING');
    },

    /** 我已修改，再核对一次. */
    recheck() {
      this.setData({ tried: true });
      return this.check();
    },

    goMine() {
      const memberId = this.data.q.memberId;
      wx.navigateTo({ url: `/pages/filing-mine/index${memberId ? `?memberId=${memberId}` : ''}` });
    },

    onDate(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ startDate: e.detail.value });
      return this.check();
    },

    onReturn(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ plannedReturn: e.detail.value });
      return this.check();
    },

    onAddress(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ address: e.detail.value });
    },

    /** What is wrong with the typed contact number, if anything (an empty field keeps the profile's). */
    phoneProblem(): string | null {
      return this.data.editPhone && this.data.phone.trim() ? contactPhoneProblem(this.data.phone) : null;
    },

    /**
     * The error shows when the person leaves the field (not while typing), but submitting waits for a number
     * that can be right: a valid one is checked by the server at once, so the button comes back without a tap.
     */
    onPhone(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ phone: e.detail.value, phoneError: '' });
      const blocked = this.phoneProblem() !== null;
      this.setData({ phoneBlocked: blocked });
      return blocked ? undefined : this.check();
    },

    changePhone() {
      this.setData({ editPhone: true });
    },

    async submit() {
      if (!this.data.tried) {
        this.setData({ tried: true });
        this.setData({ shownReasons: this.reasonsToShow(this.data.preview) });
      }
      if (this.data.submitting || this.data.phoneBlocked || !this.data.preview?.allowed) return;
      this.setData({ submitting: true });
      const changeOf = this.data.q.changeOf;
      const request = this.request();
      const res = changeOf
        ? // A change is a new filing linked to the old one; the old one ends when it is accepted.
          await callCloud(
            'filing',
            {
              action: 'change',
              filingId: changeOf,
              ...(request.forMemberId ? { forMemberId: request.forMemberId } : {}),
              destination: request.destination,
              startDate: request.startDate,
              // Left alone, the address, phone and planned return carry over from the filing it replaces.
              ...(request.address ? { address: request.address } : {}),
              ...(request.contactPhone ? { contactPhone: request.contactPhone } : {}),
              ...(request.plannedReturn ? { plannedReturn: request.plannedReturn } : {}),
              requestId: this.data.requestId,
            },
            { loading: '正在提交' },
          )
        : await callCloud(
            'filing',
            { action: 'submit', ...request, requestId: this.data.requestId },
            { loading: '正在提交' },
          );
      this.setData({ submitting: false });
      if (res.ok) {
        wx.redirectTo({ url: `/pages/filing-certificate/index?filingId=${res.data.filingId}&fresh=1` });
      } else if (res.code === 'NETWORK') {
        // The same requestId again: a submit that did get through is answered, not filed twice.
        explainFailure({ ...res, message: '网络不给力，不确定是否已提交。请再点一次“提交”，不会重复备案。' }, '请重试');
      } else {
        explainFailure(res, '没有备案成功');
        await this.check();
      }
    },
  },
});

import type { QueueItem, RatingResponses, UserResponses } from '../../../cloudfunctions/core/contracts';
import { elderlyBehavior } from '../../behaviors/elderly';
import { pagedListBehavior, shownPage, startingAfter } from '../../behaviors/pagedList';
import { callCloud, explainFailure } from '../../services/callCloud';

type DeskService = RatingResponses['deskServices']['items'][number];
/** Past this many 事项 the sheet offers a search (廊坊 has 28). */
const SEARCH_FROM = 8;

/** Staff only (the server checks): the 差评 queue by due date, claim, record verification and rectification, answer. */
Component({
  behaviors: [elderlyBehavior, pagedListBehavior],
  data: {
    items: [] as QueueItem[],
    drafts: {} as Record<string, { verification: string; rectification: string; answer: string }>,
    /** The 事项 chosen from the city's 办事指南 (its code and name): never a code typed by hand. */
    codeService: '',
    codeServiceName: '',
    codeWindow: '',
    /** What is missing or wrong with the 事项 or 窗口, next to the field (not a bare 请按提示修改). */
    codeErrors: {} as Record<string, string>,
    services: [] as DeskService[],
    servicesCity: '',
    /** The sheet listing the city's 事项, searchable by name or code when the list is long. */
    servicesOpen: false,
    servicesSearchable: false,
    serviceQuery: '',
    shownServices: [] as DeskService[],
    code: null as { src: string; expiresAt: string } | null,
    checkCode: '',
    claims: [] as UserResponses['guardianClaims']['claims'],
    claimReasons: {} as Record<string, string>,
    check: null as UserResponses['windowCheck'] | null,
  },
  methods: {
    onLoad() {
      return Promise.all([this.load(), this.loadClaims(), this.loadServices()]);
    },

    /** The 事项 of the staff member's city, to choose the one a window code is for. */
    async loadServices() {
      const res = await callCloud('rating', { action: 'deskServices' }, { loading: false });
      if (res.ok)
        this.setData({
          services: res.data.items,
          servicesCity: res.data.cityName,
          servicesSearchable: res.data.items.length > SEARCH_FROM,
        });
    },

    openServices() {
      this.setData({ servicesOpen: true, serviceQuery: '', shownServices: this.data.services });
    },

    closeServices() {
      this.setData({ servicesOpen: false });
    },

    onServicesVisible(e: WechatMiniprogram.CustomEvent<{ visible: boolean }>) {
      if (!e.detail.visible) this.closeServices();
    },

    onServiceQuery(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const query = e.detail.value.replace(/\s+/g, '').toLowerCase();
      this.setData({
        serviceQuery: e.detail.value,
        shownServices: this.data.services.filter(
          (s) => !query || s.name.includes(query) || s.code.toLowerCase().includes(query),
        ),
      });
    },

    chooseService(e: WechatMiniprogram.BaseEvent) {
      const chosen = this.data.services.find((s) => s.code === e.currentTarget.dataset.code);
      if (!chosen) return;
      const { codeService: _gone, ...rest } = this.data.codeErrors;
      this.setData({
        codeService: chosen.code,
        codeServiceName: chosen.name,
        servicesOpen: false,
        servicesSearchable: false,
        codeErrors: rest,
      });
    },

    /** Guardians' declarations waiting for review in this city (staff only; anyone else sees none). */
    async loadClaims() {
      const res = await callCloud('user', { action: 'guardianClaims' }, { loading: false });
      this.setData({ claims: res.ok ? res.data.claims : [] });
    },

    onClaimReason(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({
        [`claimReasons.${String(e.currentTarget.dataset.id).replace(/[^A-Za-z0-9]/g, '_')}`]: e.detail.value,
      });
    },

    async reviewClaim(e: WechatMiniprogram.BaseEvent) {
      const memberId = String(e.currentTarget.dataset.id);
      const approve = e.currentTarget.dataset.approve === true;
      const reason = (this.data.claimReasons[memberId.replace(/[^A-Za-z0-9]/g, '_')] ?? '').trim();
      if (!approve && !reason) return wx.showToast({ title: '请填写不通过的原因', icon: 'none' });
      const res = await callCloud(
        'user',
        { action: 'reviewGuardianClaim', memberId, approve, ...(approve ? {} : { reason }) },
        { loading: '正在保存' },
      );
      if (!res.ok) return explainFailure(res);
      wx.showToast({ title: approve ? '已通过' : '已退回', icon: 'success' });
      return this.loadClaims();
    },

    async fetchPage(after?: string) {
      const res = await callCloud('rating', { action: 'queue', ...startingAfter(after) }, { loading: false });
      return shownPage(res, (d) => d.items);
    },

    replace(item: QueueItem) {
      this.setData({ items: this.data.items.map((i) => (i.id === item.id ? item : i)) });
    },

    onCheckCode(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ checkCode: e.detail.value, check: null });
    },

    scanCheck() {
      wx.scanCode({
        onlyFromCamera: true,
        success: (r) => {
          this.setData({ checkCode: r.result, check: null });
          void this.lookupCheck();
        },
      });
    },

    /** 窗口核验: what the person typed (name, ID type, masked number), to compare with the document they show. */
    async lookupCheck() {
      const res = await callCloud(
        'user',
        { action: 'windowCheck', code: this.data.checkCode },
        { loading: '正在查询' },
      );
      if (!res.ok) return explainFailure(res);
      this.setData({ check: res.data });
    },

    async confirmCheck() {
      if (!this.data.codeWindow.trim()) return wx.showToast({ title: '请填写窗口', icon: 'none' });
      const res = await callCloud(
        'user',
        { action: 'confirmWindowCheck', code: this.data.checkCode, window: this.data.codeWindow.trim() },
        { loading: '正在确认' },
      );
      if (!res.ok) return explainFailure(res);
      this.setData({ check: null, checkCode: '' });
      wx.showToast({ title: '核验通过', icon: 'success' });
    },

    draft(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const { id, field } = e.currentTarget.dataset as { id: string; field: string };
      this.setData({ [`drafts.${id.replace(/[^A-Za-z0-9]/g, '_')}.${field}`]: e.detail.value });
    },

    draftOf(id: string) {
      return this.data.drafts[id.replace(/[^A-Za-z0-9]/g, '_')] ?? { verification: '', rectification: '', answer: '' };
    },

    async claim(e: WechatMiniprogram.BaseEvent) {
      const res = await callCloud(
        'rating',
        { action: 'claim', ratingId: String(e.currentTarget.dataset.id) },
        { loading: '正在认领' },
      );
      if (!res.ok) return explainFailure(res);
      this.replace(res.data.item);
    },

    async resolve(e: WechatMiniprogram.BaseEvent) {
      const id = String(e.currentTarget.dataset.id);
      const d = this.draftOf(id);
      if (!d.verification?.trim() || !d.rectification?.trim())
        return wx.showToast({ title: '请填写核实和整改情况', icon: 'none' });
      const res = await callCloud(
        'rating',
        { action: 'resolve', ratingId: id, verification: d.verification, rectification: d.rectification },
        { loading: '正在保存' },
      );
      if (!res.ok) return explainFailure(res);
      this.replace(res.data.item);
    },

    async reply(e: WechatMiniprogram.BaseEvent) {
      const id = String(e.currentTarget.dataset.id);
      const d = this.draftOf(id);
      if (!d.answer?.trim()) return wx.showToast({ title: '请填写答复', icon: 'none' });
      const res = await callCloud(
        'rating',
        { action: 'reply', ratingId: id, answer: d.answer },
        { loading: '正在答复' },
      );
      if (!res.ok) return explainFailure(res);
      this.replace(res.data.item);
    },

    onCodeField(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ [e.currentTarget.dataset.field]: e.detail.value });
    },

    /** 一次一评: a one-time code for the visit at this window, for the resident to scan. */
    async makeCode() {
      const { codeService, codeWindow } = this.data;
      const missing: Record<string, string> = {};
      if (!codeService) missing.codeService = this.servicesHint('请选择办理的事项：');
      if (!codeWindow.trim()) missing.codeWindow = '请填写窗口，如 A27 号窗口';
      this.setData({ codeErrors: missing });
      if (Object.keys(missing).length) return;
      const res = await callCloud(
        'rating',
        { action: 'visitCode', serviceCode: codeService, window: codeWindow.trim() },
        { loading: '正在生成' },
      );
      // A 事项 the city no longer lists (the list was read before a change): said with what can be chosen.
      if (!res.ok && (res.fieldErrors || res.code === 'NOT_FOUND')) {
        const unknown = res.code === 'NOT_FOUND' || !!res.fieldErrors?.serviceCode;
        if (unknown) {
          this.setData({ codeService: '', codeServiceName: '' });
          await this.loadServices();
        }
        return this.setData({
          codeErrors: {
            ...(res.fieldErrors?.window ? { codeWindow: `窗口：${res.fieldErrors.window[0]}` } : {}),
            ...(unknown
              ? {
                  codeService: this.servicesHint(
                    res.code === 'NOT_FOUND' ? res.message : `${res.fieldErrors!.serviceCode![0]}。`,
                  ),
                }
              : {}),
          },
        });
      }
      if (!res.ok) return explainFailure(res);
      this.setData({
        code: {
          src: `data:${res.data.contentType};base64,${res.data.image}`,
          expiresAt: res.data.expiresAt.slice(11, 16),
        },
      });
    },

    /** A problem with the 事项, and what is accepted instead: one of the city's 事项, from the list. */
    servicesHint(problem: string) {
      const { services, servicesCity } = this.data;
      const search = services.length > SEARCH_FROM ? '，可按名称或编码查找' : '';
      return services.length
        ? `${problem}点“办理事项”，从${servicesCity}的 ${services.length} 个事项中选择${search}。`
        : `${problem}本市的事项列表暂时读不到，请返回后重新进入工作台。`;
    },

    /** The full number only where the resident asked for a call back; the server records the read. */
    async callBack(e: WechatMiniprogram.BaseEvent) {
      const res = await callCloud(
        'rating',
        { action: 'contact', ratingId: String(e.currentTarget.dataset.id) },
        { loading: false },
      );
      if (!res.ok) return explainFailure(res);
      wx.makePhoneCall({ phoneNumber: res.data.phone });
    },
  },
});

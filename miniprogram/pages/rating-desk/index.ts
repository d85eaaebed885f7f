import type { QueueItem, UserResponses } from '../../../cloudfunctions/core/contracts';
import { elderlyBehavior } from '../../behaviors/elderly';
import { pagedListBehavior, shownPage, startingAfter } from '../../behaviors/pagedList';
import { callCloud, explainFailure } from '../../services/callCloud';

/** Staff only (the server checks): the 差评 queue by due date, claim, record verification and rectification, answer. */
Component({
  behaviors: [elderlyBehavior, pagedListBehavior],
  data: {
    items: [] as QueueItem[],
    drafts: {} as Record<string, { verification: string; rectification: string; answer: string }>,
    codeService: '',
    codeWindow: '',
    /** What is wrong with the 事项编码 or 窗口 typed, next to the field (not a bare 请按提示修改). */
    codeErrors: {} as Record<string, string>,
    code: null as { src: string; expiresAt: string } | null,
    checkCode: '',
    claims: [] as UserResponses['guardianClaims']['claims'],
    claimReasons: {} as Record<string, string>,
    check: null as UserResponses['windowCheck'] | null,
  },
  methods: {
    onLoad() {
      return Promise.all([this.load(), this.loadClaims()]);
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
      if (!codeService.trim()) missing.codeService = '请填写事项编码：办事指南里每个事项下的编码，如 140100-ydzz';
      if (!codeWindow.trim()) missing.codeWindow = '请填写窗口，如 A27 号窗口';
      this.setData({ codeErrors: missing });
      if (Object.keys(missing).length) return;
      const res = await callCloud(
        'rating',
        { action: 'visitCode', serviceCode: codeService.trim(), window: codeWindow.trim() },
        { loading: '正在生成' },
      );
      if (!res.ok && (res.fieldErrors || res.code === 'NOT_FOUND')) {
        const hint = '请核对办事指南里这个事项下的编码（如 140100-ydzz），只能是本市的事项';
        return this.setData({
          codeErrors: {
            ...(res.fieldErrors?.window ? { codeWindow: `窗口：${res.fieldErrors.window[0]}` } : {}),
            ...(res.code === 'NOT_FOUND' || res.fieldErrors?.serviceCode
              ? { codeService: `${res.code === 'NOT_FOUND' ? res.message : '事项编码格式不对。'}${hint}` }
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

import type { FilingResponses } from '../../../cloudfunctions/core/contracts';
import { elderlyBehavior } from '../../behaviors/elderly';
import { rememberedCity } from '../../services/city';
import { type CloudFailure, callCloud, explainFailure } from '../../services/callCloud';
import { beijingDateTime } from '../../utils/format';

const MAX_BYTES = 2 * 1024 * 1024;

/**
 * 单位批量办理: download the 花名表 template, fill it, pick it from a chat, see every bad row at once, then
 * file all rows (only when all are good) or explicitly only the good ones.
 */
Component({
  behaviors: [elderlyBehavior],
  data: {
    cityCode: '',
    busy: '',
    invite: null as { code: string; expiresText: string } | null,
    failure: null as CloudFailure | null,
    fileID: '',
    fileName: '',
    preview: null as
      (Omit<FilingResponses['batchPreview'], 'problems'> & { problems: Array<{ row: number; text: string }> }) | null,
    result: null as
      (Omit<FilingResponses['batchSubmit'], 'refused'> & { refused: Array<{ row: number; text: string }> }) | null,
    /** The 经办人 has a profile but has not agreed to the current 告知 (a new version asks again). */
    needsConsent: false,
    loaded: false,
  },
  methods: {
    async onLoad(query: Record<string, string | undefined>) {
      const me = await callCloud('user', { action: 'me' }, { loading: false });
      const cityCode = query.cityCode ?? rememberedCity() ?? (me.ok && me.data.profile ? me.data.profile.cityCode : '');
      this.setData({ cityCode, loaded: true });
      if (me.ok) this.showConsent(!!me.data.profile && !me.data.consent.upToDate);
    },

    /** Back from the consent page: agreed or not, the page says so. */
    async onShow() {
      if (!this.data.loaded) return;
      const me = await callCloud('user', { action: 'me' }, { loading: false });
      if (me.ok) this.showConsent(!!me.data.profile && !me.data.consent.upToDate);
    },

    /** Until the 经办人 agrees to the current 告知, the page says so, with the way to it (failure-state's button). */
    showConsent(needsConsent: boolean) {
      if (needsConsent) {
        this.setData({
          needsConsent,
          preview: null,
          result: null,
          failure: {
            ok: false,
            code: 'CONSENT_REQUIRED',
            message: '《个人信息收集与使用告知》已更新。批量办理前，请先阅读并同意新的版本。',
          },
        });
      } else if (this.data.needsConsent) this.setData({ needsConsent, failure: null });
    },

    async downloadTemplate() {
      const res = await callCloud(
        'filing',
        { action: 'batchTemplate', cityCode: this.data.cityCode },
        { loading: '正在生成模板' },
      );
      if (!res.ok) return explainFailure(res);
      const filePath = `${wx.env.USER_DATA_PATH}/${res.data.fileName}`;
      wx.getFileSystemManager().writeFile({
        filePath,
        data: res.data.base64,
        encoding: 'base64',
        success: () => wx.openDocument({ filePath, fileType: 'xlsx', showMenu: true }),
        fail: () => wx.showToast({ title: '模板保存失败，请重试', icon: 'none' }),
      });
    },

    chooseFile() {
      if (this.data.needsConsent) return;
      wx.chooseMessageFile({
        count: 1,
        type: 'file',
        extension: ['xlsx'],
        success: (r) => {
          const file = r.tempFiles[0];
          if (file.size > MAX_BYTES) {
            wx.showModal({
              title: '文件太大',
              content: '花名表不能超过 2 MB。请删去多余的工作表或图片，或分成几个文件上传。',
              showCancel: false,
              confirmText: '知道了',
            });
            return;
          }
          this.upload(file.path, file.name);
        },
      });
    },

    async upload(filePath: string, fileName: string) {
      this.setData({ busy: '正在上传并检查每一行…', failure: null, preview: null, result: null, fileName });
      // The function registers the upload with this account first: only its own batch can read or delete it.
      const place = await callCloud(
        'filing',
        { action: 'batchUpload', cityCode: this.data.cityCode },
        { loading: false },
      );
      if (!place.ok) return this.setData({ busy: '', failure: place });
      try {
        const up = await wx.cloud.uploadFile({ cloudPath: place.data.cloudPath, filePath });
        this.setData({ fileID: up.fileID });
      } catch {
        this.setData({
          busy: '',
          failure: { ok: false, code: 'NETWORK', message: '上传没有成功，请检查网络后重新选择文件。' },
        });
        return;
      }
      const res = await callCloud(
        'filing',
        { action: 'batchPreview', cityCode: this.data.cityCode, fileID: this.data.fileID },
        { loading: false },
      );
      this.setData({ busy: '' });
      if (!res.ok) return this.setData({ failure: res });
      this.setData({
        preview: { ...res.data, problems: res.data.problems.map((p) => ({ ...p, text: p.problems.join('；') })) },
      });
    },

    async submit(e: WechatMiniprogram.BaseEvent) {
      const onlyGoodRows = e.currentTarget.dataset.only === true || e.currentTarget.dataset.only === 'true';
      this.setData({ busy: '正在办理…' });
      const res = await callCloud(
        'filing',
        { action: 'batchSubmit', cityCode: this.data.cityCode, fileID: this.data.fileID, onlyGoodRows },
        { loading: false },
      );
      this.setData({ busy: '' });
      if (!res.ok) return explainFailure(res, '没有办理');
      this.setData({
        result: { ...res.data, refused: res.data.refused.map((p) => ({ ...p, text: p.problems.join('；') })) },
      });
    },

    /** A code the unit's employees accept in their own WeChat, which lets the unit file for them. */
    async inviteStaff() {
      const res = await callCloud(
        'filing',
        { action: 'unitInvite', cityCode: this.data.cityCode },
        { loading: '正在生成' },
      );
      if (!res.ok) return explainFailure(res, '没有生成邀请码');
      this.setData({ invite: { code: res.data.code, expiresText: beijingDateTime(res.data.expiresAt) } });
    },

    goMine() {
      wx.navigateTo({ url: '/pages/filing-mine/index' });
    },
  },
});

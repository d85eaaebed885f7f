import type { FilingView } from '../../../cloudfunctions/core/contracts';
import { elderlyBehavior } from '../../behaviors/elderly';
import { type CloudFailure, callCloud } from '../../services/callCloud';
import { type Ctx2d, drawQr, paintQrOn } from '../../utils/qr';

/** The 备案凭证 a person shows at a hospital: the filing, a QR code of its number, and a picture to save. */
Component({
  behaviors: [elderlyBehavior],
  data: {
    loading: true,
    failure: null as CloudFailure | null,
    filingId: '',
    fresh: false,
    filing: null as FilingView | null,
    qr: [] as string[],
    /** 到院怎么结算, one step a line (from the function: the city's card check where it asks for one). */
    atHospital: [] as string[],
    saving: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ filingId: query.filingId ?? '', fresh: query.fresh === '1' });
      return this.load();
    },

    async load() {
      this.setData({ loading: true, failure: null });
      const res = await callCloud('filing', { action: 'detail', filingId: this.data.filingId }, { loading: false });
      if (!res.ok) return this.setData({ loading: false, failure: res });
      this.setData({ loading: false, filing: res.data.filing, qr: res.data.qr, atHospital: res.data.atHospital });
      this.paintQr();
    },

    paintQr() {
      paintQrOn(this, '#qr', this.data.qr);
    },

    /** Renders the certificate to an image and saves it to the photo album. */
    saveImage() {
      const f = this.data.filing;
      if (!f || this.data.saving) return;
      this.setData({ saving: true });
      const width = 750;
      const height = 1100;
      const canvas = wx.createOffscreenCanvas({ type: '2d', width, height }) as unknown as {
        getContext(t: '2d'): Ctx2d;
      };
      const ctx = canvas.getContext('2d');
      ctx.fillStyle = '#ffffff';
      ctx.fillRect(0, 0, width, height);
      ctx.fillStyle = '#1a1a1a';
      ctx.font = 'bold 44px sans-serif';
      ctx.fillText('异地就医备案凭证', 40, 80);
      ctx.font = '30px sans-serif';
      const lines = [
        `备案编号：${f.filingId}`,
        `备案类型：${f.typeName}`,
        `参保人：${f.personName}（${f.idNumber}）`,
        `参保地：${f.insuredCity.name}`,
        `就医地：${f.destination.name}（${f.scope}）`,
        `有效期：${f.validityText}`,
        `适用范围：${f.covers}`,
        `状态：${f.status}`,
      ];
      lines.forEach((line, i) => ctx.fillText(line, 40, 150 + i * 52));
      drawQr(ctx, this.data.qr, 175, 560, 400);
      wx.canvasToTempFilePath({
        canvas: canvas as unknown as WechatMiniprogram.Canvas,
        success: (r) =>
          wx.saveImageToPhotosAlbum({
            filePath: r.tempFilePath,
            success: () => wx.showToast({ title: '已保存到相册', icon: 'success' }),
            fail: () =>
              wx.showModal({
                title: '没有保存',
                content: '可以在微信“设置 → 隐私 → 相册”中允许后再试；也可以直接出示本页给医院。',
                showCancel: false,
                confirmText: '知道了',
              }),
            complete: () => this.setData({ saving: false }),
          }),
        fail: () => this.setData({ saving: false }),
      });
    },

    /** 一事一评: the completed filing, rated once. */
    goRate() {
      const f = this.data.filing;
      if (!f) return;
      wx.navigateTo({
        url: `/pages/rating/index?kind=filing&id=${f.filingId}&title=${encodeURIComponent(`异地就医备案：${f.typeName}`)}`,
      });
    },

    /** A replaced filing's certificate is not the one to show: the one that replaced it is. */
    openReplacement() {
      const next = this.data.filing?.replacedBy;
      if (next) wx.redirectTo({ url: `/pages/filing-certificate/index?filingId=${next}` });
    },

    goMine() {
      wx.redirectTo({ url: '/pages/filing-mine/index' });
    },
  },
});

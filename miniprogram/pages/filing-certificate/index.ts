import type { FilingView } from '../../../cloudfunctions/core/contracts';
import { elderlyBehavior } from '../../behaviors/elderly';
import { type CloudFailure, callCloud } from '../../services/callCloud';
import { IMAGE_WIDTH, type MeasuringCtx, drawCertificate, layoutCertificate } from '../../utils/certificateImage';
import { paintQrOn } from '../../utils/qr';

type Painted = { getContext(t: '2d'): MeasuringCtx };

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
      // Measured first (on a small canvas), then drawn on one as tall as the wrapped lines need.
      const measure = wx.createOffscreenCanvas({ type: '2d', width: 1, height: 1 }) as unknown as Painted;
      const layout = layoutCertificate(measure.getContext('2d'), f);
      const canvas = wx.createOffscreenCanvas({
        type: '2d',
        width: IMAGE_WIDTH,
        height: layout.height,
      }) as unknown as Painted;
      drawCertificate(canvas.getContext('2d'), layout, this.data.qr);
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

    goMine() {
      wx.redirectTo({ url: '/pages/filing-mine/index' });
    },
  },
});

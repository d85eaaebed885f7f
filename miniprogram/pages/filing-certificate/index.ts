import type { FilingReminderView, FilingView } from '../../../cloudfunctions/core/contracts';
import { elderlyBehavior } from '../../behaviors/elderly';
import { type CloudFailure, callCloud } from '../../services/callCloud';
import { IMAGE_WIDTH, type MeasuringCtx, drawCertificate, layoutCertificate } from '../../utils/certificateImage';
import { paintQrOn } from '../../utils/qr';

type Painted = { getContext(t: '2d'): MeasuringCtx };

/**
 * The 到期提醒 answers given on this phone, by filing (wx storage is this WeChat account's on this phone): asked
 * once, right after filing, and never again for that filing whatever the answer. The server remembers 允许.
 */
const ASKED = 'filingReminderAsked';
type Answer = 'accept' | 'reject' | 'later';
const answers = (): Record<string, Answer> => (wx.getStorageSync(ASKED) as Record<string, Answer>) || {};
function remember(filingId: string, answer: Answer): void {
  wx.setStorageSync(ASKED, { ...answers(), [filingId]: answer });
}

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
    reminder: null as FilingReminderView | null,
    /** Offer 到期提醒 now: right after filing, where it helps, not yet on and not yet answered here. */
    askReminder: false,
    /** What came of asking: shown in place of the offer. */
    reminderResult: '',
    reminderError: '',
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
      const { filing, qr, atHospital, reminder } = res.data;
      const askReminder =
        this.data.fresh &&
        reminder.offered &&
        !reminder.on &&
        !answers()[filing.filingId] &&
        !!wx.requestSubscribeMessage;
      this.setData({ loading: false, filing, qr, atHospital, reminder, askReminder });
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

    /**
     * 到期前提醒我: WeChat's own dialog (it must follow a tap), then the server turns the reminder on. Whatever the
     * answer, it is remembered and not asked again for this filing.
     */
    allowReminder() {
      const { filing, reminder } = this.data;
      if (!filing || !reminder?.templateId) return;
      const templateId = reminder.templateId;
      wx.requestSubscribeMessage({
        tmplIds: [templateId],
        success: async (r: Record<string, string>) => {
          if (r[templateId] !== 'accept') return this.reminderAnswered('reject');
          const res = await callCloud(
            'filing',
            { action: 'remind', filingId: filing.filingId },
            { loading: '正在设置' },
          );
          if (!res.ok) return this.setData({ reminderError: `没有设置成功：${res.message}` });
          remember(filing.filingId, 'accept');
          this.setData({ askReminder: false, reminder: res.data.reminder, reminderError: '' });
        },
        fail: () => this.reminderAnswered('reject'),
      });
    },

    noReminder() {
      this.reminderAnswered('later');
    },

    reminderAnswered(answer: 'reject' | 'later') {
      if (this.data.filing) remember(this.data.filing.filingId, answer);
      this.setData({
        askReminder: false,
        reminderResult:
          answer === 'reject'
            ? '没有开启到期提醒。有效期写在本凭证上，也可以在“我的备案”里随时查看。'
            : '好的，不提醒。有效期写在本凭证上，也可以在“我的备案”里随时查看。',
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

    /** 到院怎么结算 → where this filing settles directly: the destination's connected sites for the type's care. */
    goSites() {
      const f = this.data.filing;
      if (!f) return;
      const { provinceCode, cityCode } = f.destination;
      wx.navigateTo({
        url: `/pages/filing-sites/index?provinceCode=${provinceCode}&cityCode=${cityCode}&insuredCity=${f.insuredCity.code}&typeCode=${f.typeCode}`,
      });
    },

    goMine() {
      wx.redirectTo({ url: '/pages/filing-mine/index' });
    },
  },
});

import type { FilingView } from '../../../cloudfunctions/core/contracts';
import { elderlyBehavior } from '../../behaviors/elderly';
import { pagedListBehavior, shownPage, startingAfter } from '../../behaviors/pagedList';
import { callCloud, explainFailure } from '../../services/callCloud';
import { newRequestId } from '../../utils/requestId';

const THEME: Record<FilingView['status'], string> = {
  已备案: 'primary',
  生效中: 'success',
  已过期: 'default',
  已撤销: 'default',
  已变更: 'warning',
  未通过: 'danger',
};

type Row = FilingView & { theme: string; line: string };

// A change's two cards each carry its note (changeNote: what the other one is, and when), under the validity.
const row = (f: FilingView): Row => ({
  ...f,
  theme: THEME[f.status],
  line: f.status === '未通过' ? f.reasons.map((r) => r.message).join('') : f.validityText,
});

/** 我的备案: every filing with its status and validity, page by page; open the certificate, cancel where allowed. */
Component({
  behaviors: [elderlyBehavior, pagedListBehavior],
  data: {
    items: [] as Row[],
    /** Opened for a family member (from a refusal about their filing): only the filings made for them. */
    memberId: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined> = {}) {
      this.setData({ memberId: query.memberId ?? '' });
      return this.load();
    },

    async fetchPage(after?: string) {
      const memberId = this.data.memberId;
      const res = await callCloud(
        'filing',
        { action: 'mine', ...(memberId ? { forMemberId: memberId } : {}), ...startingAfter(after) },
        { loading: false },
      );
      return shownPage(res, (d) => d.filings.map(row));
    },

    open(e: WechatMiniprogram.BaseEvent) {
      const f = this.data.items.find((x) => x.filingId === e.currentTarget.dataset.id);
      if (f?.status === '未通过') return;
      wx.navigateTo({ url: `/pages/filing-certificate/index?filingId=${e.currentTarget.dataset.id}` });
    },

    confirmCancel(e: WechatMiniprogram.BaseEvent) {
      const f = this.data.items.find((x) => x.filingId === e.currentTarget.dataset.id);
      if (!f) return;
      const requestId = newRequestId('cancel');
      wx.showModal({
        title: '撤销备案',
        content: `撤销后，${f.forWhom}在${f.destination.name}就医将不能按备案直接结算。确定撤销“${f.typeName}”吗？`,
        confirmText: '撤销',
        confirmColor: '#c9353f',
        success: async (r) => {
          if (!r.confirm) return;
          const res = await callCloud(
            'filing',
            { action: 'cancel', filingId: f.filingId, requestId },
            { loading: '正在撤销' },
          );
          if (!res.ok) return explainFailure(res, '没有撤销');
          wx.showToast({ title: '已撤销', icon: 'success' });
          await this.load();
        },
      });
    },

    /** Change 就医地, dates or the answers: the form, filled from this filing, files a linked new one. */
    change(e: WechatMiniprogram.BaseEvent) {
      const f = this.data.items.find((x) => x.filingId === e.currentTarget.dataset.id);
      if (!f?.canChange) return;
      wx.navigateTo({ url: `/pages/filing-form/index?changeOf=${f.filingId}` });
    },

    goNew() {
      wx.navigateTo({ url: '/pages/filing/index' });
    },
  },
});

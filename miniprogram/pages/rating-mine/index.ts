import type { RatingView } from '../../../cloudfunctions/core/contracts';
import { elderlyBehavior } from '../../behaviors/elderly';
import { pagedListBehavior, shownPage, startingAfter } from '../../behaviors/pagedList';
import { callCloud, explainFailure } from '../../services/callCloud';

/** 我的评价: each rating, and for a 差评 its follow-up (待核实, 整改中, 已整改, 已回复), the answer, and the resident's view of the fix. */
Component({
  behaviors: [elderlyBehavior, pagedListBehavior],
  data: {
    items: [] as RatingView[],
  },
  methods: {
    async fetchPage(after?: string) {
      const res = await callCloud('rating', { action: 'mine', ...startingAfter(after) }, { loading: false });
      return shownPage(res, (d) => d.ratings);
    },

    async confirm(e: WechatMiniprogram.BaseEvent) {
      const ratingId = String(e.currentTarget.dataset.id);
      const satisfied = e.currentTarget.dataset.satisfied === true || e.currentTarget.dataset.satisfied === 'true';
      const res = await callCloud('rating', { action: 'confirm', ratingId, satisfied }, { loading: '正在提交' });
      if (!res.ok) return explainFailure(res);
      this.setData({ items: this.data.items.map((r) => (r.id === ratingId ? res.data.rating : r)) });
    },

    goRate() {
      wx.navigateTo({ url: '/pages/rating/index' });
    },
  },
});

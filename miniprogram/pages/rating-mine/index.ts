import type { RatingView } from '../../../cloudfunctions/core/contracts';
import { elderlyBehavior } from '../../behaviors/elderly';
import { type CloudFailure, callCloud, explainFailure } from '../../services/cloud';

/** 我的评价: each rating, and for a 差评 its follow-up (待核实, 整改中, 已整改, 已回复), the answer, and the resident's view of the fix. */
Component({
  behaviors: [elderlyBehavior],
  data: {
    loading: true,
    failure: null as CloudFailure | null,
    ratings: [] as RatingView[],
  },
  methods: {
    onLoad() {
      return this.load();
    },

    async load() {
      this.setData({ loading: true, failure: null });
      const res = await callCloud('rating', { action: 'mine' }, { loading: false });
      if (!res.ok) return this.setData({ loading: false, failure: res });
      this.setData({ loading: false, ratings: res.data.ratings });
    },

    async confirm(e: WechatMiniprogram.BaseEvent) {
      const ratingId = String(e.currentTarget.dataset.id);
      const satisfied = e.currentTarget.dataset.satisfied === true || e.currentTarget.dataset.satisfied === 'true';
      const res = await callCloud('rating', { action: 'confirm', ratingId, satisfied }, { loading: '正在提交' });
      if (!res.ok) return explainFailure(res);
      this.setData({ ratings: this.data.ratings.map((r) => (r.id === ratingId ? res.data.rating : r)) });
    },

    goRate() {
      wx.navigateTo({ url: '/pages/rating/index' });
    },
  },
});

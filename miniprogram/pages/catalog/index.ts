import type { ServiceSummary } from '../../../cloudfunctions/core/contracts';
import { elderlyBehavior } from '../../behaviors/elderly';
import { searchListBehavior } from '../../behaviors/searchList';
import { type CloudFailure, callCloud } from '../../services/callCloud';
import { rememberedCity } from '../../services/city';

const PAGE_SIZE = 20;

Component({
  behaviors: [elderlyBehavior, searchListBehavior],
  data: {
    cityCode: '',
    keyword: '',
    /** The keyword the shown list answers (the box may have changed since). */
    searched: '',
    items: [] as ServiceSummary[],
    total: 0,
    hasMore: false,
    loading: true,
    loadingMore: false,
    failure: null as CloudFailure | null,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const cityCode = query.cityCode ?? rememberedCity();
      if (!cityCode) {
        wx.redirectTo({ url: '/pages/home/index' });
        return Promise.resolve();
      }
      this.setData({ cityCode });
      return this.search();
    },

    /** A new search replaces the list; its answer is dropped if the person searched again meanwhile. */
    async search() {
      const keyword = this.data.keyword.trim();
      this.setData({ loading: true, failure: null, searched: keyword });
      const res = await callCloud(
        'catalog',
        {
          action: 'services',
          cityCode: this.data.cityCode,
          offset: 0,
          limit: PAGE_SIZE,
          ...(keyword ? { keyword } : {}),
        },
        { loading: false },
      );
      if (this.data.searched !== keyword) return;
      if (!res.ok) {
        this.setData({ loading: false, failure: res });
        return;
      }
      this.setData({ loading: false, items: res.data.items, total: res.data.total, hasMore: res.data.hasMore });
    },

    /** The next page, once at a time: a second tap while loading does nothing, so nothing is listed twice. */
    async loadMore() {
      if (!this.data.hasMore || this.data.loadingMore || this.data.loading) return;
      const keyword = this.data.searched;
      this.setData({ loadingMore: true });
      const res = await callCloud(
        'catalog',
        {
          action: 'services',
          cityCode: this.data.cityCode,
          offset: this.data.items.length,
          limit: PAGE_SIZE,
          ...(keyword ? { keyword } : {}),
        },
        { loading: false },
      );
      if (this.data.searched !== keyword) return;
      if (!res.ok) {
        this.setData({ loadingMore: false });
        wx.showToast({ title: '加载失败，请再点一次', icon: 'none' });
        return;
      }
      this.setData({
        loadingMore: false,
        items: [...this.data.items, ...res.data.items],
        total: res.data.total,
        hasMore: res.data.hasMore,
      });
    },

    openItem(e: WechatMiniprogram.BaseEvent) {
      wx.navigateTo({ url: `/pages/service/index?code=${e.currentTarget.dataset.code}` });
    },
  },
});

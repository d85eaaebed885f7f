import type { CloudFailure } from '../services/callCloud';

/** One page as a list page shows it: its rows (already shaped for the page) and where the next one starts. */
export interface ShownPage<Row> {
  rows: Row[];
  nextCursor: string | null;
  total?: number;
}

type Fetch = (after?: string) => Promise<({ ok: true } & ShownPage<unknown>) | CloudFailure>;

/**
 * A list read page by page (the server's cursor, core/platform/paging.ts). The page gives `fetchPage(after)`; this
 * gives `load()` for the first page (with loading and failure states), `loadMore()` for the next (a 加载更多
 * button and reaching the bottom), and keeps what is shown when a later page fails, so it can be tried again.
 */
export const pagedListBehavior = Behavior({
  data: {
    loading: true,
    failure: null as CloudFailure | null,
    items: [] as unknown[],
    total: 0,
    nextCursor: null as string | null,
    loadingMore: false,
  },
  methods: {
    async load() {
      this.setData({ loading: true, failure: null });
      const res = await (this as unknown as { fetchPage: Fetch }).fetchPage();
      if (!res.ok) return this.setData({ loading: false, failure: res });
      this.setData({
        loading: false,
        items: res.rows,
        nextCursor: res.nextCursor,
        total: res.total ?? res.rows.length,
      });
    },

    async loadMore() {
      if (!this.data.nextCursor || this.data.loadingMore) return;
      this.setData({ loadingMore: true });
      const res = await (this as unknown as { fetchPage: Fetch }).fetchPage(this.data.nextCursor);
      if (!res.ok) {
        this.setData({ loadingMore: false });
        wx.showToast({ title: '加载失败，请再点一次“加载更多”', icon: 'none' });
        return;
      }
      this.setData({ loadingMore: false, items: [...this.data.items, ...res.rows], nextCursor: res.nextCursor });
    },

    onReachBottom() {
      return this.loadMore();
    },
  },
});

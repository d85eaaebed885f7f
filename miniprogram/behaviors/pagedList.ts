import type { CloudFailure, CloudResult } from '../services/callCloud';

/** One page as a list page shows it: its rows (already shaped for the page) and where the next one starts. */
export interface ShownPage<Row> {
  rows: Row[];
  nextCursor: string | null;
  total?: number;
}

type Fetch = (after?: string) => Promise<({ ok: true } & ShownPage<unknown>) | CloudFailure>;

/** A paged action's cursor: `after` only for a later page (none asks for the first). */
export function startingAfter(after?: string): { after: string } | { after?: never } {
  return after ? { after } : {};
}

/** A paged action's answer as the list shows it: its rows shaped by `rows`, its cursor and total; a failure as is. */
export function shownPage<T extends { nextCursor: string | null; total?: number }, Row>(
  res: CloudResult<T>,
  rows: (data: T) => Row[],
): ({ ok: true } & ShownPage<Row>) | CloudFailure {
  return res.ok ? { ok: true, rows: rows(res.data), nextCursor: res.data.nextCursor, total: res.data.total } : res;
}

/**
 * A list read page by page (the server's cursor, core/platform/paging.ts). The page gives `fetchPage(after)`; this
 * gives `load()` for the first page (with loading and failure states, and when the page opens unless the page
 * has its own `onLoad`), `loadMore()` for the next (a 加载更多 button and reaching the bottom), and keeps what is
 * shown when a later page fails, so it can be tried again.
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
    onLoad() {
      return this.load();
    },

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

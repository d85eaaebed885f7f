/** What a page with a searched list gives: a new search (from the first page) and the next page of the last one. */
interface SearchListPage {
  search(): Promise<unknown>;
  loadMore(): Promise<unknown>;
}

/**
 * A list searched by keyword (a search-field above it): what is typed is kept in `keyword`, clearing the box
 * searches again for everything, and reaching the bottom reads the next page. The page gives `search()` and
 * `loadMore()`.
 */
export const searchListBehavior = Behavior({
  data: { keyword: '' },
  methods: {
    onReachBottom() {
      return (this as unknown as SearchListPage).loadMore();
    },

    onKeywordChange(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ keyword: e.detail.value });
    },

    onClear() {
      this.setData({ keyword: '' });
      return (this as unknown as SearchListPage).search();
    },
  },
});

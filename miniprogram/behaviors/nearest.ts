/** What a page with a nearest-first list gives: a new search from the first page. */
interface NearestPage {
  search(): Promise<unknown>;
}

/**
 * 离我最近 on a searched list: the location is asked for only when the person taps, and a refusal says where to
 * allow it and how else to find a place; 取消按距离 goes back to the list's own order. The page sends `near`.
 */
export const nearestBehavior = Behavior({
  data: { near: null as { latitude: number; longitude: number } | null },
  methods: {
    locate() {
      wx.getLocation({
        type: 'gcj02',
        success: (loc) => {
          this.setData({ near: { latitude: loc.latitude, longitude: loc.longitude } });
          (this as unknown as NearestPage).search();
        },
        fail: () => {
          wx.showModal({
            title: '没有获取到位置',
            content: '可以在微信“设置 → 隐私 → 位置”中允许后再试，或输入名称查找。',
            showCancel: false,
            confirmText: '知道了',
          });
        },
      });
    },

    clearNear() {
      this.setData({ near: null });
      return (this as unknown as NearestPage).search();
    },
  },
});

import type { DeclarationView } from '../../../cloudfunctions/core/contracts';
import { elderlyBehavior } from '../../behaviors/elderly';
import { type CloudFailure, callCloud } from '../../services/cloud';
import { beijingDateTime } from '../../utils/format';

const TAG_THEME: Record<DeclarationView['status'], string> = { 受理: 'warning', 生效: 'success', 已撤回: 'default', 未通过: 'danger' };

interface Row extends DeclarationView {
  title: string;
  detail: string;
  theme: string;
}

function row(d: DeclarationView): Row {
  const what = d.op === 'select' ? '选择' : '变更为';
  const when = d.status === '未通过' ? d.reasons.map((r) => r.message).join('') : d.effectiveFrom ? `${beijingDateTime(d.effectiveFrom)} 起生效` : '';
  return {
    ...d,
    title: `${d.kindName}：${what}${d.institution.name}`,
    detail: `${d.forWhom} · 提交于 ${beijingDateTime(d.submittedAt)}${when ? ` · ${when}` : ''}${d.withdrawnAt ? ` · ${beijingDateTime(d.withdrawnAt)} 撤回` : ''}`,
    theme: TAG_THEME[d.status],
  };
}

/** Every declaration with its status (受理, 生效, 已撤回, 未通过) and times, newest first. */
Component({
  behaviors: [elderlyBehavior],
  data: {
    loading: true,
    failure: null as CloudFailure | null,
    items: [] as Row[],
    total: 0,
    hasMore: false,
    loadingMore: false,
  },
  methods: {
    onLoad() {
      return this.load();
    },

    async load() {
      this.setData({ loading: true, failure: null });
      const res = await callCloud('facility', { action: 'declarations', offset: 0, limit: 20 }, { loading: false });
      if (!res.ok) return this.setData({ loading: false, failure: res });
      this.setData({ loading: false, items: res.data.items.map(row), total: res.data.total, hasMore: res.data.hasMore });
    },

    async loadMore() {
      if (!this.data.hasMore || this.data.loadingMore) return;
      this.setData({ loadingMore: true });
      const res = await callCloud('facility', { action: 'declarations', offset: this.data.items.length, limit: 20 }, { loading: false });
      if (!res.ok) {
        this.setData({ loadingMore: false });
        wx.showToast({ title: '加载失败，请再点一次', icon: 'none' });
        return;
      }
      this.setData({ loadingMore: false, items: [...this.data.items, ...res.data.items.map(row)], hasMore: res.data.hasMore });
    },

    onReachBottom() {
      return this.loadMore();
    },
  },
});

import type { RatingResponses } from '../../../cloudfunctions/core/contracts';
import { elderlyBehavior } from '../../behaviors/elderly';
import { rememberedCity } from '../../services/city';
import { type CloudFailure, callCloud } from '../../services/cloud';
import { beijingToday } from '../../utils/format';

type Stats = RatingResponses['stats'];
const COLORS = ['#2ba471', '#7bc8a4', '#bfbfbf', '#f0a35a', '#d54941'];

interface Ctx2d {
  fillStyle: string;
  font: string;
  fillRect(x: number, y: number, w: number, h: number): void;
  fillText(text: string, x: number, y: number): void;
}

/**
 * 向社会公布: per service item and month, the share of each level, the 差评 rate and the 整改率, as a chart
 * (stacked bars on a canvas) and as a table with the same figures. Items with fewer than 5 ratings are not shown.
 */
Component({
  behaviors: [elderlyBehavior],
  data: {
    loading: true,
    failure: null as CloudFailure | null,
    cityCode: '',
    month: beijingToday().slice(0, 7),
    stats: null as Stats | null,
    rows: [] as Array<{ serviceCode: string; serviceName: string; count: number; sharesText: string; badRate: string; rectificationRate: string }>,
    legend: [] as Array<{ label: string; color: string }>,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ cityCode: query.cityCode ?? rememberedCity() ?? '140100', month: query.month ?? beijingToday().slice(0, 7) });
      return this.load();
    },

    async load() {
      this.setData({ loading: true, failure: null });
      const res = await callCloud('rating', { action: 'stats', cityCode: this.data.cityCode, month: this.data.month }, { loading: false });
      if (!res.ok) return this.setData({ loading: false, failure: res });
      const stats = res.data;
      this.setData({
        loading: false,
        stats,
        legend: stats.labels.map((label, i) => ({ label, color: COLORS[i] })),
        rows: stats.items.map((i) => ({
          serviceCode: i.serviceCode,
          serviceName: i.serviceName,
          count: i.count,
          sharesText: i.shares.map((s, k) => `${stats.labels[k]} ${s}%`).join('，'),
          badRate: `${i.badRate}%`,
          rectificationRate: i.rectificationRate === null ? '无差评' : `${i.rectificationRate}%`,
        })),
      });
      this.paint();
    },

    previous() {
      const [y, m] = this.data.month.split('-').map(Number);
      this.setData({ month: new Date(Date.UTC(y, m - 2, 1)).toISOString().slice(0, 7) });
      return this.load();
    },

    paint() {
      const stats = this.data.stats;
      if (!stats?.items.length) return;
      this.createSelectorQuery()
        .select('#chart')
        .fields({ node: true, size: true })
        .exec((res: Array<{ node?: { getContext(t: '2d'): Ctx2d; width: number; height: number }; width: number; height: number } | null>) => {
          const canvas = res?.[0]?.node;
          if (!canvas) return;
          const ratio = wx.getWindowInfo ? wx.getWindowInfo().pixelRatio : 2;
          const { width, height } = res[0]!;
          canvas.width = width * ratio;
          canvas.height = height * ratio;
          const ctx = canvas.getContext('2d');
          const bar = (height * ratio) / Math.max(stats.items.length, 1);
          stats.items.forEach((item, row) => {
            let x = 0;
            item.shares.forEach((share, level) => {
              const w = ((width * ratio) * share) / 100;
              ctx.fillStyle = COLORS[level];
              ctx.fillRect(x, row * bar + bar * 0.15, w, bar * 0.7);
              x += w;
            });
          });
        });
    },
  },
});

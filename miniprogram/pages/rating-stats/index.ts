import type { RatingResponses } from '../../../cloudfunctions/core/contracts';
import { elderlyBehavior } from '../../behaviors/elderly';
import { rememberedCity } from '../../services/city';
import { type CloudFailure, callCloud } from '../../services/callCloud';
import { beijingToday } from '../../utils/format';

type Stats = RatingResponses['stats'];
const COLORS = ['#2ba471', '#7bc8a4', '#bfbfbf', '#f0a35a', '#d54941'];
/** Height of one bar row on the chart, in px: the item's name above, its bar below. */
const ROW = 44;

interface Ctx2d {
  fillStyle: string;
  font: string;
  fillRect(x: number, y: number, w: number, h: number): void;
  fillText(text: string, x: number, y: number): void;
}

/** An item's name as shown; demo figures (a local cloud's seed) say so. */
const nameOf = (i: Stats['items'][number]) => `${i.sample ? '示例·' : ''}${i.serviceName}`;

function shiftMonth(month: string, by: number): string {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1 + by, 1)).toISOString().slice(0, 7);
}

/**
 * 向社会公布: per service item, channel and month, the share of each level, the 差评 rate and the 整改率, as a
 * chart (one labelled stacked bar per item) and as a table with the same figures. The online and the window
 * scales differ, so each channel has its own legend. Items with fewer than 5 ratings are not shown.
 */
Component({
  behaviors: [elderlyBehavior],
  data: {
    loading: true,
    failure: null as CloudFailure | null,
    cityCode: '',
    month: beijingToday().slice(0, 7),
    hasNext: false,
    stats: null as Stats | null,
    chartHeight: 0,
    /** Some figures are demo data (示例): the page says so above them. */
    hasSample: false,
    rows: [] as Array<{ key: string; title: string; sharesText: string; badRate: string; rectificationRate: string }>,
    legends: [] as Array<{ channelName: string; entries: Array<{ label: string; color: string }> }>,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({
        cityCode: query.cityCode ?? rememberedCity() ?? '140100',
        month: query.month ?? beijingToday().slice(0, 7),
      });
      return this.load();
    },

    async load() {
      this.setData({ loading: true, failure: null, hasNext: this.data.month < beijingToday().slice(0, 7) });
      const res = await callCloud(
        'rating',
        { action: 'stats', cityCode: this.data.cityCode, month: this.data.month },
        { loading: false },
      );
      if (!res.ok) return this.setData({ loading: false, failure: res });
      const stats = res.data;
      const channels = [...new Map(stats.items.map((i) => [i.channel, i])).values()];
      this.setData({
        loading: false,
        stats,
        chartHeight: stats.items.length * ROW,
        legends: channels.map((i) => ({
          channelName: i.channelName,
          entries: i.labels.map((label, k) => ({ label, color: COLORS[k] })),
        })),
        hasSample: stats.items.some((i) => i.sample),
        rows: stats.items.map((i) => ({
          key: `${i.serviceCode}-${i.channel}${i.sample ? '-sample' : ''}`,
          title: `${nameOf(i)} · ${i.channelName}（${i.count} 条）`,
          sharesText: i.shares.map((s, k) => `${i.labels[k]} ${s}%`).join('，'),
          badRate: `${i.badRate}%`,
          rectificationRate: i.rectificationRate === null ? '无差评' : `${i.rectificationRate}%`,
        })),
      });
      this.paint();
    },

    previous() {
      this.setData({ month: shiftMonth(this.data.month, -1) });
      return this.load();
    },

    next() {
      this.setData({ month: shiftMonth(this.data.month, 1) });
      return this.load();
    },

    paint() {
      const stats = this.data.stats;
      if (!stats?.items.length) return;
      this.createSelectorQuery()
        .select('#chart')
        .fields({ node: true, size: true })
        .exec(
          (
            res: Array<{
              node?: { getContext(t: '2d'): Ctx2d; width: number; height: number };
              width: number;
              height: number;
            } | null>,
          ) => {
            const canvas = res?.[0]?.node;
            if (!canvas) return;
            const ratio = wx.getWindowInfo ? wx.getWindowInfo().pixelRatio : 2;
            const { width, height } = res[0]!;
            canvas.width = width * ratio;
            canvas.height = height * ratio;
            const ctx = canvas.getContext('2d');
            const row = ROW * ratio;
            ctx.font = `${14 * ratio}px sans-serif`;
            stats.items.forEach((item, i) => {
              ctx.fillStyle = '#1f1f1f';
              ctx.fillText(`${nameOf(item)} · ${item.channelName}`, 0, i * row + 16 * ratio);
              let x = 0;
              item.shares.forEach((share, level) => {
                const w = (width * ratio * share) / 100;
                ctx.fillStyle = COLORS[level];
                ctx.fillRect(x, i * row + 22 * ratio, w, 16 * ratio);
                x += w;
              });
            });
          },
        );
    },
  },
});

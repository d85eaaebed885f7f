import type { ServiceItem } from '../catalog/serviceItem';
import type { RatingCountDoc } from './rating';

// Demo data: made-up rating counts so that 评价结果公布 has something to show in a fresh local cloud. They are
// kept apart from real counts (their own _id, `sample: true`), published as their own rows and labelled 示例
// wherever they are shown. No real rating is behind any of them.

/** Per level 1..5 (非常满意 … the worst): how many, and of the 差评 (levels 4–5) how many were answered in time. */
const SHAPES: Array<{ counts: number[]; inTime: [number, number] }> = [
  { counts: [14, 6, 3, 1, 1], inTime: [1, 1] },
  { counts: [9, 7, 4, 2, 1], inTime: [1, 1] },
  { counts: [5, 4, 2, 0, 1], inTime: [0, 0] },
];

/** Items of a city's flows (定点, 备案) rated per city and month: the first three online, the first at the window too. */
const ITEMS_PER_CITY = 3;

/** The demo counts of every city's flow items for one month (YYYY-MM). */
export function sampleRatingCounts(catalogue: ServiceItem[], month: string): RatingCountDoc[] {
  const docs: RatingCountDoc[] = [];
  const byCity = new Map<string, ServiceItem[]>();
  for (const item of catalogue) if (item.flow) byCity.set(item.cityCode, [...(byCity.get(item.cityCode) ?? []), item]);
  // Months differ a little, so that 看上个月 shows other figures.
  const shift = Number(month.slice(5, 7)) % SHAPES.length;
  for (const [cityCode, items] of byCity) {
    const rated: Array<{ item: ServiceItem; channel: RatingCountDoc['channel']; i: number }> = items
      .slice(0, ITEMS_PER_CITY)
      .map((item, i) => ({ item, channel: 'online', i }));
    rated.push({ item: items[0], channel: 'window', i: rated.length });
    for (const { item, channel, i } of rated) {
      const shape = SHAPES[(i + shift) % SHAPES.length];
      shape.counts.forEach((count, index) => {
        if (!count) return;
        const level = index + 1;
        docs.push({
          _id: `${cityCode}:${month}:${item.code}:${channel}:${level}:sample`,
          cityCode,
          month,
          serviceCode: item.code,
          channel,
          level,
          count,
          followedUpInTime: level >= 4 ? Math.min(count, shape.inTime[level - 4]) : 0,
          sample: true,
        });
      });
    }
  }
  return docs;
}

import { addDays } from '../rules/filing';
import type { WorkCalendar } from '../rules/calendar';

/**
 * 好差评 (POLICY.md §3, seed 003). Five levels on each channel, level 1 the best; the last two are 差评.
 * Online: 一事一评 (one rating per completed service). Window: 一次一评 (one per visit).
 */
export const LEVEL_LABELS = {
  online: ['非常满意', '满意', '基本满意', '一般', '不满意'],
  window: ['非常满意', '满意', '基本满意', '不满意', '非常不满意'],
} as const;
export type Channel = keyof typeof LEVEL_LABELS;

export const ASPECTS = ['现场受理', '办理进度', '查询渠道', '按规定时限办结', '及时回复咨询'] as const;

/** Common reasons a 差评 can tap; one is required (or a comment). */
export const BAD_REASONS = ['等待时间长', '办理结果不清楚', '材料要求不一致', '工作人员态度', '系统操作困难', '没有按时办结', '咨询没有回复'] as const;

export function isBad(level: number): boolean {
  return level >= 4;
}

export function levelLabel(channel: Channel, level: number): string {
  return LEVEL_LABELS[channel][level - 1];
}

/** The follow-up of a 差评 is due by the end of the Nth working day after it was given (day of rating not counted). */
export function followUpDue(ratedOn: string, workingDays: number, calendar: WorkCalendar): { dueDate: string; estimated: boolean } {
  let date = ratedOn;
  let counted = 0;
  let estimated = false;
  while (counted < workingDays) {
    date = addDays(date, 1);
    if (!calendar.covers(date)) estimated = true;
    if (calendar.isWorkday(date)) counted += 1;
  }
  return { dueDate: date, estimated };
}

export interface RatingForStats {
  serviceCode: string;
  level: number;
  bad: boolean;
  /** The 差评 was answered within its time limit. */
  followedUpInTime: boolean;
}

export interface ItemStats {
  serviceCode: string;
  count: number;
  /** Share of each level 1..5, in percent (one decimal). */
  shares: number[];
  badRate: number;
  /** 整改率: share of 差评 followed up within the time limit; null where there was no 差评. */
  rectificationRate: number | null;
}

/** Published statistics: items with fewer than `minCount` ratings are left out (small numbers identify people). */
export function publishStats(ratings: RatingForStats[], minCount = 5): { items: ItemStats[]; suppressed: number } {
  const byItem = new Map<string, RatingForStats[]>();
  for (const r of ratings) byItem.set(r.serviceCode, [...(byItem.get(r.serviceCode) ?? []), r]);
  const pct = (n: number, d: number) => Math.round((n / d) * 1000) / 10;
  const items: ItemStats[] = [];
  let suppressed = 0;
  for (const [serviceCode, list] of [...byItem].sort(([a], [b]) => a.localeCompare(b))) {
    if (list.length < minCount) {
      suppressed += 1;
      continue;
    }
    const bad = list.filter((r) => r.bad);
    items.push({
      serviceCode,
      count: list.length,
      shares: [1, 2, 3, 4, 5].map((level) => pct(list.filter((r) => r.level === level).length, list.length)),
      badRate: pct(bad.length, list.length),
      rectificationRate: bad.length ? pct(bad.filter((r) => r.followedUpInTime).length, bad.length) : null,
    });
  }
  return { items, suppressed };
}

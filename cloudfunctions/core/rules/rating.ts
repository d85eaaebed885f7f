import { dueFor } from './deadline';
import type { WorkCalendar } from './calendar';

/**
 * 好差评 (docs/policy.md §3, seed 003). Five levels on each channel, level 1 the best; the last two are 差评.
 * Online: 一事一评 (one rating per completed service). Window: 一次一评 (one per visit).
 */
export const LEVEL_LABELS = {
  online: ['非常满意', '满意', '基本满意', '一般', '不满意'],
  window: ['非常满意', '满意', '基本满意', '不满意', '非常不满意'],
} as const;
export type Channel = keyof typeof LEVEL_LABELS;

export const CHANNEL_NAMES: Record<Channel, string> = { online: '网上办理', window: '窗口办理' };

export const ASPECTS = ['现场受理', '办理进度', '查询渠道', '按规定时限办结', '及时回复咨询'] as const;

/** Common reasons a 差评 can tap; one is required (or a comment). */
export const BAD_REASONS = [
  '等待时间长',
  '办理结果不清楚',
  '材料要求不一致',
  '工作人员态度',
  '系统操作困难',
  '没有按时办结',
  '咨询没有回复',
] as const;

export function isBad(level: number): boolean {
  return level >= 4;
}

/** A channel's scale as the rating page shows it: its five levels (which are 差评) and the reasons to tap. */
export interface RatingScale {
  channel: Channel;
  levels: Array<{ level: number; label: string; bad: boolean }>;
  reasons: readonly string[];
}

export function scaleOf(channel: Channel): RatingScale {
  return {
    channel,
    levels: LEVEL_LABELS[channel].map((label, i) => ({ level: i + 1, label, bad: isBad(i + 1) })),
    reasons: BAD_REASONS,
  };
}

export function levelLabel(channel: Channel, level: number): string {
  return LEVEL_LABELS[channel][level - 1];
}

/** The follow-up of a 差评 is due by the end of the Nth working day after it was given (day of rating not counted). */
export function followUpDue(
  ratedOn: string,
  workingDays: number,
  calendar: WorkCalendar,
): { dueDate: string; estimated: boolean } {
  const due = dueFor({ kind: 'workingDays', days: workingDays }, new Date(`${ratedOn}T12:00:00+08:00`), calendar)!;
  return { dueDate: due.dueDate, estimated: due.estimated };
}

/** Ratings of one service item on one channel at one level, counted (what a database aggregation gives). */
export interface LevelCount {
  serviceCode: string;
  channel: Channel;
  level: number;
  count: number;
  /** Of these, 差评 answered within their time limit. */
  followedUpInTime: number;
  /** Demo counts (a local cloud's seed): published as their own item, never added to real ones. */
  sample?: boolean;
}

/**
 * One service item on one channel. The two channels have different five-level scales (level 4 is 一般 online
 * and 不满意 at the window), so they are counted and published apart, each with its own labels.
 */
export interface ItemStats {
  serviceCode: string;
  channel: Channel;
  channelName: string;
  labels: readonly string[];
  count: number;
  /** Share of each level 1..5, in percent (one decimal). */
  shares: number[];
  badRate: number;
  /** 整改率: share of 差评 followed up within the time limit; null where there was no 差评. */
  rectificationRate: number | null;
  /** Demo figures (示例), not real ratings: pages label them. */
  sample: boolean;
}

/**
 * The published counts are kept per city, month, item, channel and level, each split over COUNT_SHARDS
 * documents; a rating adds to the shard its request id picks (a retry and the rating's later answer to the same
 * one). Raters of one busy window at the same moment would otherwise all write one document, and concurrent
 * transactions writing one document conflict and are retried. The results add the shards up (rating/stats.ts).
 */
export const COUNT_SHARDS = 32;

/** A stable small number from a rating's request id. */
export function countShard(requestId: string): number {
  let h = 0;
  for (let i = 0; i < requestId.length; i++) h = (h * 31 + requestId.charCodeAt(i)) >>> 0;
  return h % COUNT_SHARDS;
}

/** The id of the count document a rating adds to. */
export const countId = (r: {
  requestId: string;
  cityCode: string;
  month: string;
  serviceCode: string;
  channel: Channel;
  level: number;
}) => `${r.cityCode}:${r.month}:${r.serviceCode}:${r.channel}:${r.level}:${countShard(r.requestId)}`;

/** Published statistics: items with fewer than `minCount` ratings on a channel are left out (small numbers identify people). */
export function publishStats(groups: LevelCount[], minCount = 5): { items: ItemStats[]; suppressed: number } {
  const byItem = new Map<string, LevelCount[]>();
  for (const g of groups) {
    const key = `${g.serviceCode}\u0000${g.channel}\u0000${g.sample ? 'sample' : ''}`;
    byItem.set(key, [...(byItem.get(key) ?? []), g]);
  }
  const pct = (n: number, d: number) => Math.round((n / d) * 1000) / 10;
  const sum = (list: LevelCount[], f: (g: LevelCount) => number) => list.reduce((a, g) => a + f(g), 0);
  const items: ItemStats[] = [];
  let suppressed = 0;
  for (const [, list] of [...byItem].sort(([a], [b]) => a.localeCompare(b))) {
    const count = sum(list, (g) => g.count);
    if (count < minCount) {
      suppressed += 1;
      continue;
    }
    const { serviceCode, channel, sample } = list[0];
    const bad = list.filter((g) => isBad(g.level));
    const badCount = sum(bad, (g) => g.count);
    items.push({
      serviceCode,
      channel,
      channelName: CHANNEL_NAMES[channel],
      labels: LEVEL_LABELS[channel],
      count,
      shares: [1, 2, 3, 4, 5].map((level) =>
        pct(
          sum(
            list.filter((g) => g.level === level),
            (g) => g.count,
          ),
          count,
        ),
      ),
      badRate: pct(badCount, count),
      rectificationRate: badCount
        ? pct(
            sum(bad, (g) => g.followedUpInTime),
            badCount,
          )
        : null,
      sample: !!sample,
    });
  }
  return { items, suppressed };
}

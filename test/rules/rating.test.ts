import {
  COUNT_SHARDS,
  type Channel,
  LEVEL_LABELS,
  countId,
  countShard,
  type LevelCount,
  followUpDue,
  isBad,
  levelLabel,
  publishStats,
} from '../../cloudfunctions/core/rules/rating';
import { CITIES } from '../../cloudfunctions/core/policies';
import { WorkCalendar } from '../../cloudfunctions/core/rules/calendar';
import { libraryCalendar } from '../../cloudfunctions/core/rules/libraryCalendar';
import { random } from '../helpers/random';

const calendar = new WorkCalendar(libraryCalendar());

describe('好差评 levels (seed 003)', () => {
  it('has the online and window label sets; the last two are 差评 on both', () => {
    expect(LEVEL_LABELS.online).toEqual(['非常满意', '满意', '基本满意', '一般', '不满意']);
    expect(LEVEL_LABELS.window).toEqual(['非常满意', '满意', '基本满意', '不满意', '非常不满意']);
    expect([1, 2, 3, 4, 5].map(isBad)).toEqual([false, false, false, true, true]);
    expect(levelLabel('online', 4)).toBe('一般');
    expect(levelLabel('window', 4)).toBe('不满意');
  });
});

describe('follow-up due date in working days', () => {
  it('skips 国庆 and counts the 10-10 make-up Saturday', () => {
    expect(followUpDue('2026-09-30', 5, calendar)).toEqual({ dueDate: '2026-10-13', estimated: false });
  });
  it('skips 春节', () => {
    expect(followUpDue('2026-02-13', 3, calendar)).toEqual({ dueDate: '2026-02-25', estimated: false }); // 02-14 (Sat) is a make-up day
  });
  it('is an estimate in a year without a published calendar', () => {
    expect(followUpDue('2026-12-30', 5, calendar).estimated).toBe(true);
  });
});

describe('差评 follow-up time limit of each city', () => {
  it('太原 rectifies a confirmed 差评 within 10 working days, citing 《太原市政务服务“好差评”工作制度（试行）》', () => {
    const taiyuan = CITIES.find((c) => c.code === '140100')!;
    expect(taiyuan.rating.followUpWorkingDays).toBe(10);
    expect(taiyuan.rating.followUpSource).toEqual({
      kind: 'published',
      title: '太原市政务服务“好差评”工作制度（试行）',
      publisher: '太原市行政审批服务管理局',
      reportedBy: '山西日报',
      published: '2019-12-23',
    });
    // A 差评 on Monday 2026-11-30: ten working days later is Monday 12-14.
    expect(followUpDue('2026-11-30', taiyuan.rating.followUpWorkingDays, calendar).dueDate).toBe('2026-12-14');
  });
  it.each(CITIES.map((c) => [c.name, c] as const))(
    '%s: the figure cites a published source or says it is the product default',
    (_name, city) => {
      const s = city.rating.followUpSource;
      if (s.kind === 'published') expect(s.title && s.publisher && s.published).toBeTruthy();
      else expect(s.note).toMatch(/产品默认值/);
    },
  );
  it('a 差评 given on a Saturday is counted from the day after the next working day', () => {
    // Saturday 2026-11-28 → 受理 Monday 11-30 → 5 working days: 12-07.
    expect(followUpDue('2026-11-28', 5, calendar).dueDate).toBe('2026-12-07');
  });
});

describe('published statistics', () => {
  /** One rating each, grouped as the database would count them. */
  const counted = (ratings: Array<[string, number, boolean?]>, channel: Channel = 'online') => {
    const groups = new Map<string, LevelCount>();
    for (const [serviceCode, level, inTime] of ratings) {
      const key = `${serviceCode}:${level}`;
      const g = groups.get(key) ?? { serviceCode, channel, level, count: 0, followedUpInTime: 0 };
      g.count += 1;
      if (inTime) g.followedUpInTime += 1;
      groups.set(key, g);
    }
    return [...groups.values()];
  };
  it('leaves out items with fewer than 5 ratings', () => {
    const stats = publishStats(
      counted([
        ['A', 1],
        ['A', 2],
        ['A', 5, true],
        ['A', 4],
        ['A', 1],
        ['B', 5],
        ['B', 1],
        ['B', 2],
        ['B', 3],
      ]),
    );
    expect(stats.items.map((i) => i.serviceCode)).toEqual(['A']);
    expect(stats.suppressed).toBe(1);
    expect(stats.items[0]).toEqual({
      serviceCode: 'A',
      channel: 'online',
      channelName: '网上办理',
      labels: LEVEL_LABELS.online,
      count: 5,
      shares: [40, 20, 0, 20, 20],
      badRate: 40,
      rectificationRate: 50,
      sample: false,
    });
  });
  it('publishes demo counts (示例) as their own item, never added to the real ones of the same item', () => {
    const real = counted([1, 1, 2, 4, 5].map((l) => ['A', l] as [string, number]));
    const demo = counted([1, 1, 1, 1, 1, 1].map((l) => ['A', l] as [string, number])).map((g) => ({
      ...g,
      sample: true,
    }));
    const stats = publishStats([...demo, ...real]);
    expect(stats.items.map((i) => [i.serviceCode, i.sample, i.count])).toEqual([
      ['A', false, 5],
      ['A', true, 6],
    ]);
    expect(stats.items[0].badRate).toBe(40);
  });
  it('publishes each channel apart with its own labels: a window 非常不满意 is never shown as 不满意', () => {
    const window = counted(
      [
        ['A', 5],
        ['A', 5],
        ['A', 4],
        ['A', 1],
        ['A', 1],
      ],
      'window',
    );
    const online = counted(
      [
        ['A', 1],
        ['A', 1],
        ['A', 1],
        ['A', 1],
        ['A', 4],
      ],
      'online',
    );
    const stats = publishStats([...online, ...window]);
    expect(stats.items.map((i) => [i.channel, i.count])).toEqual([
      ['online', 5],
      ['window', 5],
    ]);
    const w = stats.items.find((i) => i.channel === 'window')!;
    expect(w.labels[4]).toBe('非常不满意');
    expect(w.shares[4]).toBe(40);
    expect(stats.items.find((i) => i.channel === 'online')!.labels[3]).toBe('一般');
    // Four of a channel are not published even when the other channel makes the item's total five or more.
    expect(publishStats([...online, ...counted([['A', 5]], 'window')]).suppressed).toBe(1);
  });
  it('shows 5 exactly, and no 整改率 without 差评', () => {
    const stats = publishStats(counted([1, 1, 2, 3, 3].map((l) => ['C', l] as [string, number])));
    expect(stats.items[0]).toMatchObject({ count: 5, badRate: 0, rectificationRate: null });
  });
});

describe('published counts split over shards', () => {
  it('spreads request ids over every shard, none taking more than twice its share', () => {
    const perShard = new Array<number>(COUNT_SHARDS).fill(0);
    for (let v = 0; v < 1600; v += 1) perShard[countShard(`bench-visit-${v}`)] += 1;
    expect(Math.min(...perShard)).toBeGreaterThan(0);
    expect(Math.max(...perShard)).toBeLessThanOrEqual((2 * 1600) / COUNT_SHARDS);
  });

  it('publishes what one count per level would, for random months of ratings', () => {
    const next = random(20261207);
    for (let round = 0; round < 200; round += 1) {
      const ratings = Array.from({ length: Math.floor(next() * 60) }, (_, i) => ({
        requestId: `req-${round}-${i}-${Math.floor(next() * 1e6)}`,
        cityCode: '140100',
        month: '2026-11',
        serviceCode: `140100-${['ydaz', 'ydzz', 'kjjz'][Math.floor(next() * 3)]}`,
        channel: (next() < 0.5 ? 'online' : 'window') as Channel,
        level: 1 + Math.floor(next() * 5),
        inTime: next() < 0.5,
      }));
      const grouped = (key: (r: (typeof ratings)[number]) => string) => {
        const groups = new Map<string, LevelCount>();
        for (const r of ratings) {
          const g = groups.get(key(r)) ?? {
            serviceCode: r.serviceCode,
            channel: r.channel,
            level: r.level,
            count: 0,
            followedUpInTime: 0,
          };
          g.count += 1;
          if (r.inTime && isBad(r.level)) g.followedUpInTime += 1;
          groups.set(key(r), g);
        }
        return [...groups.values()];
      };
      const sharded = grouped(countId);
      expect(publishStats(sharded)).toEqual(publishStats(grouped((r) => `${r.serviceCode}:${r.channel}:${r.level}`)));
    }
  });
});

import type { RatingDoc, VisitDoc } from '../../../cloudfunctions/core/documents/rating';
import { countId, type LevelCount } from '../../../cloudfunctions/core/rules/rating';
import type { BenchDb } from '../cloud';
import { RATINGS, VISITS } from '../config';
import { insert, insertInBatches } from '../insert';

/** What rating/counts.ts keeps beside the ratings, per city, month, item, channel and level (what stats reads). */
type CountDoc = LevelCount & Pick<RatingDoc, 'cityCode' | 'month'> & { _id: string };

/** 太原's six filing types. */
const TYPES = ['140100-ydaz', '140100-ydcz', '140100-czyd', '140100-ydzz', '140100-kjjz', '140100-kjfj'];

function rating(i: number): RatingDoc {
  const level = 1 + (i % 7 === 0 ? 4 : i % 5);
  const month = `2026-${String(1 + (i % 12)).padStart(2, '0')}`;
  const at = new Date(`${month}-15T02:00:00Z`);
  const bad = level >= 4;
  return {
    _id: `filing:bench-${i}`,
    owner: `bench-rater-${i % 200_000}`,
    requestId: `bench-rr-${i}`,
    serviceRef: { kind: 'filing', id: `bench-${i}` },
    serviceTitle: '基准',
    serviceCode: TYPES[i % 6],
    cityCode: '140100',
    channel: 'online',
    level,
    bad,
    aspects: {},
    reasons: bad ? ['等待时间长'] : [],
    comment: null,
    callbackPhone: null,
    submittedAt: at,
    day: `${month}-15`,
    month,
    followUp: bad
      ? {
          state: '已回复',
          dueDate: `${month}-22`,
          claimedBy: 'bench-staff',
          verification: 'x',
          rectification: 'y',
          answer: 'z',
          repliedAt: at,
          repliedOnTime: i % 3 !== 0,
          residentSatisfied: null,
        }
      : null,
  };
}

function visit(v: number): VisitDoc {
  return {
    _id: `benchvisit${String(v).padStart(8, '0')}`,
    cityCode: '140100',
    serviceCode: '140100-ydzz',
    serviceName: '异地转诊人员备案',
    window: 'A27',
    staff: 'bench-staff',
    createdAt: new Date('2026-11-24T01:00:00Z'),
    expiresAt: new Date('2030-01-01T00:00:00Z'),
  };
}

/** Synthetic ratings (bench data only): 太原's filing types over 12 months, 差评 followed up or not; window visits. */
export function loadRatings(db: BenchDb): void {
  const counts = new Map<string, CountDoc>();
  insertInBatches(db, 'ratings', RATINGS, (i) => {
    const r = rating(i);
    const key = countId(r);
    const c = counts.get(key) ?? {
      _id: key,
      cityCode: r.cityCode,
      month: r.month,
      serviceCode: r.serviceCode,
      channel: r.channel,
      level: r.level,
      count: 0,
      followedUpInTime: 0,
    };
    c.count += 1;
    if (r.followUp?.repliedOnTime) c.followedUpInTime += 1;
    counts.set(key, c);
    return r;
  });
  insert(db, 'rating_counts', [...counts.values()]);
  insert(
    db,
    'visits',
    Array.from({ length: VISITS }, (_, v) => visit(v)),
  );
}

import { collection } from '../core/platform/collection';
import { getDb, type Txn } from '../core/platform/sdk';
import { countId } from '../core/rules/rating';

/**
 * The published statistics are kept as counts per city, month, service item and level, updated in the same
 * transaction as the rating (or the answer): a month's results are summed from these, never from the ratings
 * themselves — so no single rating can be read back out of them either. Each count is split over shards
 * (`countId`, core/rules/rating.ts) so raters of one busy window do not all write one document.
 */
type Counted = Parameters<typeof countId>[0];

const countRef = (t: Txn, r: Counted) => collection('rating_counts', t).doc(countId(r));

/** Adds one in place; only the first of a shard creates its document (one more round trip). */
export async function count(t: Txn, r: Counted, field: 'count' | 'followedUpInTime'): Promise<void> {
  const ref = countRef(t, r);
  const res = (await ref.update({ data: { [field]: getDb().command.inc(1) } })) as { stats?: { updated: number } };
  if (!res.stats?.updated)
    await ref.set({
      data: {
        cityCode: r.cityCode,
        month: r.month,
        serviceCode: r.serviceCode,
        channel: r.channel,
        level: r.level,
        count: field === 'count' ? 1 : 0,
        followedUpInTime: field === 'followedUpInTime' ? 1 : 0,
      },
    });
}

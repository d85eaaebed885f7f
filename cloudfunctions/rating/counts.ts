import type { RatingCountDoc, RatingDoc } from '../core/documents/rating';
import { collection } from '../core/platform/collection';
import { getDb, type Txn } from '../core/platform/sdk';

/**
 * The published statistics are kept as counts per city, month, service item and level, updated in the same
 * transaction as the rating (or the answer): reading a month's results reads a few dozen documents, never the
 * ratings themselves — so no single rating can be read back out of them either.
 */
type Counted = Pick<RatingDoc, 'cityCode' | 'month' | 'serviceCode' | 'channel' | 'level'>;

const countRef = (t: Txn, r: Counted) =>
  collection('rating_counts', t).doc(`${r.cityCode}:${r.month}:${r.serviceCode}:${r.channel}:${r.level}`);

/**
 * Reads the count document (in the transaction, so a concurrent first of the month conflicts and is retried),
 * and answers the write that adds one — for the transaction to send with its other writes.
 */
export async function readCount(t: Txn, r: Counted, field: 'count' | 'followedUpInTime') {
  const ref = countRef(t, r);
  const current: RatingCountDoc | null = await ref.get();
  return () =>
    current
      ? ref.update({ data: { [field]: getDb().command.inc(1) } })
      : ref.set({
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

export async function count(t: Txn, r: Counted, field: 'count' | 'followedUpInTime'): Promise<void> {
  await (
    await readCount(t, r, field)
  )();
}

import { getIfExists, type Txn } from './sdk';

/**
 * Daily limits as counters read and written in the transaction of the action they limit, so that concurrent
 * requests cannot all slip under one (each counter is a document `_id` = key:YYYY-MM-DD, Beijing day).
 */
export type QuotaCollection = 'rating_quotas' | 'verification_quotas';

/** Takes one use of each key for `day`; false, writing nothing, when any of them has `limit` uses already. */
export async function takeDailyQuota(
  t: Txn,
  collection: QuotaCollection,
  keys: string[],
  day: string,
  limit: number,
): Promise<boolean> {
  const counters = [];
  for (const key of keys) {
    const ref = t.collection(collection).doc(`${key}:${day}`);
    const used = (await getIfExists<{ count: number }>(ref))?.count ?? 0;
    if (used >= limit) return false;
    counters.push({ ref, used });
  }
  for (const { ref, used } of counters) await ref.set({ data: { count: used + 1 } });
  return true;
}

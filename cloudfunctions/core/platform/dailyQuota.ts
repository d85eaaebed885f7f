import { collection } from './collection';
import { type Txn } from './sdk';

/**
 * Daily limits as counters read and written in the transaction of the action they limit, so that concurrent
 * requests cannot all slip under one (each counter is a document `_id` = key:YYYY-MM-DD, Beijing day).
 */
export type QuotaCollection = 'rating_quotas' | 'verification_quotas';

/** Takes one use of each key for `day`; false, writing nothing, when any of them has `limit` uses already. */
export async function takeDailyQuota(
  t: Txn,
  counters: QuotaCollection,
  keys: string[],
  day: string,
  limit: number,
): Promise<boolean> {
  const taken = [];
  for (const key of keys) {
    const ref = collection(counters, t).doc(`${key}:${day}`);
    const used = (await ref.get())?.count ?? 0;
    if (used >= limit) return false;
    taken.push({ ref, used });
  }
  for (const { ref, used } of taken) await ref.set({ data: { count: used + 1 } });
  return true;
}

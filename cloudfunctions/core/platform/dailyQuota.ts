import { collection } from './collection';
import { type Txn } from './sdk';

/**
 * Daily limits as counters read and written in the transaction of the action they limit, so that concurrent
 * requests cannot all slip under one (each counter is a document `_id` = key:YYYY-MM-DD, Beijing day).
 */
export type QuotaCollection = 'rating_quotas' | 'verification_quotas';

/**
 * Reads the counters of `keys` for `day` (at once): null when any has `limit` uses already, else the write that
 * takes one use of each — for the transaction to send with its other writes.
 */
export async function readDailyQuota(
  t: Txn,
  counters: QuotaCollection,
  keys: string[],
  day: string,
  limit: number,
): Promise<(() => Promise<unknown>) | null> {
  const refs = keys.map((key) => collection(counters, t).doc(`${key}:${day}`));
  const used = (await Promise.all(refs.map((ref) => ref.get()))).map((c) => c?.count ?? 0);
  if (used.some((n) => n >= limit)) return null;
  return () => Promise.all(refs.map((ref, i) => ref.set({ data: { count: used[i] + 1 } })));
}

/** Takes one use of each key for `day`; false, writing nothing, when any of them has `limit` uses already. */
export async function takeDailyQuota(
  t: Txn,
  counters: QuotaCollection,
  keys: string[],
  day: string,
  limit: number,
): Promise<boolean> {
  const take = await readDailyQuota(t, counters, keys, day, limit);
  if (!take) return false;
  await take();
  return true;
}

import type { DocumentOf } from '../documents/collections';
import { collection } from './collection';
import { isDuplicateKey, isTransactionConflict } from './sdk';

/**
 * Idempotent submits: the same caller sending the same `requestId` again (a retry after a lost answer, a
 * double tap) gets what the first call answered, never a second record. The first call's record is found
 * by (owner, requestId) — a unique index of the collection, so of two concurrent twins only one is written
 * and the other, failing on that index (or losing the transaction), answers with the winner's record.
 */
export function oncePerRequest<N extends 'facility_declarations' | 'filings' | 'ratings' | 'members', Answer>(
  name: N,
  owner: string,
  requestId: string,
  answer: (first: DocumentOf<N>) => Answer,
) {
  const first = async () => (await collection(name).where({ owner, requestId }).limit(1).get())[0];
  return {
    /** The first call's answer when this is a retry (it may be a refusal, thrown again); otherwise undefined. */
    async replay(): Promise<Answer | undefined> {
      const doc = await first();
      return doc === undefined ? undefined : answer(doc);
    },
    /** After a failed write: the twin's answer if a concurrent call of this request won; otherwise undefined. */
    async twinAfter(error: unknown): Promise<Answer | undefined> {
      if (!isDuplicateKey(error) && !isTransactionConflict(error)) return undefined;
      return this.replay();
    },
  };
}

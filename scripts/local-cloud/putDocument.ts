import { EJSON } from 'bson';
import type { Params } from './protocol';

/**
 * The `database.modifyDocument` request that puts a whole document by its _id: it replaces the stored one, or
 * inserts it when there is none (the tools and the seed write documents this way).
 */
export function putDocument<D extends { _id: string }>(collectionName: string, doc: D, transactionId?: string): Params {
  const { _id, ...fields } = doc;
  return {
    collectionName,
    query: EJSON.stringify({ _id }, { relaxed: false }),
    data: EJSON.stringify(fields, { relaxed: false }),
    merge: false,
    upsert: true,
    multi: false,
    ...(transactionId ? { transactionId } : {}),
  };
}

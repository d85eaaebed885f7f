import type { CollectionName, DocumentOf } from '../documents/collections';
import { errorText, getDb, type Txn } from './sdk';

/**
 * The one typed way to the database: `collection('members')` reads and writes `MemberDoc`s, so a collection's
 * name and its documents' type cannot drift apart. Pass the transaction handle to act inside a transaction.
 * The shapes follow wx-server-sdk's API (where, orderBy, limit, doc(id).set({ data }), …), with two answers
 * made plain: a document is the document or null, a query is its rows.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the SDK types its handles loosely
type Raw = any;
type Data<T> = Omit<T, '_id'>;
/** Field paths ('followUp.state') and the SDK's update commands (_.inc, _.push, _.remove) are allowed. */
type Update = Record<string, unknown>;

export interface DocRef<T> {
  /** The document, or null. Inside a transaction the SDK rejects a missing document rather than answering empty. */
  get(): Promise<T | null>;
  /** The document without these fields (a projection: the database leaves them out of its answer). */
  omit<K extends keyof T & string>(fields: readonly K[]): { get(): Promise<Omit<T, K> | null> };
  set(write: { data: Data<T> }): Promise<unknown>;
  update(write: { data: Update }): Promise<unknown>;
  remove(): Promise<unknown>;
}

export interface Query<T> {
  where(condition: object): Query<T>;
  orderBy(field: string, direction: 'asc' | 'desc'): Query<T>;
  limit(n: number): Query<T>;
  skip(n: number): Query<T>;
  /** A projection: the rows carry only these fields (typed as the whole document; read only those). */
  field(fields: Record<string, boolean>): Query<T>;
  /** Rows without these fields (a projection the database applies), typed so that nothing reads them. */
  omit<K extends keyof T & string>(fields: readonly K[]): Query<Omit<T, K>>;
  /** The rows (at most 1,000 a query on CloudBase; 100 unless limited). */
  get(): Promise<T[]>;
  count(): Promise<{ total: number }>;
  update(write: { data: Update }): Promise<unknown>;
  remove(): Promise<unknown>;
}

export interface Collection<T> extends Query<T> {
  doc(id: string): DocRef<T>;
  add(write: { data: Data<T> | T }): Promise<{ _id?: string; id?: string }>;
  /** The SDK's aggregation pipeline (geoNear, match, …), untyped as the SDK has it. */
  aggregate(): Raw;
}

/**
 * CloudBase's projection for leaving fields out, `{ field: false }`: as Collection.field / Document.field take it,
 * and as an aggregate's `project` stage does ("<字段>: <0 或 false> 舍弃某个字段", exclusions only).
 */
export const leftOut = (fields: readonly string[]) => Object.fromEntries(fields.map((f) => [f, false]));

function docRef<T>(raw: Raw): DocRef<T> {
  return {
    omit: <K extends keyof T & string>(fields: readonly K[]) =>
      docRef<Omit<T, K>>(raw.field(leftOut(fields))) as { get(): Promise<Omit<T, K> | null> },
    async get() {
      try {
        const res = (await raw.get()) as { data: T | T[] | null };
        if (Array.isArray(res.data)) return res.data[0] ?? null;
        return res.data ?? null;
      } catch (error) {
        if (/does not exist/.test(errorText(error))) return null;
        throw error;
      }
    },
    set: (write) => raw.set(write),
    update: (write) => raw.update(write),
    remove: () => raw.remove(),
  };
}

function query<T>(raw: Raw): Query<T> {
  return {
    where: (condition) => query<T>(raw.where(condition)),
    orderBy: (field, direction) => query<T>(raw.orderBy(field, direction)),
    limit: (n) => query<T>(raw.limit(n)),
    skip: (n) => query<T>(raw.skip(n)),
    field: (fields) => query<T>(raw.field(fields)),
    omit: (fields) => query(raw.field(leftOut(fields))),
    get: async () => ((await raw.get()) as { data: T[] }).data,
    count: () => raw.count(),
    update: (write) => raw.update(write),
    remove: () => raw.remove(),
  };
}

export function collection<N extends CollectionName>(name: N, transaction?: Txn): Collection<DocumentOf<N>> {
  const raw: Raw = (transaction ?? getDb()).collection(name);
  return {
    ...query<DocumentOf<N>>(raw),
    doc: (id) => docRef<DocumentOf<N>>(raw.doc(id)),
    add: (write) => raw.add(write),
    aggregate: () => raw.aggregate(),
  };
}

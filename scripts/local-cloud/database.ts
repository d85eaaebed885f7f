import { EJSON } from 'bson';
import { randomBytes } from 'node:crypto';
import { type Database as Lmdb, type RootDatabase, open } from 'lmdb';
import { Aggregator, ProcessingMode, Query, update as applyUpdate } from 'mingo';
import type { CollectionDeclaration } from '../../cloudfunctions/core/collections';

/**
 * The local cloud's database: answers the requests wx-server-sdk sends (MongoDB Extended JSON, see
 * docs/toolchain.md) with mingo (MongoDB's query, update and aggregation language) over lmdb (durable,
 * transactional key-value store). Every write is one lmdb transaction, committed to disk before it is
 * acknowledged. Unique indexes are checked inside that transaction.
 */

type Doc = Record<string, unknown> & { _id: string | number };
type Params = Record<string, unknown>;
export interface DbReply {
  code?: string;
  message?: string;
  requestId: string;
  data?: unknown;
  transactionId?: string;
}

export class DbError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

/**
 * A transaction's view: documents it wrote (null = removed), and the version of everything it used when it
 * first used it — each document it read or wrote by _id (present or not), or a whole collection it queried
 * otherwise. Optimistic: if anyone commits a change to any of those before it commits, it fails with a
 * conflict (runTransaction retries), so neither lost updates nor phantoms get in.
 */
interface Txn {
  writes: Map<string, Map<string, Doc | null>>;
  /** 'c\0<collection>' or 'd\0<collection>\0<key>' → version seen. */
  versions: Map<string, number>;
  startedAt: number;
}

const TXN_TTL_MS = 30_000;

function decodeEjson(text: unknown, nowMs: number): unknown {
  if (text === undefined || text === null || text === '') return undefined;
  const parsed = typeof text === 'string' ? EJSON.parse(text, { relaxed: true }) : text;
  return revive(parsed, nowMs);
}

/** BSON wrapper types become what mingo understands; `db.serverDate()` becomes the server's (clock's) time. */
function revive(value: unknown, nowMs: number): unknown {
  if (Array.isArray(value)) return value.map((v) => revive(v, nowMs));
  if (value instanceof Date || value === null || typeof value !== 'object') return value;
  const v = value as Record<string, unknown>;
  if (v.constructor?.name === 'BSONRegExp') {
    const r = v as unknown as { pattern: string; options: string };
    return new RegExp(r.pattern, r.options.replace(/[^gimsuy]/g, ''));
  }
  if ('$tcb_server_date' in v) {
    const offset = Number((v.$tcb_server_date as { offset?: number })?.offset ?? 0);
    return new Date(nowMs + offset);
  }
  if (v.constructor?.name === 'ObjectId') return String(v);
  const out: Record<string, unknown> = {};
  for (const [k, inner] of Object.entries(v)) out[k] = revive(inner, nowMs);
  return out;
}

const encode = (doc: unknown) => EJSON.stringify(doc as object, { relaxed: false });
const newId = () => randomBytes(16).toString('hex');
const idKey = (id: unknown) => (typeof id === 'number' ? `n:${id}` : `s:${String(id)}`);

function isOperatorUpdate(update: Record<string, unknown>): boolean {
  return Object.keys(update).some((k) => k.startsWith('$'));
}

export class LocalDatabase {
  private readonly root: RootDatabase;
  private readonly stores = new Map<string, Lmdb<Doc, string>>();
  /** collection → index name → key of the indexed values → document key. Rebuilt from disk at open. */
  private readonly unique = new Map<string, Map<string, Map<string, string>>>();
  /** collection → leading field of a declared index (and _id) → its value → document keys: what a query may scan. */
  private readonly lookup = new Map<string, Map<string, Map<string, Set<string>>>>();
  private readonly txns = new Map<string, Txn>();
  /** Bumped by every commit, per collection and per document; what transactions check at commit. */
  private readonly version = new Map<string, number>();
  private requestCounter = 0;

  constructor(
    path: string,
    private readonly declarations: Record<string, CollectionDeclaration>,
  ) {
    this.root = open({ path, maxDbs: 256 });
    for (const name of Object.keys(declarations)) this.openCollection(name);
  }

  /** The local cloud's own bookkeeping (e.g. whether demo data was seeded), beside the collections. */
  getMeta(key: string): unknown {
    return this.root.get(`meta:${key}`);
  }

  setMeta(key: string, value: unknown): void {
    this.root.putSync(`meta:${key}`, value);
  }

  /** Messages the functions sent through WeChat open APIs (local cloud only), oldest first. */
  appendOutbox(message: Record<string, unknown>): void {
    const list = (this.root.get('local:outbox') as Record<string, unknown>[] | undefined) ?? [];
    this.root.putSync('local:outbox', [...list, message]);
  }

  outbox(): Record<string, unknown>[] {
    return (this.root.get('local:outbox') as Record<string, unknown>[] | undefined) ?? [];
  }

  close(): Promise<void> {
    return this.root.close();
  }

  private openCollection(name: string): Lmdb<Doc, string> {
    let store = this.stores.get(name);
    if (store) return store;
    // cache: decoded documents are kept for reads; nothing here mutates a document it read (updates clone).
    store = this.root.openDB<Doc, string>({ name: `c:${name}`, cache: true });
    this.stores.set(name, store);
    const indexes = new Map<string, Map<string, string>>();
    for (const idx of this.declarations[name]?.indexes ?? []) if (idx.unique) indexes.set(idx.name, new Map());
    this.unique.set(name, indexes);
    const fields = new Set(['_id']);
    for (const idx of this.declarations[name]?.indexes ?? []) {
      for (const [field, kind] of Object.entries(idx.keys)) if (kind !== '2dsphere') fields.add(field);
    }
    this.lookup.set(name, new Map([...fields].map((field) => [field, new Map<string, Set<string>>()])));
    for (const { key, value } of store.getRange()) this.indexDoc(name, key, value);
    return store;
  }

  private store(name: unknown): Lmdb<Doc, string> {
    const coll = String(name ?? '');
    if (!this.declarations[coll]) {
      // CloudBase answers an unknown collection this way; here it also means "not declared in collections.ts".
      throw new DbError('DATABASE_COLLECTION_NOT_EXIST', `collection "${coll}" is not declared in cloudfunctions/core/collections.ts`);
    }
    return this.openCollection(coll);
  }

  private uniqueKeyOf(coll: string, indexName: string, doc: Doc): string {
    const idx = this.declarations[coll].indexes.find((i) => i.name === indexName)!;
    // As in MongoDB, a missing field is indexed as null.
    return encode(Object.keys(idx.keys).map((field) => pick(doc, field)));
  }

  private indexDoc(coll: string, key: string, doc: Doc): void {
    for (const [name, map] of this.unique.get(coll) ?? []) map.set(this.uniqueKeyOf(coll, name, doc), key);
    for (const [field, map] of this.lookup.get(coll) ?? []) {
      const value = encode([pick(doc, field)]);
      let keys = map.get(value);
      if (!keys) map.set(value, (keys = new Set()));
      keys.add(key);
    }
  }

  private unindexDoc(coll: string, key: string, doc: Doc): void {
    for (const [name, map] of this.unique.get(coll) ?? []) map.delete(this.uniqueKeyOf(coll, name, doc));
    for (const [field, map] of this.lookup.get(coll) ?? []) map.get(encode([pick(doc, field)]))?.delete(key);
  }

  /**
   * Keys of the documents a query can match, from the declared indexes' fields the query pins to values
   * (`field: v`, `{ $eq: v }`, `{ $in: [...] }`, at the top level or in a top-level $and), intersected;
   * null = no such field: scan the collection.
   */
  private candidates(coll: string, query: Record<string, unknown> | undefined): Set<string> | null {
    const indexes = this.lookup.get(coll);
    if (!query || !indexes) return null;
    const clauses = [query, ...((Array.isArray(query.$and) ? query.$and : []) as Record<string, unknown>[])];
    let result: Set<string> | null = null;
    for (const clause of clauses) {
      for (const [field, map] of indexes) {
        if (!(field in clause)) continue;
        const cond = clause[field];
        let values: unknown[] | null = null;
        if (cond === null || typeof cond !== 'object' || cond instanceof Date) values = [cond];
        else if ('$eq' in (cond as object) && Object.keys(cond as object).length === 1) values = [(cond as { $eq: unknown }).$eq];
        else if (Array.isArray((cond as { $in?: unknown }).$in) && Object.keys(cond as object).length === 1) values = (cond as { $in: unknown[] }).$in;
        if (!values || values.some((v) => v instanceof RegExp || (v !== null && typeof v === 'object' && !(v instanceof Date)))) continue;
        const keys = new Set<string>();
        for (const v of values) for (const k of map.get(encode([v])) ?? []) keys.add(k);
        result = result === null ? keys : intersect(result, keys);
      }
    }
    return result;
  }

  /**
   * Throws a duplicate-key error (worded as CloudBase words it) if a document of `changes` would share a
   * unique index key with another document, stored or in the same batch.
   */
  private checkUnique(coll: string, changes: Map<string, Doc | null>): void {
    for (const [name, map] of this.unique.get(coll) ?? []) {
      const inBatch = new Map<string, string>();
      for (const [key, doc] of changes) {
        if (!doc) continue;
        const k = this.uniqueKeyOf(coll, name, doc);
        const holder = map.get(k);
        // A stored holder that this batch also changes is judged by its new value, in the batch check.
        if (holder !== undefined && holder !== key && !changes.has(holder)) throw dupKey(coll, name, k);
        if (inBatch.has(k)) throw dupKey(coll, name, k);
        inBatch.set(k, key);
      }
    }
  }

  /** Writes changes to several collections as one lmdb transaction, after checking every unique index. */
  private commit(byCollection: Map<string, Map<string, Doc | null>>): void {
    for (const [coll, changes] of byCollection) this.checkUnique(coll, changes);
    const applied: Array<[string, Doc | undefined, Doc | null, string]> = [];
    this.root.transactionSync(() => {
      for (const [coll, changes] of byCollection) {
        const store = this.store(coll);
        for (const [key, doc] of changes) {
          applied.push([coll, store.get(key), doc, key]);
          if (doc) store.putSync(key, doc);
          else store.removeSync(key);
        }
      }
    });
    const bump = (k: string) => this.version.set(k, (this.version.get(k) ?? 0) + 1);
    for (const [coll, changes] of byCollection) {
      bump(`c\0${coll}`);
      for (const key of changes.keys()) bump(`d\0${coll}\0${key}`);
    }
    for (const [coll, before, , key] of applied) if (before) this.unindexDoc(coll, key, before);
    for (const [coll, , after, key] of applied) if (after) this.indexDoc(coll, key, after);
  }

  /** All documents of a collection as one transaction would see them. */
  private snapshot(coll: string, txn?: Txn, only: Set<string> | null = null): Array<{ key: string; doc: Doc }> {
    const store = this.store(coll);
    const out: Array<{ key: string; doc: Doc }> = [];
    const written = txn?.writes.get(coll);
    if (only) {
      for (const key of only) {
        if (written?.has(key)) continue;
        const doc = store.get(key);
        if (doc) out.push({ key, doc });
      }
    } else {
      for (const { key, value } of store.getRange()) {
        if (written?.has(key)) continue;
        out.push({ key, doc: value });
      }
    }
    for (const [key, doc] of written ?? []) if (doc) out.push({ key, doc });
    return out;
  }

  private matching(coll: string, query: unknown, txn?: Txn): Array<{ key: string; doc: Doc }> {
    const filter = (query as Record<string, unknown>) ?? {};
    const q = new Query(filter);
    const candidates = this.candidates(coll, filter);
    if (txn) {
      const byId = candidates && Object.keys(filter).length === 1 && '_id' in filter;
      if (byId) for (const key of candidates.size ? candidates : [idKey((filter as { _id: unknown })._id)]) this.noteUse(txn, `d\0${coll}\0${key}`);
      else this.noteUse(txn, `c\0${coll}`);
    }
    return this.snapshot(coll, txn, candidates).filter((r) => q.test(r.doc));
  }

  private noteUse(txn: Txn, versionKey: string): void {
    if (!txn.versions.has(versionKey)) txn.versions.set(versionKey, this.version.get(versionKey) ?? 0);
  }

  /** Apply changes: directly (one lmdb transaction) or into the open transaction's view. */
  private write(coll: string, changes: Map<string, Doc | null>, txn?: Txn): void {
    if (!txn) return this.commit(new Map([[coll, changes]]));
    let written = txn.writes.get(coll);
    if (!written) txn.writes.set(coll, (written = new Map()));
    for (const key of changes.keys()) this.noteUse(txn, `d\0${coll}\0${key}`);
    this.checkUnique(coll, new Map([...written, ...changes]));
    for (const [key, doc] of changes) written.set(key, doc);
  }

  private txnOf(params: Params): Txn | undefined {
    const id = params.transactionId as string | undefined;
    if (!id) return undefined;
    const txn = this.txns.get(id);
    if (!txn) throw new DbError('DATABASE_TRANSACTION_FAIL', `transaction ${id} not found or already ended`);
    return txn;
  }

  /** Answers one request from wx-server-sdk. `nowMs` is the calling instance's clock (for serverDate). */
  handle(action: string, params: Params = {}, nowMs: number = Date.now()): DbReply {
    const requestId = `local-${++this.requestCounter}`;
    try {
      return { requestId, ...this.dispatch(action, params, nowMs) };
    } catch (error) {
      if (error instanceof DbError) return { requestId, code: error.code, message: error.message };
      return { requestId, code: 'DATABASE_REQUEST_FAILED', message: error instanceof Error ? error.message : String(error) };
    }
  }

  private dispatch(action: string, p: Params, nowMs: number): Omit<DbReply, 'requestId'> {
    this.expireTransactions();
    const coll = String(p.collectionName ?? '');
    switch (action) {
      case 'database.addCollection':
        this.store(coll);
        return { data: {} };
      case 'database.getDocument': {
        const txn = this.txnOf(p);
        const query = decodeEjson(p.query, nowMs);
        const order = decodeEjson(p.order, nowMs) as Record<string, 1 | -1> | undefined;
        const projection = decodeEjson(p.projection, nowMs) as Record<string, 0 | 1> | undefined;
        const docs = this.matching(coll, query, txn).map((r) => r.doc);
        let cursor = new Query({}).find<Doc>(docs, projection && Object.keys(projection).length ? projection : undefined);
        if (order && Object.keys(order).length) cursor = cursor.sort(order);
        const offset = Number(p.offset ?? 0);
        const limit = Number(p.limit ?? 100);
        const list = cursor.skip(offset).limit(limit).all();
        return { data: { list: list.map(encode), offset, limit } };
      }
      case 'database.calculateDocument':
        return { data: { total: this.matching(coll, decodeEjson(p.query, nowMs), this.txnOf(p)).length } };
      case 'database.insertDocument': {
        const txn = this.txnOf(p);
        const docs = (p.data as string[]).map((d) => decodeEjson(d, nowMs) as Doc);
        const changes = new Map<string, Doc | null>();
        const store = this.store(coll);
        const written = txn?.writes.get(coll);
        const exists = (key: string) => (written?.has(key) ? written.get(key) !== null : store.doesExist(key));
        for (const doc of docs) {
          doc._id ??= newId();
          const key = idKey(doc._id);
          if (exists(key) || changes.has(key)) throw dupKey(coll, '_id_', encode([doc._id]));
          changes.set(key, doc);
        }
        this.write(coll, changes, txn);
        return { data: { insertedIds: docs.map((d) => d._id) } };
      }
      case 'database.modifyDocument':
      case 'database.modifyAndReturnDoc': {
        const txn = this.txnOf(p);
        const query = decodeEjson(p.query, nowMs) as Record<string, unknown> | undefined;
        const data = decodeEjson(p.data, nowMs) as Record<string, unknown>;
        const returnDoc = action === 'database.modifyAndReturnDoc';
        const multi = returnDoc ? false : p.multi !== false;
        const replace = p.merge === false;
        const matched = this.matching(coll, query, txn).slice(0, multi ? undefined : 1);
        const changes = new Map<string, Doc | null>();
        let upsertId: unknown = null;
        for (const { key, doc } of matched) {
          const next = replace ? ({ ...data, _id: doc._id } as Doc) : this.updated(doc, data);
          if (encode(next) !== encode(doc)) changes.set(key, next);
        }
        if (!matched.length && p.upsert === true) {
          const base = equalityFields(query);
          const created = (replace ? { ...data, _id: base._id ?? newId() } : this.updated({ _id: base._id ?? newId(), ...base } as Doc, data)) as Doc;
          upsertId = created._id;
          changes.set(idKey(created._id), created);
        }
        if (changes.size) this.write(coll, changes, txn);
        if (returnDoc) {
          const doc = matched.length ? (changes.get(matched[0].key) ?? matched[0].doc) : null;
          return { data: { updated: changes.size, doc: doc ? encode(doc) : null } };
        }
        return { data: { updated: upsertId === null ? changes.size : 0, upsert_id: upsertId } };
      }
      case 'database.removeDocument': {
        const txn = this.txnOf(p);
        const matched = this.matching(coll, decodeEjson(p.query, nowMs), txn).slice(0, p.multi === false ? 1 : undefined);
        this.write(coll, new Map(matched.map((r) => [r.key, null])), txn);
        return { data: { deleted: matched.length } };
      }
      case 'database.aggregateDocuments': {
        const stages = (p.stages as Array<{ stageKey: string; stageValue: string }>).map((s) => ({
          [s.stageKey]: decodeEjson(s.stageValue, nowMs),
        })) as Record<string, unknown>[];
        let docs: Doc[];
        if (stages[0] && '$geoNear' in stages[0]) {
          // mingo has no $geoNear: answered here, as MongoDB does, then the rest of the pipeline runs in mingo.
          docs = this.geoNear(coll, stages.shift()!.$geoNear as GeoNear);
        } else if (stages[0] && '$match' in stages[0]) {
          docs = this.matching(coll, stages.shift()!.$match).map((r) => r.doc);
        } else {
          docs = this.snapshot(coll).map((r) => r.doc);
        }
        // Stored documents are shared with lmdb's read cache: the pipeline works on copies.
        return { data: { list: new Aggregator(stages, { processingMode: ProcessingMode.CLONE_INPUT }).run(docs).map(encode) } };
      }
      case 'database.startTransaction': {
        const id = newId();
        this.txns.set(id, { writes: new Map(), versions: new Map(), startedAt: Date.now() });
        return { transactionId: id, data: {} };
      }
      case 'database.commitTransaction':
        this.commitTransaction(String(p.transactionId));
        return { data: {} };
      case 'database.abortTransaction':
        this.txns.delete(String(p.transactionId));
        return { data: {} };
      default:
        throw new DbError('DATABASE_REQUEST_FAILED', `local cloud: unsupported database action ${action}`);
    }
  }

  /** $geoNear over GeoJSON points: documents matching `query`, nearest first, with the distance in metres. */
  private geoNear(coll: string, stage: GeoNear): Doc[] {
    const key = stage.key ?? 'location';
    const [lng, lat] = stage.near.coordinates;
    const out: Doc[] = [];
    for (const { doc } of this.matching(coll, stage.query ?? {})) {
      const point = pick(doc, key) as { type?: string; coordinates?: [number, number] } | null;
      if (!point?.coordinates) continue;
      const distance = haversineMetres(lat, lng, point.coordinates[1], point.coordinates[0]) * (stage.distanceMultiplier ?? 1);
      if (stage.maxDistance !== undefined && distance > stage.maxDistance) continue;
      if (stage.minDistance !== undefined && distance < stage.minDistance) continue;
      out.push({ ...doc, [stage.distanceField]: distance });
    }
    return out.sort((a, b) => (a[stage.distanceField] as number) - (b[stage.distanceField] as number));
  }

  private updated(doc: Doc, update: Record<string, unknown>): Doc {
    const copy = structuredClone(doc);
    applyUpdate(copy, (isOperatorUpdate(update) ? update : { $set: update }) as never);
    return copy;
  }

  private commitTransaction(id: string): void {
    const txn = this.txns.get(id);
    if (!txn) throw new DbError('DATABASE_TRANSACTION_FAIL', `transaction ${id} not found or already ended`);
    this.txns.delete(id);
    for (const [versionKey, version] of txn.versions) {
      if ((this.version.get(versionKey) ?? 0) !== version) {
        throw new DbError('DATABASE_TRANSACTION_CONFLICT', `transaction conflict: ${versionKey.split('\0')[1]} was changed meanwhile`);
      }
    }
    this.commit(txn.writes);
  }

  /** On the wall clock, not a request's (x-now differs between requests and must not end others' transactions). */
  private expireTransactions(): void {
    const now = Date.now();
    for (const [id, txn] of this.txns) if (now - txn.startedAt > TXN_TTL_MS) this.txns.delete(id);
  }
}

function intersect(a: Set<string>, b: Set<string>): Set<string> {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  return new Set([...small].filter((k) => large.has(k)));
}

interface GeoNear {
  near: { type: 'Point'; coordinates: [number, number] };
  distanceField: string;
  query?: Record<string, unknown>;
  key?: string;
  maxDistance?: number;
  minDistance?: number;
  distanceMultiplier?: number;
}

function haversineMetres(lat1: number, lng1: number, lat2: number, lng2: number): number {
  const rad = Math.PI / 180;
  const a = Math.sin(((lat2 - lat1) * rad) / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(((lng2 - lng1) * rad) / 2) ** 2;
  return 2 * 6371008.8 * Math.asin(Math.sqrt(a));
}

function dupKey(coll: string, index: string, key: string): DbError {
  return new DbError('DATABASE_REQUEST_FAILED', `E11000 duplicate key error collection: ${coll} index: ${index} dup key: ${key}`);
}

function pick(doc: Doc, path: string): unknown {
  let cur: unknown = doc;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return null;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur ?? null;
}

/** `{ a: 1, b: { $gt: 2 } }` → `{ a: 1 }`: the fields an upsert takes from its query. */
function equalityFields(query: Record<string, unknown> | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(query ?? {})) {
    if (k.startsWith('$')) continue;
    if (v !== null && typeof v === 'object' && !(v instanceof Date) && Object.keys(v).some((x) => x.startsWith('$'))) continue;
    out[k] = v;
  }
  return out;
}

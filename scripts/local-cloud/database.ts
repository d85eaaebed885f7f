import { EJSON } from 'bson';
import { randomBytes } from 'node:crypto';
import { type Database as Lmdb, type RootDatabase, open } from 'lmdb';
import { Aggregator, ProcessingMode, Query } from 'mingo';
import type { CollectionDeclaration } from '../../cloudfunctions/core/documents/collections';
import {
  type Key,
  type Node,
  type Plan,
  DocNumbers,
  GridIndex,
  TrieIndex,
  compareValues,
  conditionsOf,
  haversineMetres,
  planFor,
  planHas,
  planKeys,
  nodeKeys,
} from './indexes';

/**
 * The local cloud's database: answers the requests wx-server-sdk sends (MongoDB Extended JSON, see
 * docs/toolchain.md) with mingo (MongoDB's query, update and aggregation language) over lmdb (durable,
 * transactional key-value store). Every write is one lmdb transaction, committed to disk before it is
 * acknowledged. Unique indexes are checked inside that transaction. Queries go through the declared indexes
 * (indexes.ts) and read only the documents those reach; `stats()` counts what was read and returned.
 */

import type { Doc } from './indexes';
import { RecentDocs } from './recentDocs';
import { applyUpdate } from './updates';

type Params = Record<string, unknown>;
export interface DbReply {
  code?: string;
  message?: string;
  requestId: string;
  data?: unknown;
  transactionId?: string;
}

export class DbError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * A transaction's view: documents it wrote (null = removed), and the version of everything it used when it
 * first used it — each document it read or wrote (present or not), each index node a query went through
 * (so a document entering or leaving what the query matched is seen), or a whole collection for a query no
 * index answers. Optimistic: if anyone commits a change to any of those before it commits, it fails with a
 * conflict (runTransaction retries), so neither lost updates nor phantoms get in — and two transactions
 * that touch different documents and index keys never conflict.
 */
interface Txn {
  writes: Map<string, Map<string, Doc | null>>;
  /** 'c\0<collection>' or 'd\0<collection>\0<key>' → version seen. */
  versions: Map<string, number>;
  /** Index nodes a query used → their version then. */
  nodes: Map<Node, number>;
  startedAt: number;
}

/** How a query is answered: by keys from an index (or _id), or by scanning the collection. */
interface Access {
  /** null: scan. */
  keys: Iterable<string> | null;
  /** Upper bound of the candidates (Infinity for a scan). */
  size: number;
  /** The candidates are exactly the matches (no condition left for the matcher). */
  exact: boolean;
  plan: Plan | null;
  /** Further plans a candidate must be in (checked on the index, without reading). */
  filters: Plan[];
  /** The query is on _id: candidates are these keys, if they exist. */
  byId: boolean;
}

export interface CollectionStats {
  /** Documents decoded from the store to answer queries (candidates, and every document of a scan). */
  read: number;
  /** Documents answered (listed, aggregated, or counted). */
  returned: number;
  /** Queries answered by scanning the whole collection. */
  scans: number;
}

const TXN_TTL_MS = 30_000;
/** For sorting, paging and projecting: made once (a Query copies mingo's operator tables when made). */
const MATCH_ALL = new Query({});
/** Decoded documents kept per collection: every institution of the largest city (with 20,000, a city of 60,000
 * decoded its search results again and again), not a country's records. */
const RECENT_DOCS = 100_000;

/** One document a commit changed: collection, before, after, key. */
type Applied = [string, Doc | undefined, Doc | null, string];

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
  /** collection → its declared indexes as tries (indexes.ts). */
  private readonly tries = new Map<string, TrieIndex[]>();
  /** collection → its 2dsphere indexes as grids of cells. */
  private readonly grids = new Map<string, GridIndex[]>();
  private readonly counters = new Map<string, CollectionStats>();
  private readonly txns = new Map<string, Txn>();
  /** Bumped by every commit, per collection and per document; what transactions check at commit. */
  private readonly version = new Map<string, number>();
  /**
   * Committed writes that lmdb's write thread has not stored yet (a few milliseconds): reads look here first
   * (`current`, `storedAll`).
   * Commits through `answer` are handed to lmdb asynchronously so that concurrent ones share one disk flush
   * instead of each blocking the thread that answers every function; `answer` replies once it is on disk.
   */
  private readonly unwritten = new Map<string, Map<string, Doc | null>>();
  /** Decoded documents read lately (lmdb's own cache is off: see openCollection). */
  private readonly recent = new RecentDocs(RECENT_DOCS);
  /** Set by a commit during `answer`: on disk when it settles. */
  private committing: Promise<void> | null = null;
  /** While `answer` runs: commits go to lmdb asynchronously (direct `handle` calls commit synchronously). */
  private deferWrites = false;
  /** A write lmdb refused (e.g. a full disk): the in-memory indexes no longer match the disk, so nothing more is answered. */
  private writeFailure: Error | null = null;
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

  async close(): Promise<void> {
    await this.root.flushed;
    // The indexes are most of the memory; whoever still holds this object must not keep them alive.
    for (const held of [this.stores, this.unique, this.tries, this.grids, this.version, this.txns, this.recent])
      held.clear();
    return this.root.close();
  }

  private openCollection(name: string): Lmdb<Doc, string> {
    let store = this.stores.get(name);
    if (store) return store;
    // Not lmdb's read cache: at 200,000 ratings its weakly held documents were half the main thread's heap.
    // current() reads through `recent` instead, and what lmdb has not stored yet from `unwritten`.
    store = this.root.openDB<Doc, string>({ name: `c:${name}` });
    this.stores.set(name, store);
    const indexes = new Map<string, Map<string, string>>();
    for (const idx of this.declarations[name]?.indexes ?? []) if (idx.unique) indexes.set(idx.name, new Map());
    this.unique.set(name, indexes);
    const tries: TrieIndex[] = [];
    const grids: GridIndex[] = [];
    const numbers = new DocNumbers();
    for (const idx of this.declarations[name]?.indexes ?? []) {
      const entries = Object.entries(idx.keys);
      const geo = entries.find(([, kind]) => kind === '2dsphere');
      if (geo) grids.push(new GridIndex(idx.name, geo[0]));
      else
        tries.push(
          new TrieIndex(
            idx.name,
            entries.map(([field]) => field),
            numbers,
          ),
        );
    }
    this.tries.set(name, tries);
    this.grids.set(name, grids);
    for (const { key, value } of store.getRange()) this.indexDoc(name, key, value, false);
    return store;
  }

  private store(name: unknown): Lmdb<Doc, string> {
    const coll = String(name ?? '');
    if (!this.declarations[coll]) {
      // CloudBase answers an unknown collection this way; here it also means "not declared in collections.ts".
      throw new DbError(
        'DATABASE_COLLECTION_NOT_EXIST',
        `collection "${coll}" is not declared in cloudfunctions/core/documents/collections.ts`,
      );
    }
    return this.openCollection(coll);
  }

  private uniqueKeyOf(coll: string, indexName: string, doc: Doc): string {
    const idx = this.declarations[coll].indexes.find((i) => i.name === indexName)!;
    // As in MongoDB, a missing field is indexed as null.
    return encode(Object.keys(idx.keys).map((field) => pick(doc, field)));
  }

  private indexDoc(coll: string, key: string, doc: Doc, bump: boolean): void {
    for (const [name, map] of this.unique.get(coll) ?? []) map.set(this.uniqueKeyOf(coll, name, doc), key);
    for (const trie of this.tries.get(coll) ?? []) trie.add(key, doc, bump);
    for (const grid of this.grids.get(coll) ?? []) grid.add(key, doc);
  }

  private unindexDoc(coll: string, key: string, doc: Doc): void {
    for (const [name, map] of this.unique.get(coll) ?? []) {
      const k = this.uniqueKeyOf(coll, name, doc);
      if (map.get(k) === key) map.delete(k);
    }
    for (const trie of this.tries.get(coll) ?? []) trie.remove(key, doc);
    for (const grid of this.grids.get(coll) ?? []) grid.remove(key, doc);
  }

  /** What each collection's queries read and answered since the last reset (local cloud only: the bench). */
  stats(): Record<string, CollectionStats> {
    return Object.fromEntries([...this.counters].map(([k, v]) => [k, { ...v }]));
  }

  resetStats(): void {
    this.counters.clear();
  }

  private counter(coll: string): CollectionStats {
    let c = this.counters.get(coll);
    if (!c) this.counters.set(coll, (c = { read: 0, returned: 0, scans: 0 }));
    return c;
  }

  /**
   * How to answer a query: `_id` equality reads those documents; otherwise the declared index that reaches
   * the fewest candidates (equality/`$in` on its leading fields, then `$all` or a range), with every other
   * usable index as a filter on the candidates' keys; no usable index: a scan.
   */
  private access(
    coll: string,
    query: Record<string, unknown> | undefined,
    usable: (plan: Plan) => boolean = () => true,
  ): Access {
    const conds = conditionsOf(query);
    const id = conds.fields.get('_id')?.find((c) => c.eq);
    if (id) {
      const consumedAll =
        conds.opaque === 0 && [...conds.fields].every(([f, list]) => f === '_id' && list.length === 1);
      const keys = [...new Set(id.eq!.map(idKey))];
      return { keys, size: keys.length, exact: consumedAll, plan: null, filters: [], byId: true };
    }
    const plans = (this.tries.get(coll) ?? []).map((t) => planFor(t, conds)).filter((p): p is Plan => !!p);
    const first = plans.findIndex(usable);
    if (first < 0) return { keys: null, size: Infinity, exact: false, plan: null, filters: [], byId: false };
    plans.sort((a, b) => Number(usable(b)) - Number(usable(a)) || a.size - b.size || b.consumed.size - a.consumed.size);
    const plan = plans[0];
    const consumed = new Set(plan.consumed);
    const filters: Plan[] = [];
    for (const other of plans.slice(1)) {
      if ([...other.consumed].every((c) => consumed.has(c))) continue;
      if ((other.groups ? other.groups.length : other.nodes.length) > 8) continue;
      filters.push(other);
      for (const c of other.consumed) consumed.add(c);
    }
    const total = [...conds.fields.values()].reduce((n, list) => n + list.length, 0);
    const exact = conds.opaque === 0 && consumed.size === total;
    const keys = filters.length ? filter(planKeys(plan), (k) => filters.every((f) => planHas(f, k))) : planKeys(plan);
    return { keys, size: plan.size, exact, plan, filters, byId: false };
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
    // A direct call (tools, seeding) is on disk when it returns; it queues behind asynchronous commits still
    // on their way, so that lmdb stores the documents in the order they were committed.
    const applied =
      this.deferWrites || [...this.unwritten.values()].some((m) => m.size)
        ? this.commitLater(byCollection)
        : this.commitNow(byCollection);
    const bump = (k: string) => this.version.set(k, (this.version.get(k) ?? 0) + 1);
    for (const [coll, changes] of byCollection) {
      bump(`c\0${coll}`);
      for (const key of changes.keys()) {
        bump(`d\0${coll}\0${key}`);
        this.recent.forget(coll, key);
      }
    }
    for (const [coll, before, , key] of applied) if (before) this.unindexDoc(coll, key, before);
    for (const [coll, , after, key] of applied) if (after) this.indexDoc(coll, key, after, true);
  }

  private commitNow(byCollection: Map<string, Map<string, Doc | null>>): Applied[] {
    const applied: Applied[] = [];
    this.root.transactionSync(() => {
      for (const [coll, changes] of byCollection) {
        const store = this.store(coll);
        for (const [key, doc] of changes) {
          applied.push([coll, this.current(coll, store, key, false), doc, key]);
          if (doc) store.putSync(key, doc);
          else store.removeSync(key);
        }
      }
    });
    return applied;
  }

  /** Hands the commit to lmdb's write thread; `answer` replies once `committing` is on disk. */
  private commitLater(byCollection: Map<string, Map<string, Doc | null>>): Applied[] {
    const applied: Applied[] = [];
    const stored: Promise<unknown>[] = [];
    // Puts and removes made in one event turn are one lmdb transaction (lmdb-js batches them), so the commit
    // stays atomic on disk.
    for (const [coll, changes] of byCollection) {
      const store = this.store(coll);
      const pending = this.unwrittenOf(coll);
      for (const [key, doc] of changes) {
        applied.push([coll, this.current(coll, store, key, false), doc, key]);
        pending.set(key, doc);
        const done = doc ? store.put(key, doc) : store.remove(key);
        stored.push(
          done.then(() => {
            if (pending.get(key) === doc) pending.delete(key);
          }),
        );
      }
    }
    const committing = Promise.all(stored)
      .then(() => this.root.flushed)
      .then(
        () => undefined,
        (error: Error) => {
          this.writeFailure = error;
          throw error;
        },
      );
    committing.catch(() => undefined);
    this.committing = this.committing ? Promise.all([this.committing, committing]).then(() => undefined) : committing;
    return applied;
  }

  private unwrittenOf(coll: string): Map<string, Doc | null> {
    let pending = this.unwritten.get(coll);
    if (!pending) this.unwritten.set(coll, (pending = new Map()));
    return pending;
  }

  /**
   * A document as committed (undefined: none): what lmdb's write thread has not stored yet is in `unwritten`.
   * One decoded from lmdb is kept in `recent`, unless `keep` is false (the document a write is replacing).
   */
  private current(coll: string, store: Lmdb<Doc, string>, key: string, keep = true): Doc | undefined {
    const pending = this.unwritten.get(coll);
    if (pending?.has(key)) return pending.get(key) ?? undefined;
    const cached = this.recent.get(coll, key);
    if (cached) return cached;
    const doc = store.get(key);
    if (doc && keep) this.recent.remember(coll, key, doc);
    return doc;
  }

  /** Every document as committed: lmdb's range, then what its write thread has not stored yet. */
  private *storedAll(coll: string, store: Lmdb<Doc, string>): Generator<{ key: string; value: Doc }> {
    const pending = this.unwritten.get(coll);
    for (const entry of store.getRange()) if (!pending?.has(entry.key)) yield entry;
    for (const [key, value] of pending ?? []) if (value) yield { key, value };
  }

  /** Reads one stored document (counted). */
  private read(coll: string, store: Lmdb<Doc, string>, key: string): Doc | undefined {
    const doc = this.current(coll, store, key);
    if (doc) this.counter(coll).read += 1;
    return doc;
  }

  /** The documents with these keys (or all of them), as one transaction would see them. */
  private snapshot(coll: string, txn?: Txn, only: Iterable<string> | null = null): Array<{ key: string; doc: Doc }> {
    const store = this.store(coll);
    const out: Array<{ key: string; doc: Doc }> = [];
    const written = txn?.writes.get(coll);
    if (only) {
      for (const key of only) {
        if (written?.has(key)) continue;
        const doc = this.read(coll, store, key);
        if (doc) out.push({ key, doc });
      }
    } else {
      this.counter(coll).scans += 1;
      for (const { key, value } of this.storedAll(coll, store)) {
        if (written?.has(key)) continue;
        this.counter(coll).read += 1;
        out.push({ key, doc: value });
      }
    }
    for (const [key, doc] of written ?? []) if (doc) out.push({ key, doc });
    return out;
  }

  /** Notes, for a transaction, what a query's answer depended on. */
  private noteAccess(coll: string, access: Access, txn: Txn): void {
    if (access.byId) for (const key of access.keys as string[]) this.noteUse(txn, `d\0${coll}\0${key}`);
    else if (access.plan) {
      for (const p of [access.plan, ...access.filters])
        for (const n of p.watched) if (!txn.nodes.has(n)) txn.nodes.set(n, n.version);
    } else this.noteUse(txn, `c\0${coll}`);
  }

  private matching(coll: string, query: unknown, txn?: Txn): Array<{ key: string; doc: Doc }> {
    const filter = (query as Record<string, unknown>) ?? {};
    const access = this.access(coll, filter);
    if (txn) this.noteAccess(coll, access, txn);
    const rows = this.snapshot(coll, txn, access.keys);
    // One Query for all the rows: building one copies mingo's operator tables.
    const q = access.exact && !txn?.writes.get(coll)?.size ? null : new Query(filter);
    const out = q ? rows.filter((r) => q.test(r.doc)) : rows;
    // Every document a transaction's answer holds: a change to it conflicts.
    if (txn) for (const r of out) this.noteUse(txn, `d\0${coll}\0${r.key}`);
    return out;
  }

  /** Count without reading when the index answers the query exactly. */
  private count(coll: string, query: Record<string, unknown> | undefined, txn?: Txn): number {
    const access = this.access(coll, query);
    if (access.exact && !txn && !access.byId) {
      const plan = access.plan!;
      if (!plan.groups && !access.filters.length && plan.nodes.length === 1) return plan.nodes[0].keys.size;
      let n = 0;
      for (const _ of access.keys!) n += 1;
      return n;
    }
    return this.matching(coll, query, txn).length;
  }

  /**
   * A page ordered by _id: the candidates' keys are sorted (a key is the _id), and only the page is read —
   * plus, when conditions are left to the matcher, the candidates before it that it tests. null: a scan, or
   * ids that are not all strings.
   */
  private idOrderedPage(
    coll: string,
    query: Record<string, unknown>,
    dir: 1 | -1,
    offset: number,
    limit: number,
  ): Doc[] | null {
    const access = this.access(coll, query);
    if (!access.keys) return null;
    const keys = [...access.keys];
    if (!keys.every((k) => k.startsWith('s:'))) return null;
    keys.sort((a, b) => (a < b ? -dir : a > b ? dir : 0));
    const store = this.store(coll);
    if (access.exact)
      return keys
        .slice(offset, offset + limit)
        .map((k) => this.read(coll, store, k))
        .filter((d): d is Doc => !!d);
    const q = new Query(query);
    const out: Doc[] = [];
    let skipped = 0;
    for (const key of keys) {
      const doc = this.read(coll, store, key);
      if (!doc || !q.test(doc)) continue;
      if (skipped < offset) skipped += 1;
      else out.push(doc);
      if (out.length >= limit) break;
    }
    return out;
  }

  /**
   * A page of a query ordered by the index it uses: walks the index's next fields in the order asked,
   * reading only the groups of documents that reach the page (and, when the index answers the query
   * exactly, skipping whole groups before the offset without reading them). null: not possible here.
   */
  private orderedPage(
    coll: string,
    query: Record<string, unknown>,
    order: Record<string, 1 | -1>,
    offset: number,
    limit: number,
  ): Doc[] | null {
    // The cheapest plan whose next field is the first order field not pinned by equality.
    const walkable = (p: Plan) => {
      const rest = Object.keys(order).filter((f) => !p.pinned.has(f));
      return (
        !p.groups &&
        p.next >= 0 &&
        rest.length > 0 &&
        rest[0] === p.index.fields[p.next] &&
        !p.index.multikey.has(rest[0])
      );
    };
    const access = this.access(coll, query, walkable);
    const plan = access.plan;
    if (!plan || !walkable(plan)) return null;
    const fields = Object.entries(order).filter(([f]) => !plan.pinned.has(f));
    const q = access.exact ? null : new Query(query);
    const exactAlone = access.exact && !access.filters.length;
    const inFilters = (k: string) => access.filters.every((f) => planHas(f, k));
    const store = this.store(coll);
    const index = plan.index;
    const collected: Doc[] = [];
    let skipped = 0;
    const wanted = offset + limit;
    // Groups of nodes, in the order asked, whose documents share the walked fields' values.
    function* walk(nodes: Node[], fi: number, oi: number): Generator<Node[]> {
      const field = index.fields[fi];
      if (oi >= fields.length || fi >= index.fields.length || fields[oi][0] !== field || index.multikey.has(field)) {
        yield nodes;
        return;
      }
      const byValue = new Map<Key, Node[]>();
      for (const n of nodes) {
        for (const child of n.children?.values() ?? []) {
          if (!child.keys.size) continue;
          const list = byValue.get(child.enc);
          if (list) list.push(child);
          else byValue.set(child.enc, [child]);
        }
      }
      const dir = fields[oi][1];
      const groups = [...byValue.values()].sort((a, b) => dir * compareValues(a[0].value, b[0].value));
      for (const g of groups) yield* walk(g, fi + 1, oi + 1);
    }
    for (const group of walk(plan.nodes, plan.next, 0)) {
      const size = group.length === 1 ? group[0].keys.size : new Set(group.flatMap((n) => [...n.keys])).size;
      if (exactAlone && !collected.length && skipped + size <= offset) {
        skipped += size;
        continue;
      }
      for (const key of nodeKeys(index, group)) {
        if (!inFilters(key)) continue;
        const doc = this.read(coll, store, key);
        if (doc && (!q || q.test(doc))) collected.push(doc);
      }
      if (skipped + collected.length >= wanted) break;
    }
    return MATCH_ALL.find<Doc>(collected)
      .sort(order)
      .skip(offset - skipped)
      .limit(limit)
      .all();
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

  /** For the tools (import, seed, rotation): one request, its error thrown instead of answered. */
  ask(action: string, params: Params = {}): DbReply {
    const reply = this.handle(action, params);
    if (reply.code) throw new Error(`${action}: ${reply.code} ${reply.message ?? ''}`);
    return reply;
  }

  /** Answers one request from wx-server-sdk, as `handle` does, once what it wrote is on disk. */
  async answer(action: string, params: Params = {}, nowMs: number = Date.now()): Promise<DbReply> {
    this.committing = null;
    this.deferWrites = true;
    let reply: DbReply;
    try {
      reply = this.handle(action, params, nowMs);
    } finally {
      this.deferWrites = false;
    }
    const committing = this.committing as Promise<void> | null;
    this.committing = null;
    if (!committing) return reply;
    try {
      await committing;
      return reply;
    } catch (error) {
      return { requestId: reply.requestId, code: 'DATABASE_REQUEST_FAILED', message: (error as Error).message };
    }
  }

  /**
   * Answers one request from wx-server-sdk. `nowMs` is the calling instance's clock (for serverDate). Called
   * directly (tools, seeding), a write is on disk when it returns; through `answer`, it is visible to every
   * later request at once and on disk when `answer` replies.
   */
  handle(action: string, params: Params = {}, nowMs: number = Date.now()): DbReply {
    const requestId = `local-${++this.requestCounter}`;
    try {
      if (this.writeFailure)
        throw new DbError(
          'DATABASE_REQUEST_FAILED',
          `the local database could not write (${this.writeFailure.message}); restart the local cloud`,
        );
      return { requestId, ...this.dispatch(action, params, nowMs) };
    } catch (error) {
      if (error instanceof DbError) return { requestId, code: error.code, message: error.message };
      return {
        requestId,
        code: 'DATABASE_REQUEST_FAILED',
        message: error instanceof Error ? error.message : String(error),
      };
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
        const query = (decodeEjson(p.query, nowMs) as Record<string, unknown> | undefined) ?? {};
        const order = decodeEjson(p.order, nowMs) as Record<string, 1 | -1> | undefined;
        const projection = decodeEjson(p.projection, nowMs) as Record<string, 0 | 1> | undefined;
        const offset = Number(p.offset ?? 0);
        const limit = Number(p.limit ?? 100);
        const project = projection && Object.keys(projection).length ? projection : undefined;
        const byIdOrder = order && Object.keys(order).length === 1 && (order._id === 1 || order._id === -1);
        const ordered =
          txn || !order || !Object.keys(order).length
            ? null
            : byIdOrder
              ? this.idOrderedPage(coll, query, order._id, offset, limit)
              : this.orderedPage(coll, query, order, offset, limit);
        let list: Doc[];
        if (ordered) list = project ? MATCH_ALL.find<Doc>(ordered, project).all() : ordered;
        else {
          const docs = this.matching(coll, query, txn).map((r) => r.doc);
          let cursor = MATCH_ALL.find<Doc>(docs, project);
          if (order && Object.keys(order).length) cursor = cursor.sort(order);
          list = cursor.skip(offset).limit(limit).all();
        }
        this.counter(coll).returned += list.length;
        return { data: { list: list.map(encode), offset, limit } };
      }
      case 'database.calculateDocument': {
        const total = this.count(
          coll,
          decodeEjson(p.query, nowMs) as Record<string, unknown> | undefined,
          this.txnOf(p),
        );
        this.counter(coll).returned += 1;
        return { data: { total } };
      }
      case 'database.insertDocument': {
        const txn = this.txnOf(p);
        const docs = (p.data as string[]).map((d) => decodeEjson(d, nowMs) as Doc);
        const changes = new Map<string, Doc | null>();
        const store = this.store(coll);
        const written = txn?.writes.get(coll);
        const exists = (key: string) =>
          written?.has(key) ? written.get(key) !== null : this.current(coll, store, key) !== undefined;
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
          const created = (
            replace
              ? { ...data, _id: base._id ?? newId() }
              : this.updated({ _id: base._id ?? newId(), ...base } as Doc, data)
          ) as Doc;
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
        const matched = this.matching(coll, decodeEjson(p.query, nowMs), txn).slice(
          0,
          p.multi === false ? 1 : undefined,
        );
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
          docs = this.geoNear(coll, stages.shift()!.$geoNear as GeoNear, wantedBy(stages));
        } else if (stages[0] && '$match' in stages[0]) {
          docs = this.matching(coll, stages.shift()!.$match).map((r) => r.doc);
        } else {
          docs = this.snapshot(coll).map((r) => r.doc);
        }
        // Documents not yet stored are shared with `unwritten`: the pipeline works on copies.
        const list = new Aggregator(stages, { processingMode: ProcessingMode.CLONE_INPUT }).run(docs);
        this.counter(coll).returned += list.length;
        return { data: { list: list.map(encode) } };
      }
      case 'database.startTransaction': {
        const id = newId();
        this.txns.set(id, { writes: new Map(), versions: new Map(), nodes: new Map(), startedAt: Date.now() });
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

  /**
   * $geoNear over GeoJSON points: documents matching `query`, nearest first, with the distance in metres.
   * With a 2dsphere index on the key and a known page (`$skip`/`$limit` after it), the grid is walked from
   * the point's cell outward until the page is surely complete; only the documents it answers are read
   * (and, when the query is not answered by an index exactly, the nearer candidates it tests).
   */
  private geoNear(coll: string, stage: GeoNear, wanted: number): Doc[] {
    const key = stage.key ?? 'location';
    const [lng, lat] = stage.near.coordinates;
    const query = stage.query ?? {};
    const access = this.access(coll, query);
    const grid = this.grids.get(coll)?.find((g) => g.field === key);
    const store = this.store(coll);
    const multiplier = stage.distanceMultiplier ?? 1;
    const withDistance = (doc: Doc, metres: number) => ({ ...doc, [stage.distanceField]: metres * multiplier });
    if (grid && Number.isFinite(wanted) && access.size > 4 * wanted && multiplier > 0) {
      const q = access.exact ? null : new Query(query);
      // Membership in the index's answer, on the index: a few nodes are asked directly, more are listed once.
      const plan = access.plan;
      const listed = access.keys && (!plan || plan.groups || plan.nodes.length > 8) ? new Set(access.keys) : null;
      const tested = new Map<string, Doc | null>();
      const accept = (k: string) => {
        if (listed ? !listed.has(k) : plan && !(planHas(plan, k) && access.filters.every((f) => planHas(f, k))))
          return false;
        if (!q) return true;
        if (!tested.has(k)) {
          const doc = this.read(coll, store, k);
          tested.set(k, doc && q.test(doc) ? doc : null);
        }
        return tested.get(k) !== null;
      };
      const maxDistance = stage.maxDistance === undefined ? Infinity : stage.maxDistance / multiplier;
      const minDistance = stage.minDistance === undefined ? 0 : stage.minDistance / multiplier;
      const found = grid
        .nearest(lng, lat, wanted, (k) => accept(k), maxDistance)
        .filter((f) => f.distance >= minDistance);
      const out: Doc[] = [];
      for (const { key: k, distance } of found.slice(0, wanted)) {
        const doc = tested.get(k) ?? this.read(coll, store, k);
        if (doc) out.push(withDistance(doc, distance));
      }
      return out;
    }
    const out: Doc[] = [];
    for (const { doc } of this.matching(coll, query)) {
      const point = pick(doc, key) as { type?: string; coordinates?: [number, number] } | null;
      if (!point?.coordinates) continue;
      const distance = haversineMetres(lat, lng, point.coordinates[1], point.coordinates[0]) * multiplier;
      if (stage.maxDistance !== undefined && distance > stage.maxDistance) continue;
      if (stage.minDistance !== undefined && distance < stage.minDistance) continue;
      out.push(withDistance(doc, distance / multiplier));
    }
    return out.sort((a, b) => (a[stage.distanceField] as number) - (b[stage.distanceField] as number));
  }

  private updated(doc: Doc, update: Record<string, unknown>): Doc {
    const copy = structuredClone(doc);
    applyUpdate(copy, isOperatorUpdate(update) ? update : { $set: update });
    return copy;
  }

  private commitTransaction(id: string): void {
    const txn = this.txns.get(id);
    if (!txn) throw new DbError('DATABASE_TRANSACTION_FAIL', `transaction ${id} not found or already ended`);
    this.txns.delete(id);
    for (const [versionKey, version] of txn.versions) {
      if ((this.version.get(versionKey) ?? 0) !== version) {
        throw new DbError(
          'DATABASE_TRANSACTION_CONFLICT',
          `transaction conflict: ${versionKey.split('\0')[1]} was changed meanwhile`,
        );
      }
    }
    for (const [node, version] of txn.nodes) {
      if (node.version !== version)
        throw new DbError(
          'DATABASE_TRANSACTION_CONFLICT',
          'transaction conflict: what a query of it matched was changed meanwhile',
        );
    }
    this.commit(txn.writes);
  }

  /** On the wall clock, not a request's (x-now differs between requests and must not end others' transactions). */
  private expireTransactions(): void {
    const now = Date.now();
    for (const [id, txn] of this.txns) if (now - txn.startedAt > TXN_TTL_MS) this.txns.delete(id);
  }
}

function* filter<T>(items: Iterable<T>, keep: (item: T) => boolean): Generator<T> {
  for (const item of items) if (keep(item)) yield item;
}

/** How many documents the stages after $geoNear need: its $skip and $limit, Infinity otherwise. */
function wantedBy(stages: Record<string, unknown>[]): number {
  let skip = 0;
  for (const stage of stages) {
    if ('$skip' in stage) skip += Number(stage.$skip);
    else if ('$limit' in stage) return skip + Number(stage.$limit);
    else return Infinity;
  }
  return Infinity;
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

function dupKey(coll: string, index: string, key: string): DbError {
  return new DbError(
    'DATABASE_REQUEST_FAILED',
    `E11000 duplicate key error collection: ${coll} index: ${index} dup key: ${key}`,
  );
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
    if (v !== null && typeof v === 'object' && !(v instanceof Date) && Object.keys(v).some((x) => x.startsWith('$')))
      continue;
    out[k] = v;
  }
  return out;
}

/**
 * Reads for queries, with mingo (MongoDB's query language): through the declared indexes (planner.ts), so
 * that only the documents those reach are read, or by scanning the collection when none helps; as a
 * transaction sees them (its own writes included), noting for it what its answer depended on
 * (transactions.ts). A page ordered along an index reads only the page. `stats()` counts what was read and
 * returned.
 */

import { Query } from 'mingo';
import { type Access, type Plan, chooseAccess, planHas } from './planner';
import { type Collection, type DocumentStore, documentVersion } from './store';
import type { Txn } from './transactions';
import { type Node, nodeKeys } from './trieIndex';
import { type Doc, type Key, compareValues } from './values';

export interface CollectionStats {
  /** Documents decoded from the store to answer queries (candidates, and every document of a scan). */
  read: number;
  /** Documents answered (listed, aggregated, or counted). */
  returned: number;
  /** Queries answered by scanning the whole collection. */
  scans: number;
}

/** For sorting, paging and projecting: made once (a Query copies mingo's operator tables when made). */
export const MATCH_ALL = new Query({});

/** A document and its key. */
export interface Row {
  key: string;
  doc: Doc;
}

export class Queries {
  private readonly counters = new Map<string, CollectionStats>();

  constructor(private readonly store: DocumentStore) {}

  /** What each collection's queries read and answered since the last reset (local cloud only: the bench). */
  stats(): Record<string, CollectionStats> {
    return Object.fromEntries([...this.counters].map(([k, v]) => [k, { ...v }]));
  }

  resetStats(): void {
    this.counters.clear();
  }

  counter(coll: string): CollectionStats {
    let c = this.counters.get(coll);
    if (!c) this.counters.set(coll, (c = { read: 0, returned: 0, scans: 0 }));
    return c;
  }

  /** How to answer a query (planner.ts), over the collection's tries. */
  access(coll: string, query: Record<string, unknown> | undefined, usable?: (plan: Plan) => boolean): Access {
    return chooseAccess(this.store.opened(coll)?.indexes.tries ?? [], query, usable);
  }

  /** Reads one stored document (counted). */
  read(collection: Collection, key: string): Doc | undefined {
    const doc = this.store.current(collection, key);
    if (doc) this.counter(collection.name).read += 1;
    return doc;
  }

  /** The documents with these keys (or all of them), as one transaction would see them. */
  snapshot(coll: string, txn?: Txn, only: Iterable<string> | null = null): Row[] {
    const collection = this.store.collection(coll);
    const out: Row[] = [];
    const written = txn?.writes.get(coll);
    if (only) {
      for (const key of only) {
        if (written?.has(key)) continue;
        const doc = this.read(collection, key);
        if (doc) out.push({ key, doc });
      }
    } else {
      this.counter(coll).scans += 1;
      for (const { key, value } of this.store.storedAll(collection)) {
        if (written?.has(key)) continue;
        this.counter(coll).read += 1;
        out.push({ key, doc: value });
      }
    }
    for (const [key, doc] of written ?? []) if (doc) out.push({ key, doc });
    return out;
  }

  /** The documents a query matches, as a transaction sees them (and noted for its conflicts). */
  matching(coll: string, query: unknown, txn?: Txn): Row[] {
    const filter = (query as Record<string, unknown>) ?? {};
    const access = this.access(coll, filter);
    if (txn) txn.noteAccess(coll, access);
    const rows = this.snapshot(coll, txn, access.keys);
    // One Query for all the rows: building one copies mingo's operator tables.
    const q = access.exact && !txn?.writes.get(coll)?.size ? null : new Query(filter);
    const out = q ? rows.filter((r) => q.test(r.doc)) : rows;
    // Every document a transaction's answer holds: a change to it conflicts.
    if (txn) for (const r of out) txn.use(documentVersion(coll, r.key));
    return out;
  }

  /** Count without reading when the index answers the query exactly. */
  count(coll: string, query: Record<string, unknown> | undefined, txn?: Txn): number {
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
  idOrderedPage(
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
    const collection = this.store.collection(coll);
    if (access.exact)
      return keys
        .slice(offset, offset + limit)
        .map((k) => this.read(collection, k))
        .filter((d): d is Doc => !!d);
    const q = new Query(query);
    const out: Doc[] = [];
    let skipped = 0;
    for (const key of keys) {
      const doc = this.read(collection, key);
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
  orderedPage(
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
    const collection = this.store.collection(coll);
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
        const doc = this.read(collection, key);
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
}

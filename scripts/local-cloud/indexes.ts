/**
 * The local cloud's secondary indexes and query planner (see database.ts). Every declared index is kept in
 * memory as a trie over its fields: each node holds the keys of the documents under it, so a query that pins
 * the index's leading fields (equality, `$in`, `$all` on an array field, a range on the next field) reaches
 * the documents it can match without reading any other. A `2dsphere` index is kept as a grid of cells
 * (0.01°, about 1 km), which `$geoNear` walks from the point outward.
 *
 * Nodes carry a version, bumped by every commit that adds or removes a document under them: a transaction
 * that read through an index remembers the nodes it used and conflicts only if one of them changed.
 */

import { IdSet } from './idSet';

export type Doc = Record<string, unknown> & { _id: string | number };

/** A node of an index's trie: itself the set of the documents at or under it (one object per node, not two). */
export class Node extends IdSet {
  children: Map<Key, Node> | null = null;
  version = 0;

  constructor(
    /** Encoded value of the field this node stands for (root: ''). */
    readonly enc: Key,
    readonly value: unknown,
  ) {
    super();
  }

  /** Documents at or under this node, by their number in the collection (`DocNumbers`). */
  get keys(): IdSet {
    return this;
  }
}

const newNode = (enc: Key, value: unknown): Node => new Node(enc, value);

/**
 * A value as an index key (a Map key): strings, numbers and booleans as themselves (a Map tells "1" from 1),
 * null for null and missing, dates and anything else as a string starting with NUL.
 */
export type Key = string | number | boolean | null;
export function enc(value: unknown): Key {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'boolean':
      return value;
    default:
      if (value instanceof Date) return `\0d${value.getTime()}`;
      return `\0j${JSON.stringify(value)}`;
  }
}
const EMPTY_KEY = '\0e';

const EMPTY_ARRAY = Symbol('empty array');

/** The values a path holds in a document: an array (at the end or on the way) gives each element. */
export function valuesAt(doc: unknown, path: string): unknown[] {
  let current: unknown[] = [doc];
  for (const part of path.split('.')) {
    const next: unknown[] = [];
    for (const v of current) {
      if (Array.isArray(v)) {
        for (const el of v)
          if (el !== null && typeof el === 'object' && !(el instanceof Date))
            next.push((el as Record<string, unknown>)[part]);
      } else if (v !== null && typeof v === 'object' && !(v instanceof Date))
        next.push((v as Record<string, unknown>)[part]);
      else next.push(undefined);
    }
    current = next;
  }
  const out: unknown[] = [];
  for (const v of current) {
    if (Array.isArray(v)) {
      if (v.length === 0) out.push(EMPTY_ARRAY);
      else out.push(...v);
    } else out.push(v ?? null);
  }
  return out.length ? out : [null];
}

/** MongoDB's order between types (null < numbers < strings < objects < arrays < booleans < dates), then value. */
export function compareValues(a: unknown, b: unknown): number {
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  if (a instanceof Date && b instanceof Date) return a.getTime() - b.getTime();
  if (typeof a === 'number' || typeof a === 'string' || typeof a === 'boolean')
    return a < (b as typeof a) ? -1 : a > (b as typeof a) ? 1 : 0;
  const ja = JSON.stringify(a);
  const jb = JSON.stringify(b);
  return ja < jb ? -1 : ja > jb ? 1 : 0;
}

function rank(v: unknown): number {
  if (v === null || v === undefined || v === EMPTY_ARRAY) return 1;
  if (typeof v === 'number') return 2;
  if (typeof v === 'string') return 3;
  if (typeof v === 'boolean') return 8;
  if (v instanceof Date) return 9;
  if (Array.isArray(v)) return 5;
  return 4;
}

/**
 * A collection's document keys by number, shared by its indexes. Nodes hold documents by number, not by key: a
 * multikey field puts one document under hundreds of nodes, and sets of small integers cost the collector far
 * less than sets of strings (an import of 100,000 institutions spent most of its time there).
 */
export class DocNumbers {
  private readonly numbers = new Map<string, number>();
  readonly keyOf: string[] = [];

  /** A key's number (given on first sight; undefined: never indexed). */
  numberOf(key: string, assign = false): number | undefined {
    let n = this.numbers.get(key);
    if (n === undefined && assign) {
      n = this.keyOf.length;
      this.keyOf.push(key);
      this.numbers.set(key, n);
    }
    return n;
  }
}

export class TrieIndex {
  readonly root = newNode('', undefined);
  /** Fields that held an array in some document: a range over them is left to the matcher. */
  readonly multikey = new Set<string>();

  constructor(
    readonly name: string,
    readonly fields: string[],
    readonly numbers = new DocNumbers(),
  ) {}

  /** Each field's distinct values in a document (one per element of an array field). */
  private valuesOf(doc: Doc): Array<Map<Key, unknown>> {
    return this.fields.map((field) => {
      const values = valuesAt(doc, field);
      if (values.length > 1 || (values.length === 1 && values[0] === EMPTY_ARRAY)) this.multikey.add(field);
      const seen = new Map<Key, unknown>();
      for (const v of values) seen.set(v === EMPTY_ARRAY ? EMPTY_KEY : enc(v), v);
      return seen;
    });
  }

  /** Adds a document under every path of its values; `bump`: a commit (the nodes' versions change). */
  add(key: string, doc: Doc, bump: boolean): void {
    const values = this.valuesOf(doc);
    const n = this.numbers.numberOf(key, true)!;
    const visit = (node: Node, depth: number) => {
      node.keys.add(n);
      if (bump) node.version += 1;
      if (depth === values.length) return;
      for (const [e, v] of values[depth]) {
        node.children ??= new Map();
        let child = node.children.get(e);
        if (!child) node.children.set(e, (child = newNode(e, v)));
        visit(child, depth + 1);
      }
    };
    visit(this.root, 0);
  }

  /** Removes a document (emptied nodes stay, with their version, so "nothing here" is watched too). */
  remove(key: string, doc: Doc): void {
    const values = this.valuesOf(doc);
    const n = this.numbers.numberOf(key);
    if (n === undefined) return;
    const visit = (node: Node, depth: number) => {
      node.keys.delete(n);
      node.version += 1;
      if (depth === values.length) return;
      for (const e of values[depth].keys()) {
        const child = node.children?.get(e);
        if (child) visit(child, depth + 1);
      }
    };
    visit(this.root, 0);
  }
}

/** What a query asks of one field, as far as an index can answer it. */
export interface FieldCondition {
  eq?: unknown[];
  all?: unknown[];
  range?: { gt?: unknown; gte?: unknown; lt?: unknown; lte?: unknown };
}

export interface Conditions {
  /** field → the conditions on it the planner understands (one entry per clause). */
  fields: Map<string, FieldCondition[]>;
  /** Number of clauses the planner does not understand (left to the matcher). */
  opaque: number;
}

const isScalar = (v: unknown) =>
  v === null || v instanceof Date || (typeof v !== 'object' && typeof v !== 'function' && v !== undefined);

/** The field conditions of a query: top-level fields and `$and`, each understood or counted as opaque. */
export function conditionsOf(query: Record<string, unknown> | undefined): Conditions {
  const out: Conditions = { fields: new Map(), opaque: 0 };
  const addTo = (field: string, c: FieldCondition) => {
    let list = out.fields.get(field);
    if (!list) out.fields.set(field, (list = []));
    list.push(c);
  };
  const visit = (q: Record<string, unknown>) => {
    for (const [field, cond] of Object.entries(q)) {
      if (field === '$and' && Array.isArray(cond)) {
        for (const part of cond) visit(part as Record<string, unknown>);
        continue;
      }
      if (field.startsWith('$')) {
        out.opaque += 1;
        continue;
      }
      if (isScalar(cond)) {
        addTo(field, { eq: [cond] });
        continue;
      }
      if (cond instanceof RegExp || Array.isArray(cond) || typeof cond !== 'object') {
        out.opaque += 1;
        continue;
      }
      const ops = cond as Record<string, unknown>;
      const keys = Object.keys(ops);
      if (!keys.length || !keys.every((k) => k.startsWith('$'))) {
        out.opaque += 1; // equality with a sub-document
        continue;
      }
      const range: FieldCondition['range'] = {};
      for (const op of keys) {
        const v = ops[op];
        if (op === '$eq' && isScalar(v)) addTo(field, { eq: [v] });
        else if (op === '$in' && Array.isArray(v) && v.every(isScalar)) addTo(field, { eq: v });
        else if (op === '$all' && Array.isArray(v) && v.length && v.every(isScalar)) addTo(field, { all: v });
        else if ((op === '$gt' || op === '$gte' || op === '$lt' || op === '$lte') && isScalar(v) && v !== null)
          range[op.slice(1) as 'gt'] = v;
        else out.opaque += 1;
      }
      if (Object.keys(range).length) addTo(field, { range });
    }
  };
  visit(query ?? {});
  return out;
}

function inRange(value: unknown, r: NonNullable<FieldCondition['range']>): boolean {
  // As MongoDB: a range compares within one type only.
  const bound = r.gt ?? r.gte ?? r.lt ?? r.lte;
  if (rank(value) !== rank(bound)) return false;
  if (r.gt !== undefined && !(compareValues(value, r.gt) > 0)) return false;
  if (r.gte !== undefined && !(compareValues(value, r.gte) >= 0)) return false;
  if (r.lt !== undefined && !(compareValues(value, r.lt) < 0)) return false;
  if (r.lte !== undefined && !(compareValues(value, r.lte) <= 0)) return false;
  return true;
}

/** How one index answers a query: the nodes it reaches, or (after `$all`) groups of nodes to intersect. */
export interface Plan {
  index: TrieIndex;
  /** Union of these nodes' keys (when `groups` is null). */
  nodes: Node[];
  /** `$all`: for each reached parent, the child of every value; a key must be in all of one group. */
  groups: Node[][] | null;
  /** Conditions this plan answers exactly. */
  consumed: Set<FieldCondition>;
  /** Fields pinned by equality to one value (a sort on them is a no-op). */
  pinned: Set<string>;
  /** Index of the next index field after the walk (for an ordered walk), or -1 when a range/$all ended it. */
  next: number;
  /** Upper bound of the candidates. */
  size: number;
  /** Every node whose change would change this plan's answer (phantom protection). */
  watched: Node[];
}

export function planFor(index: TrieIndex, conds: Conditions): Plan | null {
  let nodes: Node[] = [index.root];
  const consumed = new Set<FieldCondition>();
  const pinned = new Set<string>();
  const watched: Node[] = [];
  let groups: Node[][] | null = null;
  let next = index.fields.length;
  for (let i = 0; i < index.fields.length; i += 1) {
    const field = index.fields[i];
    const list = conds.fields.get(field) ?? [];
    const eq = list.find((c) => c.eq);
    const all = list.find((c) => c.all);
    const range = list.find((c) => c.range);
    if (eq) {
      const values = [...new Map(eq.eq!.map((v) => [enc(v), v])).keys()];
      const reached: Node[] = [];
      for (const n of nodes) {
        for (const e of values) {
          let child = n.children?.get(e);
          if (!child) {
            // Nothing there yet: an empty node, watched, so only an insert of this very value conflicts.
            n.children ??= new Map();
            n.children.set(
              e,
              (child = newNode(
                e,
                eq.eq!.find((v) => enc(v) === e),
              )),
            );
          }
          reached.push(child);
        }
      }
      nodes = reached;
      consumed.add(eq);
      if (values.length === 1) pinned.add(field);
      continue;
    }
    if (all) {
      const values = [...new Set(all.all!.map(enc))];
      groups = nodes
        .map((n) => values.map((e) => n.children?.get(e)).filter((c): c is Node => !!c))
        .filter((g) => g.length === values.length);
      for (const n of nodes) watched.push(n);
      consumed.add(all);
      next = -1;
      break;
    }
    if (range && !index.multikey.has(field)) {
      const reached: Node[] = [];
      for (const n of nodes) {
        watched.push(n);
        for (const child of n.children?.values() ?? []) if (inRange(child.value, range.range!)) reached.push(child);
      }
      nodes = reached;
      consumed.add(range);
      next = -1;
      break;
    }
    next = i;
    break;
  }
  if (!consumed.size) return null;
  let size = 0;
  if (groups) for (const g of groups) size += Math.min(...g.map((n) => n.keys.size));
  else for (const n of nodes) size += n.keys.size;
  watched.push(...(groups ? groups.flat() : nodes));
  return { index, nodes, groups, consumed, pinned, next, size, watched };
}

/** The keys a plan reaches. */
export function* planKeys(plan: Plan): Generator<string> {
  const { keyOf } = plan.index.numbers;
  if (plan.groups) {
    for (const group of plan.groups) {
      const sorted = [...group].sort((a, b) => a.keys.size - b.keys.size);
      outer: for (const n of sorted[0].keys) {
        for (let i = 1; i < sorted.length; i += 1) if (!sorted[i].keys.has(n)) continue outer;
        yield keyOf[n];
      }
    }
    return;
  }
  yield* nodeKeys(plan.index, plan.nodes);
}

/** The keys of the documents under these nodes, each once. */
export function* nodeKeys(index: TrieIndex, nodes: Node[]): Generator<string> {
  if (nodes.length === 1) {
    for (const n of nodes[0].keys) yield index.numbers.keyOf[n];
    return;
  }
  const seen = new Set<number>();
  for (const node of nodes) {
    for (const n of node.keys) {
      if (seen.has(n)) continue;
      seen.add(n);
      yield index.numbers.keyOf[n];
    }
  }
}

/** Whether a key is among a plan's candidates (cheap only for plans with few nodes). */
export function planHas(plan: Plan, key: string): boolean {
  const n = plan.index.numbers.numberOf(key);
  if (n === undefined) return false;
  if (plan.groups) return plan.groups.some((g) => g.every((node) => node.keys.has(n)));
  return plan.nodes.some((node) => node.keys.has(n));
}

/** A 2dsphere index as a grid of 0.01° cells: cell → keys, and each key's point. */
export class GridIndex {
  static readonly CELL = 0.01;
  readonly cells = new Map<string, Set<string>>();
  readonly points = new Map<string, [number, number]>();
  minX = Infinity;
  maxX = -Infinity;
  minY = Infinity;
  maxY = -Infinity;

  constructor(
    readonly name: string,
    readonly field: string,
  ) {}

  static cellOf(lng: number, lat: number): [number, number] {
    return [Math.floor(lng / GridIndex.CELL), Math.floor(lat / GridIndex.CELL)];
  }

  private pointOf(doc: Doc): [number, number] | null {
    const v = valuesAt(doc, this.field)[0] as { coordinates?: unknown } | null;
    const c = v && typeof v === 'object' ? (v.coordinates as number[] | undefined) : undefined;
    return Array.isArray(c) && typeof c[0] === 'number' && typeof c[1] === 'number' ? [c[0], c[1]] : null;
  }

  add(key: string, doc: Doc): void {
    const p = this.pointOf(doc);
    if (!p) return;
    const [x, y] = GridIndex.cellOf(p[0], p[1]);
    const cell = `${x}:${y}`;
    let set = this.cells.get(cell);
    if (!set) this.cells.set(cell, (set = new Set()));
    set.add(key);
    this.points.set(key, p);
    this.minX = Math.min(this.minX, x);
    this.maxX = Math.max(this.maxX, x);
    this.minY = Math.min(this.minY, y);
    this.maxY = Math.max(this.maxY, y);
  }

  remove(key: string, doc: Doc): void {
    const p = this.pointOf(doc);
    if (!p) return;
    const [x, y] = GridIndex.cellOf(p[0], p[1]);
    this.cells.get(`${x}:${y}`)?.delete(key);
    this.points.delete(key);
  }

  /**
   * Keys with their distance from (lng, lat), nearest first, walking rings of cells outward; `accept` says
   * whether a key counts (the query); stops once `wanted` accepted keys are known to be the nearest, or
   * beyond `maxDistance`.
   */
  nearest(
    lng: number,
    lat: number,
    wanted: number,
    accept: (key: string) => boolean,
    maxDistance = Infinity,
  ): Array<{ key: string; distance: number }> {
    const [cx, cy] = GridIndex.cellOf(lng, lat);
    const found: Array<{ key: string; distance: number }> = [];
    const maxRing = Math.max(
      Math.abs(cx - this.minX),
      Math.abs(this.maxX - cx),
      Math.abs(cy - this.minY),
      Math.abs(this.maxY - cy),
    );
    const visit = (x: number, y: number) => {
      const set = this.cells.get(`${x}:${y}`);
      if (!set) return;
      for (const key of set) {
        const p = this.points.get(key)!;
        const distance = haversineMetres(lat, lng, p[1], p[0]);
        if (distance <= maxDistance && accept(key)) found.push({ key, distance });
      }
    };
    for (let r = 0; r <= maxRing; r += 1) {
      if (r === 0) visit(cx, cy);
      else {
        for (let x = cx - r; x <= cx + r; x += 1) {
          visit(x, cy - r);
          visit(x, cy + r);
        }
        for (let y = cy - r + 1; y <= cy + r - 1; y += 1) {
          visit(cx - r, y);
          visit(cx + r, y);
        }
      }
      // Nothing outside the searched square is nearer than its nearest edge.
      const bound = edgeDistance(lng, lat, cx, cy, r);
      if (bound > maxDistance) break;
      if (found.length >= wanted) {
        found.sort((a, b) => a.distance - b.distance);
        if (found[wanted - 1].distance <= bound) break;
      }
    }
    return found.sort((a, b) => a.distance - b.distance);
  }
}

/** Shortest distance from the point to the outside of the square of cells within `r` of its cell. */
function edgeDistance(lng: number, lat: number, cx: number, cy: number, r: number): number {
  const c = GridIndex.CELL;
  const south = lat - (cy - r) * c;
  const north = (cy + r + 1) * c - lat;
  const west = lng - (cx - r) * c;
  const east = (cx + r + 1) * c - lng;
  const metresPerDegLat = 111_195;
  // East-west degrees are shortest where the square is nearest a pole.
  const poleward = Math.min(89.9, Math.max(Math.abs((cy - r) * c), Math.abs((cy + r + 1) * c)));
  const metresPerDegLng = metresPerDegLat * Math.cos((poleward * Math.PI) / 180);
  return Math.min(south * metresPerDegLat, north * metresPerDegLat, west * metresPerDegLng, east * metresPerDegLng);
}

export function haversineMetres(lat1: number, lng1: number, lat2: number, lng2: number): number {
  const rad = Math.PI / 180;
  const a =
    Math.sin(((lat2 - lat1) * rad) / 2) ** 2 +
    Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(((lng2 - lng1) * rad) / 2) ** 2;
  return 2 * 6371008.8 * Math.asin(Math.sqrt(a));
}

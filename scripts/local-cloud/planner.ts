/**
 * The query planner: which of a collection's tries (trieIndex.ts) answers a query, and how. A query's
 * conditions the planner understands (equality, `$in`, `$all` on an array field, a range) are matched against
 * each index's leading fields; the plan reaching the fewest candidates is walked, others filter its keys, and
 * a query no index helps is a scan.
 */

import { type Node, type TrieIndex, newNode, nodeKeys } from './trieIndex';
import { compareValues, enc, idKey, rank } from './values';

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

/** Whether a key is among a plan's candidates (cheap only for plans with few nodes). */
export function planHas(plan: Plan, key: string): boolean {
  const n = plan.index.numbers.numberOf(key);
  if (n === undefined) return false;
  if (plan.groups) return plan.groups.some((g) => g.every((node) => node.keys.has(n)));
  return plan.nodes.some((node) => node.keys.has(n));
}

/** How a query is answered: by keys from an index (or _id), or by scanning the collection. */
export interface Access {
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

/**
 * How to answer a query: `_id` equality reads those documents; otherwise the declared index that reaches
 * the fewest candidates (equality/`$in` on its leading fields, then `$all` or a range), with every other
 * usable index as a filter on the candidates' keys; no usable index: a scan.
 */
export function chooseAccess(
  tries: TrieIndex[],
  query: Record<string, unknown> | undefined,
  usable: (plan: Plan) => boolean = () => true,
): Access {
  const conds = conditionsOf(query);
  const id = conds.fields.get('_id')?.find((c) => c.eq);
  if (id) {
    const consumedAll = conds.opaque === 0 && [...conds.fields].every(([f, list]) => f === '_id' && list.length === 1);
    const keys = [...new Set(id.eq!.map(idKey))];
    return { keys, size: keys.length, exact: consumedAll, plan: null, filters: [], byId: true };
  }
  const plans = tries.map((t) => planFor(t, conds)).filter((p): p is Plan => !!p);
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

function* filter<T>(items: Iterable<T>, keep: (item: T) => boolean): Generator<T> {
  for (const item of items) if (keep(item)) yield item;
}

import { update as mingoUpdate } from 'mingo';

type Doc = Record<string, unknown>;

const SIMPLE_OPERATORS = new Set(['$set', '$inc', '$unset']);

/** An object literal's kind, from any realm (structuredClone makes its copies in Node's own). */
const isPlainObject = (v: unknown): v is Doc => {
  if (typeof v !== 'object' || v === null) return false;
  const proto = Object.getPrototypeOf(v) as object | null;
  return proto === null || Object.getPrototypeOf(proto) === null;
};

/** A name with a meaning of its own: the id, or one every object inherits (toString, __proto__...). */
const special = (name: string) => name === '_id' || name in Object.prototype;

/** A path of field names only: no array position, operator, empty part or special name. */
const plainPath = (path: string): string[] | null => {
  const parts = path.split('.');
  return parts.every((p) => p && !p.startsWith('$') && !/^\d+$/.test(p) && !special(p)) ? parts : null;
};

const own = (o: Doc, key: string): unknown => (Object.hasOwn(o, key) ? o[key] : undefined);

/** What structuredClone copies exactly: text, numbers, booleans, null, dates, and arrays and plain objects of them. */
const plainValue = (v: unknown): boolean =>
  v === null ||
  ['string', 'number', 'boolean'].includes(typeof v) ||
  Object.prototype.toString.call(v) === '[object Date]' ||
  (Array.isArray(v) && v.every(plainValue)) ||
  (isPlainObject(v) && Object.values(v).every(plainValue));

/** The object holding the path's last field (missing objects on the way: undefined), or null if the way goes through anything else. */
function parentOf(doc: Doc, parts: string[]): Doc | undefined | null {
  let at: unknown = doc;
  for (const part of parts.slice(0, -1)) {
    if (at === undefined) return undefined;
    if (!isPlainObject(at)) return null;
    at = own(at, part);
  }
  return at === undefined ? undefined : isPlainObject(at) ? at : null;
}

type Step = { op: string; parts: string[]; value: unknown };

/**
 * The steps of an update this module applies itself, or null for one mingo applies: the `$set`, `$inc` and
 * `$unset` of fields reached through plain objects that most of the SDK's updates are. Anything else — arrays
 * on the way, other operators, clashing paths, `$inc` of a non-number — goes to mingo, so its answer (or its
 * error) is mingo's.
 */
export function ownSteps(doc: Doc, update: Doc): Step[] | null {
  const steps: Step[] = [];
  for (const [op, fields] of Object.entries(update)) {
    if (!SIMPLE_OPERATORS.has(op) || !isPlainObject(fields)) return null;
    for (const [path, value] of Object.entries(fields)) {
      const parts = plainPath(path);
      const parent = parts && parentOf(doc, parts);
      if (!parts || parent === null) return null;
      const current = parent && own(parent, parts[parts.length - 1]);
      const simple =
        op === '$inc'
          ? typeof value === 'number' && (current === undefined || typeof current === 'number')
          : op === '$unset' || plainValue(value);
      if (!simple) return null;
      steps.push({ op, parts, value });
    }
  }
  // One path inside another (or twice) is a conflict MongoDB refuses: mingo says how.
  const paths = steps.map((s) => s.parts.join('.'));
  const within = (a: string, b: string) => a === b || a.startsWith(`${b}.`);
  return paths.some((a, i) => paths.some((b, j) => i !== j && within(a, b))) ? null : steps;
}

/**
 * An update in place, as MongoDB applies it. The simple ones are applied here (ownSteps), because mingo builds
 * its whole operator table for every update (an eighth of the local cloud's main thread under writes).
 */
export function applyUpdate(doc: Doc, update: Doc): void {
  const steps = ownSteps(doc, update);
  if (!steps) return void mingoUpdate(doc, update as never);
  for (const { op, parts, value } of steps) {
    const field = parts[parts.length - 1];
    if (op === '$unset') {
      const parent = parentOf(doc, parts);
      if (parent) delete parent[field];
      continue;
    }
    let at = doc;
    for (const part of parts.slice(0, -1)) at = (own(at, part) ?? (at[part] = {})) as Doc;
    at[field] =
      op === '$inc' ? ((own(at, field) as number | undefined) ?? 0) + (value as number) : structuredClone(value);
  }
}

/** A copy of a document with an update applied: operators (`$set`…), or a plain object as its fields to set. */
export function updated<T extends Doc>(doc: T, update: Doc): T {
  const copy = structuredClone(doc);
  applyUpdate(copy, isOperatorUpdate(update) ? update : { $set: update });
  return copy;
}

function isOperatorUpdate(update: Doc): boolean {
  return Object.keys(update).some((k) => k.startsWith('$'));
}

/** `{ a: 1, b: { $gt: 2 } }` → `{ a: 1 }`: the fields an upsert takes from its query. */
export function equalityFields(query: Doc | undefined): Doc {
  const out: Doc = {};
  for (const [k, v] of Object.entries(query ?? {})) {
    if (k.startsWith('$')) continue;
    if (v !== null && typeof v === 'object' && !(v instanceof Date) && Object.keys(v).some((x) => x.startsWith('$')))
      continue;
    out[k] = v;
  }
  return out;
}

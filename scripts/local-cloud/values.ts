/**
 * Documents as the engine sees them: a document's key (its _id, as stored in lmdb and held by the indexes);
 * its values as the indexes see them (see indexes.ts): the values a field path holds (an array gives each
 * element), a value as a Map key; and MongoDB's order between values of any type.
 */

import { randomBytes } from 'node:crypto';

export type Doc = Record<string, unknown> & { _id: string | number };

/** A document's key: its _id, a number told apart from a string. */
export const idKey = (id: unknown) => (typeof id === 'number' ? `n:${id}` : `s:${String(id)}`);
/** A new _id (or transaction id). */
export const newId = () => randomBytes(16).toString('hex');

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
export const EMPTY_KEY = '\0e';

export const EMPTY_ARRAY = Symbol('empty array');

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

/** The value at a path, arrays not looked into (null: missing). */
export function pick(doc: Doc, path: string): unknown {
  let cur: unknown = doc;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return null;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur ?? null;
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

/** A value's type, in MongoDB's order between types. */
export function rank(v: unknown): number {
  if (v === null || v === undefined || v === EMPTY_ARRAY) return 1;
  if (typeof v === 'number') return 2;
  if (typeof v === 'string') return 3;
  if (typeof v === 'boolean') return 8;
  if (v instanceof Date) return 9;
  if (Array.isArray(v)) return 5;
  return 4;
}

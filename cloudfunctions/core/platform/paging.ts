import type { Query } from './collection';
import { getDb } from './sdk';

/**
 * Lists page by position, not by count: each page ends with a cursor (the sort value and `_id` of its last
 * row) and the next page starts after it. Reading page 50 costs what page 1 does, rows that arrive meanwhile
 * do not shift or repeat entries, and nothing is capped at 100 or 1,000 (CloudBase answers at most 1,000 per
 * query). The request's fields are `pageRequest` in contracts/page.ts.
 */
export interface Page<T> {
  rows: T[];
  /** Where the next page starts; null on the last page. */
  nextCursor: string | null;
}

/** A list's order: one field (a date or a string) then `_id`, both in the same direction. */
export interface Order {
  field: string;
  direction: 'asc' | 'desc';
  kind: 'date' | 'string';
}

const valueAt = (row: object, path: string): unknown =>
  path.split('.').reduce<unknown>((v, key) => (v as Record<string, unknown> | undefined)?.[key], row);

/** A row's sort value: what the cursor carries and what merged rows are ordered by. */
function sortKey(row: { _id: string }, order: Order): number | string {
  const value = valueAt(row, order.field);
  return order.kind === 'date' ? (value as Date).getTime() : String(value);
}

function encode(row: { _id: string }, order: Order): string {
  return `${sortKey(row, order)}~${row._id}`;
}

/** Sorts rows of several queries as the database would, for merging them into one page. */
function compareRows(order: Order) {
  return (a: { _id: string }, b: { _id: string }): number => {
    const [ka, kb] = [sortKey(a, order), sortKey(b, order)];
    const byField = ka < kb ? -1 : ka > kb ? 1 : 0;
    const cmp = byField || (a._id < b._id ? -1 : a._id > b._id ? 1 : 0);
    return order.direction === 'asc' ? cmp : -cmp;
  };
}

/** The rows strictly after the cursor, in the list's order. */
function afterCursor(cursor: string, order: Order): object {
  const _ = getDb().command;
  const split = cursor.indexOf('~');
  const raw = cursor.slice(0, split);
  const id = cursor.slice(split + 1);
  const value = order.kind === 'date' ? new Date(Number(raw)) : raw;
  const beyond = order.direction === 'asc' ? _.gt : _.lt;
  return _.or([{ [order.field]: beyond(value) }, { [order.field]: _.eq(value), _id: beyond(id) }]);
}

/** One page of `where`, in `order`, after the cursor. Reads one row more than it answers, to know if there is more. */
export async function pageOf<T extends { _id: string }>(
  coll: Query<T>,
  where: object,
  order: Order,
  page: { after?: string; limit: number },
): Promise<Page<T>> {
  const _ = getDb().command;
  const condition = page.after ? _.and([where, afterCursor(page.after, order)]) : where;
  const rows = await coll
    .where(condition)
    .orderBy(order.field, order.direction)
    .orderBy('_id', order.direction)
    .limit(page.limit + 1)
    .get();
  return finish(rows, order, page.limit);
}

/**
 * One page of the rows several queries find (without overlap), merged in `order`. Each query gives at most
 * `limit` rows after the cursor, all in order, so the first `limit` of them merged are the page.
 */
export async function mergedPageOf<T extends { _id: string }>(
  coll: Query<T>,
  wheres: object[],
  order: Order,
  page: { after?: string; limit: number },
): Promise<Page<T>> {
  const pages = await Promise.all(wheres.map((w) => pageOf<T>(coll, w, order, page)));
  const merged = pages.flatMap((p) => p.rows).sort(compareRows(order));
  const kept = merged.slice(0, page.limit);
  const more = merged.length > page.limit || pages.some((p) => p.nextCursor);
  return { rows: kept, nextCursor: more ? encode(kept[kept.length - 1], order) : null };
}

function finish<T extends { _id: string }>(rows: T[], order: Order, limit: number): Page<T> {
  const more = rows.length > limit;
  const kept = more ? rows.slice(0, limit) : rows;
  return { rows: kept, nextCursor: more ? encode(kept[kept.length - 1], order) : null };
}

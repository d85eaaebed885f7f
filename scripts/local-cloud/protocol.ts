/**
 * The database requests wx-server-sdk sends (`database.getDocument`, …), one handler per kind: each decodes
 * its parameters (MongoDB Extended JSON, ejson.ts; `db.serverDate()` on the caller's clock), answers through
 * the store, the queries and the transactions, and encodes its answer as CloudBase does.
 */

import { Aggregator, ProcessingMode } from 'mingo';
import { decodeEjson, encode } from './ejson';
import { DbError, dupKey } from './errors';
import { type GeoNear, geoNear, wantedBy } from './geoNear';
import { MATCH_ALL, type Queries } from './query';
import type { Changes, DocumentStore } from './store';
import type { Transactions } from './transactions';
import { equalityFields, updated } from './updates';
import { type Doc, idKey, newId, pick } from './values';

export type Params = Record<string, unknown>;

/** What a request is answered with, without its request id. */
export interface Answer {
  code?: string;
  message?: string;
  data?: unknown;
  transactionId?: string;
}

/** The parts of the local database that answer requests. */
export interface Engine {
  store: DocumentStore;
  queries: Queries;
  transactions: Transactions;
}

interface Request {
  action: string;
  /** The collection it names ('' when none). */
  coll: string;
  params: Params;
  /** The calling instance's clock (for serverDate). */
  nowMs: number;
}

type Handler = (engine: Engine, request: Request) => Answer;

/** A request's EJSON field, decoded. */
const field = <T>({ params, nowMs }: Request, name: string) => decodeEjson(params[name], nowMs) as T;

const getDocument: Handler = ({ queries, transactions }, request) => {
  const { coll, params: p } = request;
  const txn = transactions.of(p.transactionId);
  const query = field<Record<string, unknown> | undefined>(request, 'query') ?? {};
  const order = field<Record<string, 1 | -1> | undefined>(request, 'order');
  const projection = field<Record<string, 0 | 1> | undefined>(request, 'projection');
  const offset = Number(p.offset ?? 0);
  const limit = Number(p.limit ?? 100);
  const project = projection && Object.keys(projection).length ? projection : undefined;
  const byIdOrder = order && Object.keys(order).length === 1 && (order._id === 1 || order._id === -1);
  const ordered =
    txn || !order || !Object.keys(order).length
      ? null
      : byIdOrder
        ? queries.idOrderedPage(coll, query, order._id, offset, limit)
        : queries.orderedPage(coll, query, order, offset, limit);
  let list: Doc[];
  if (ordered) list = project ? MATCH_ALL.find<Doc>(ordered, project).all() : ordered;
  else {
    const docs = queries.matching(coll, query, txn).map((r) => r.doc);
    let cursor = MATCH_ALL.find<Doc>(docs, project);
    if (order && Object.keys(order).length) cursor = cursor.sort(order);
    list = cursor.skip(offset).limit(limit).all();
  }
  queries.counter(coll).returned += list.length;
  return { data: { list: list.map(encode), offset, limit } };
};

const calculateDocument: Handler = ({ queries, transactions }, request) => {
  const { coll, params: p } = request;
  const total = queries.count(
    coll,
    field<Record<string, unknown> | undefined>(request, 'query'),
    transactions.of(p.transactionId),
  );
  queries.counter(coll).returned += 1;
  return { data: { total } };
};

const insertDocument: Handler = ({ store, transactions }, { coll, params: p, nowMs }) => {
  const txn = transactions.of(p.transactionId);
  const docs = (p.data as string[]).map((d) => decodeEjson(d, nowMs) as Doc);
  const changes: Changes = new Map();
  const collection = store.collection(coll);
  const written = txn?.writes.get(coll);
  const exists = (key: string) =>
    written?.has(key) ? written.get(key) !== null : store.current(collection, key) !== undefined;
  for (const doc of docs) {
    doc._id ??= newId();
    const key = idKey(doc._id);
    if (exists(key) || changes.has(key)) throw dupKey(coll, '_id_', encode([doc._id]));
    changes.set(key, doc);
  }
  transactions.write(coll, changes, txn);
  return { data: { insertedIds: docs.map((d) => d._id) } };
};

/** `database.modifyDocument` (update, set, upsert) and `database.modifyAndReturnDoc` (findOneAndUpdate). */
const modifyDocument: Handler = ({ queries, transactions }, request) => {
  const { action, coll, params: p } = request;
  const txn = transactions.of(p.transactionId);
  const query = field<Record<string, unknown> | undefined>(request, 'query');
  const data = field<Record<string, unknown>>(request, 'data');
  const returnDoc = action === 'database.modifyAndReturnDoc';
  const multi = returnDoc ? false : p.multi !== false;
  const replace = p.merge === false;
  const matched = queries.matching(coll, query, txn).slice(0, multi ? undefined : 1);
  const changes: Changes = new Map();
  let upsertId: unknown = null;
  for (const { key, doc } of matched) {
    const next = replace ? ({ ...data, _id: doc._id } as Doc) : updated(doc, data);
    if (encode(next) !== encode(doc)) changes.set(key, next);
  }
  if (!matched.length && p.upsert === true) {
    const base = equalityFields(query);
    const created = (
      replace ? { ...data, _id: base._id ?? newId() } : updated({ _id: base._id ?? newId(), ...base } as Doc, data)
    ) as Doc;
    upsertId = created._id;
    changes.set(idKey(created._id), created);
  }
  if (changes.size) transactions.write(coll, changes, txn);
  if (returnDoc) {
    const doc = matched.length ? (changes.get(matched[0].key) ?? matched[0].doc) : null;
    return { data: { updated: changes.size, doc: doc ? encode(doc) : null } };
  }
  return { data: { updated: upsertId === null ? changes.size : 0, upsert_id: upsertId } };
};

const removeDocument: Handler = ({ queries, transactions }, request) => {
  const { coll, params: p } = request;
  const txn = transactions.of(p.transactionId);
  const matched = queries.matching(coll, field(request, 'query'), txn).slice(0, p.multi === false ? 1 : undefined);
  transactions.write(coll, new Map(matched.map((r) => [r.key, null])), txn);
  return { data: { deleted: matched.length } };
};

/** The equality form of `lookup` CloudBase documents (Aggregate.lookup: from, localField, foreignField, as). */
interface Lookup {
  from: string;
  localField: string;
  foreignField: string;
  as: string;
}

/** Each document gets `as`: the documents of `from` whose `foreignField` equals its `localField` (a left outer join). */
function lookup(queries: Queries, { from, localField, foreignField, as }: Lookup, docs: Doc[]): Doc[] {
  if (!from || !localField || !foreignField || !as)
    throw new DbError('DATABASE_REQUEST_FAILED', 'lookup needs from, localField, foreignField and as');
  return docs.map((doc) => {
    const value = pick(doc, localField);
    const condition = Array.isArray(value) ? { $in: value } : value;
    const joined = queries.matching(from, { [foreignField]: condition }).map((r) => r.doc);
    queries.counter(from).returned += joined.length;
    return { ...doc, [as]: joined };
  });
}

const aggregateDocuments: Handler = ({ store, queries }, { coll, params: p, nowMs }) => {
  const stages = (p.stages as Array<{ stageKey: string; stageValue: string }>).map((s) => ({
    [s.stageKey]: decodeEjson(s.stageValue, nowMs),
  })) as Record<string, unknown>[];
  let docs: Doc[];
  if (stages[0] && '$geoNear' in stages[0]) {
    // mingo has no $geoNear: answered here, as MongoDB does, then the rest of the pipeline runs in mingo.
    docs = geoNear(queries, store, coll, stages.shift()!.$geoNear as GeoNear, wantedBy(stages));
  } else if (stages[0] && '$match' in stages[0]) {
    docs = queries.matching(coll, stages.shift()!.$match).map((r) => r.doc);
  } else {
    docs = queries.snapshot(coll).map((r) => r.doc);
  }
  // Documents not yet stored are shared with `unwritten`: the pipeline works on copies. A `$lookup` is answered
  // here through the other collection's indexes (mingo would want that whole collection as an array).
  let list = docs;
  let segment: Record<string, unknown>[] = [];
  const run = () => {
    list = new Aggregator(segment, { processingMode: ProcessingMode.CLONE_INPUT }).run(list) as Doc[];
    segment = [];
  };
  for (const stage of stages) {
    if (!('$lookup' in stage)) {
      segment.push(stage);
      continue;
    }
    run();
    list = lookup(queries, stage.$lookup as Lookup, list);
  }
  run();
  queries.counter(coll).returned += list.length;
  return { data: { list: list.map(encode) } };
};

/** Request kind → its handler. */
const HANDLERS = new Map<string, Handler>([
  [
    'database.addCollection',
    ({ store }, { coll }) => {
      store.collection(coll);
      return { data: {} };
    },
  ],
  ['database.getDocument', getDocument],
  ['database.calculateDocument', calculateDocument],
  ['database.insertDocument', insertDocument],
  ['database.modifyDocument', modifyDocument],
  ['database.modifyAndReturnDoc', modifyDocument],
  ['database.removeDocument', removeDocument],
  ['database.aggregateDocuments', aggregateDocuments],
  ['database.startTransaction', ({ transactions }) => ({ transactionId: transactions.start(), data: {} })],
  [
    'database.commitTransaction',
    ({ transactions }, { params }) => {
      transactions.commit(String(params.transactionId));
      return { data: {} };
    },
  ],
  [
    'database.abortTransaction',
    ({ transactions }, { params }) => {
      transactions.abort(String(params.transactionId));
      return { data: {} };
    },
  ],
]);

/** Answers one request (its errors thrown: database.ts answers them). */
export function dispatch(engine: Engine, action: string, params: Params, nowMs: number): Answer {
  engine.transactions.expire();
  const handler = HANDLERS.get(action);
  if (!handler) throw new DbError('DATABASE_REQUEST_FAILED', `local cloud: unsupported database action ${action}`);
  return handler(engine, { action, coll: String(params.collectionName ?? ''), params, nowMs });
}

/**
 * The local cloud's database: answers the requests wx-server-sdk sends (protocol.ts) with mingo (MongoDB's
 * query, update and aggregation language, query.ts) over lmdb (durable, transactional key-value store,
 * store.ts). Every write is one lmdb transaction, committed to disk before it is acknowledged. Unique indexes
 * are checked inside that transaction. Queries go through the declared indexes (indexes.ts, planner.ts) and
 * read only the documents those reach; `stats()` counts what was read and returned. Transactions are
 * optimistic (transactions.ts).
 */

import type { CollectionDeclaration } from '../../cloudfunctions/core/documents/collections';
import { DbError } from './errors';
import { type Answer, type Engine, type Params, dispatch } from './protocol';
import { type CollectionStats, Queries } from './query';
import { DocumentStore } from './store';
import { Transactions } from './transactions';

export interface DbReply extends Answer {
  requestId: string;
}

export class LocalDatabase {
  private readonly store: DocumentStore;
  private readonly queries: Queries;
  private readonly transactions: Transactions;
  private readonly engine: Engine;
  private requestCounter = 0;

  constructor(path: string, declarations: Record<string, CollectionDeclaration>) {
    this.store = new DocumentStore(path, declarations);
    this.queries = new Queries(this.store);
    this.transactions = new Transactions(this.store);
    this.engine = { store: this.store, queries: this.queries, transactions: this.transactions };
  }

  /** The local cloud's own bookkeeping (e.g. whether demo data was seeded), beside the collections. */
  getMeta(key: string): unknown {
    return this.store.getMeta(key);
  }

  setMeta(key: string, value: unknown): void {
    this.store.setMeta(key, value);
  }

  /** Messages the functions sent through WeChat open APIs (local cloud only), oldest first. */
  appendOutbox(message: Record<string, unknown>): void {
    this.store.appendOutbox(message);
  }

  outbox(): Record<string, unknown>[] {
    return this.store.outbox();
  }

  async close(): Promise<void> {
    this.transactions.clear();
    return this.store.close();
  }

  /** What each collection's queries read and answered since the last reset (local cloud only: the bench). */
  stats(): Record<string, CollectionStats> {
    return this.queries.stats();
  }

  resetStats(): void {
    this.queries.resetStats();
  }

  /** For the tools (import, seed, rotation): one request, its error thrown instead of answered. */
  ask(action: string, params: Params = {}): DbReply {
    const reply = this.handle(action, params);
    if (reply.code) throw new Error(`${action}: ${reply.code} ${reply.message ?? ''}`);
    return reply;
  }

  /** Answers one request from wx-server-sdk, as `handle` does, once what it wrote is on disk. */
  async answer(action: string, params: Params = {}, nowMs: number = Date.now()): Promise<DbReply> {
    const [reply, committing] = this.store.deferred(() => this.handle(action, params, nowMs));
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
      this.store.checkWritable();
      return { requestId, ...dispatch(this.engine, action, params, nowMs) };
    } catch (error) {
      if (error instanceof DbError) return { requestId, code: error.code, message: error.message };
      return {
        requestId,
        code: 'DATABASE_REQUEST_FAILED',
        message: error instanceof Error ? error.message : String(error),
      };
    }
  }
}

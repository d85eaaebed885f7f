/**
 * The local cloud's storage: lmdb (durable, transactional key-value store), one database per declared
 * collection plus the cloud's own bookkeeping, with each collection's indexes in memory (indexes.ts). Every
 * write is one lmdb transaction, committed to disk before it is acknowledged; unique indexes are checked
 * before it. Commits made while answering a function are handed to lmdb's write thread (`deferred`): until
 * it has stored them they are `unwritten`, and every read looks there first.
 */

import { type Database as Lmdb, type RootDatabase, open } from 'lmdb';
import type { CollectionDeclaration } from '../../cloudfunctions/core/documents/collections';
import { DbError } from './errors';
import { CollectionIndexes } from './indexes';
import { RecentDocs } from './recentDocs';
import type { Doc } from './values';

/** Decoded documents kept per collection: every institution of the largest city (with 20,000, a city of 60,000
 * decoded its search results again and again), not a country's records. */
const RECENT_DOCS = 100_000;

/** Document key → the document, or null: removed. */
export type Changes = Map<string, Doc | null>;

/** One document a commit changed: collection, before, after, key. */
type Applied = [string, Doc | undefined, Doc | null, string];

/** An open collection: its lmdb database and its indexes. */
export interface Collection {
  name: string;
  db: Lmdb<Doc, string>;
  indexes: CollectionIndexes;
}

/** What a commit bumps and a transaction checks (transactions.ts): a whole collection, or one document. */
export const collectionVersion = (coll: string) => `c\0${coll}`;
export const documentVersion = (coll: string, key: string) => `d\0${coll}\0${key}`;

export class DocumentStore {
  private readonly root: RootDatabase;
  private readonly collections = new Map<string, Collection>();
  /** Bumped by every commit, per collection and per document; what transactions check at commit. */
  private readonly version = new Map<string, number>();
  /**
   * Committed writes that lmdb's write thread has not stored yet (a few milliseconds): reads look here first
   * (`current`, `storedAll`).
   * Commits during `deferred` are handed to lmdb asynchronously so that concurrent ones share one disk flush
   * instead of each blocking the thread that answers every function; the caller replies once it is on disk.
   */
  private readonly unwritten = new Map<string, Changes>();
  /** Decoded documents read lately (lmdb's own cache is off: see openCollection). */
  private readonly recent = new RecentDocs(RECENT_DOCS);
  /** Set by a commit during `deferred`: on disk when it settles. */
  private committing: Promise<void> | null = null;
  /** While `deferred` runs: commits go to lmdb asynchronously (other commits are synchronous). */
  private deferWrites = false;
  /** A write lmdb refused (e.g. a full disk): the in-memory indexes no longer match the disk, so nothing more is answered. */
  private writeFailure: Error | null = null;

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
    for (const held of [this.collections, this.version, this.recent]) held.clear();
    return this.root.close();
  }

  private openCollection(name: string): Collection {
    let collection = this.collections.get(name);
    if (collection) return collection;
    // Not lmdb's read cache: at 200,000 ratings its weakly held documents were half the main thread's heap.
    // current() reads through `recent` instead, and what lmdb has not stored yet from `unwritten`.
    const db = this.root.openDB<Doc, string>({ name: `c:${name}` });
    collection = { name, db, indexes: new CollectionIndexes(name, this.declarations[name]) };
    this.collections.set(name, collection);
    for (const { key, value } of db.getRange()) collection.indexes.add(key, value, false);
    return collection;
  }

  /** A collection already open (every declared one is), without the error for an undeclared one. */
  opened(name: string): Collection | undefined {
    return this.collections.get(name);
  }

  /** A declared collection (a request names it). */
  collection(name: unknown): Collection {
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

  /** The version of a collection or document (`collectionVersion`, `documentVersion`): 0 if never changed. */
  versionOf(versionKey: string): number {
    return this.version.get(versionKey) ?? 0;
  }

  /** Throws once a write has failed: the indexes in memory no longer match the disk. */
  checkWritable(): void {
    if (this.writeFailure)
      throw new DbError(
        'DATABASE_REQUEST_FAILED',
        `the local database could not write (${this.writeFailure.message}); restart the local cloud`,
      );
  }

  /**
   * Runs `work` with its commits handed to lmdb's write thread: visible to every later read at once, on disk
   * when the promise returned with its result settles (null: it committed nothing).
   */
  deferred<T>(work: () => T): [T, Promise<void> | null] {
    this.committing = null;
    this.deferWrites = true;
    let result: T;
    try {
      result = work();
    } finally {
      this.deferWrites = false;
    }
    const committing = this.committing as Promise<void> | null;
    this.committing = null;
    return [result, committing];
  }

  /** Writes changes to several collections as one lmdb transaction, after checking every unique index. */
  commit(byCollection: Map<string, Changes>): void {
    for (const [coll, changes] of byCollection) this.collections.get(coll)?.indexes.checkUnique(changes);
    // A commit outside `deferred` (tools, seeding) is on disk when it returns; it queues behind asynchronous
    // commits still on their way, so that lmdb stores the documents in the order they were committed.
    const applied =
      this.deferWrites || [...this.unwritten.values()].some((m) => m.size)
        ? this.commitLater(byCollection)
        : this.commitNow(byCollection);
    const bump = (k: string) => this.version.set(k, (this.version.get(k) ?? 0) + 1);
    for (const [coll, changes] of byCollection) {
      bump(collectionVersion(coll));
      for (const key of changes.keys()) {
        bump(documentVersion(coll, key));
        this.recent.forget(coll, key);
      }
    }
    for (const [coll, before, , key] of applied) if (before) this.collections.get(coll)!.indexes.remove(key, before);
    for (const [coll, , after, key] of applied) if (after) this.collections.get(coll)!.indexes.add(key, after, true);
  }

  private commitNow(byCollection: Map<string, Changes>): Applied[] {
    const applied: Applied[] = [];
    this.root.transactionSync(() => {
      for (const [coll, changes] of byCollection) {
        const collection = this.collection(coll);
        for (const [key, doc] of changes) {
          applied.push([coll, this.current(collection, key, false), doc, key]);
          if (doc) collection.db.putSync(key, doc);
          else collection.db.removeSync(key);
        }
      }
    });
    return applied;
  }

  /** Hands the commit to lmdb's write thread; `deferred` returns `committing`, on disk when it settles. */
  private commitLater(byCollection: Map<string, Changes>): Applied[] {
    const applied: Applied[] = [];
    const stored: Promise<unknown>[] = [];
    // Puts and removes made in one event turn are one lmdb transaction (lmdb-js batches them), so the commit
    // stays atomic on disk.
    for (const [coll, changes] of byCollection) {
      const collection = this.collection(coll);
      const pending = this.unwrittenOf(coll);
      for (const [key, doc] of changes) {
        applied.push([coll, this.current(collection, key, false), doc, key]);
        pending.set(key, doc);
        const done = doc ? collection.db.put(key, doc) : collection.db.remove(key);
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

  private unwrittenOf(coll: string): Changes {
    let pending = this.unwritten.get(coll);
    if (!pending) this.unwritten.set(coll, (pending = new Map()));
    return pending;
  }

  /**
   * A document as committed (undefined: none): what lmdb's write thread has not stored yet is in `unwritten`.
   * One decoded from lmdb is kept in `recent`, unless `keep` is false (the document a write is replacing).
   */
  current(collection: Collection, key: string, keep = true): Doc | undefined {
    const pending = this.unwritten.get(collection.name);
    if (pending?.has(key)) return pending.get(key) ?? undefined;
    const cached = this.recent.get(collection.name, key);
    if (cached) return cached;
    const doc = collection.db.get(key);
    if (doc && keep) this.recent.remember(collection.name, key, doc);
    return doc;
  }

  /** Every document as committed: lmdb's range, then what its write thread has not stored yet. */
  *storedAll(collection: Collection): Generator<{ key: string; value: Doc }> {
    const pending = this.unwritten.get(collection.name);
    for (const entry of collection.db.getRange()) if (!pending?.has(entry.key)) yield entry;
    for (const [key, value] of pending ?? []) if (value) yield { key, value };
  }
}

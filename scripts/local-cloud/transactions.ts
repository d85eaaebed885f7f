/**
 * Transactions (`db.runTransaction`), optimistic over what they touched. A transaction's view holds the
 * documents it wrote (null = removed), and the version of everything it used when it first used it — each
 * document it read or wrote (present or not), each index node a query went through (so a document entering or
 * leaving what the query matched is seen), or a whole collection for a query no index answers. If anyone
 * commits a change to any of those before it commits, it fails with a conflict (runTransaction retries), so
 * neither lost updates nor phantoms get in — and two transactions that touch different documents and index
 * keys never conflict.
 */

import { DbError } from './errors';
import type { Access } from './planner';
import { type Changes, type DocumentStore, collectionVersion, documentVersion } from './store';
import type { Node } from './trieIndex';
import { newId } from './values';

const TXN_TTL_MS = 30_000;

export class Txn {
  readonly writes = new Map<string, Changes>();
  /** 'c\0<collection>' or 'd\0<collection>\0<key>' (store.ts) → version seen. */
  readonly versions = new Map<string, number>();
  /** Index nodes a query used → their version then. */
  readonly nodes = new Map<Node, number>();
  readonly startedAt = Date.now();

  constructor(private readonly store: DocumentStore) {}

  /** Notes the version of a collection or document this transaction used, the first time it uses it. */
  use(versionKey: string): void {
    if (!this.versions.has(versionKey)) this.versions.set(versionKey, this.store.versionOf(versionKey));
  }

  /** Notes what a query's answer depended on. */
  noteAccess(coll: string, access: Access): void {
    if (access.byId) for (const key of access.keys as string[]) this.use(documentVersion(coll, key));
    else if (access.plan) {
      for (const p of [access.plan, ...access.filters])
        for (const n of p.watched) if (!this.nodes.has(n)) this.nodes.set(n, n.version);
    } else this.use(collectionVersion(coll));
  }

  /** Writes into this transaction's view, checked against the unique indexes now and when it commits. */
  write(coll: string, changes: Changes): void {
    let written = this.writes.get(coll);
    if (!written) this.writes.set(coll, (written = new Map()));
    for (const key of changes.keys()) this.use(documentVersion(coll, key));
    this.store.collection(coll).indexes.checkUnique(new Map([...written, ...changes]));
    for (const [key, doc] of changes) written.set(key, doc);
  }
}

export class Transactions {
  private readonly open = new Map<string, Txn>();

  constructor(private readonly store: DocumentStore) {}

  /** Starts a transaction: its id. */
  start(): string {
    const id = newId();
    this.open.set(id, new Txn(this.store));
    return id;
  }

  /** The open transaction a request names (undefined: it names none). */
  of(transactionId: unknown): Txn | undefined {
    const id = transactionId as string | undefined;
    if (!id) return undefined;
    const txn = this.open.get(id);
    if (!txn) throw new DbError('DATABASE_TRANSACTION_FAIL', `transaction ${id} not found or already ended`);
    return txn;
  }

  /** Applies changes: directly (one lmdb transaction) or into the open transaction's view. */
  write(coll: string, changes: Changes, txn?: Txn): void {
    if (!txn) return this.store.commit(new Map([[coll, changes]]));
    txn.write(coll, changes);
  }

  abort(id: string): void {
    this.open.delete(id);
  }

  /** Commits what a transaction wrote, unless something it used was changed meanwhile (a conflict). */
  commit(id: string): void {
    const txn = this.open.get(id);
    if (!txn) throw new DbError('DATABASE_TRANSACTION_FAIL', `transaction ${id} not found or already ended`);
    this.open.delete(id);
    for (const [versionKey, version] of txn.versions) {
      if (this.store.versionOf(versionKey) !== version) {
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
    this.store.commit(txn.writes);
  }

  /** On the wall clock, not a request's (x-now differs between requests and must not end others' transactions). */
  expire(): void {
    const now = Date.now();
    for (const [id, txn] of this.open) if (now - txn.startedAt > TXN_TTL_MS) this.open.delete(id);
  }

  clear(): void {
    this.open.clear();
  }
}

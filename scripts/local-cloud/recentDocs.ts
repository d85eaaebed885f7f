import type { Doc } from './values';

/**
 * The documents read most recently, decoded, up to a fixed number per collection (least recently used go
 * first). Strongly held and bounded: lmdb's own cache holds every document it ever decoded through a weak
 * reference, which at national scale cost the collector more than it saved. Callers never mutate a document
 * they read (updates clone), so one decoded copy is shared.
 */
export class RecentDocs {
  private readonly byCollection = new Map<string, Map<string, Doc>>();

  constructor(private readonly perCollection: number) {}

  get(coll: string, key: string): Doc | undefined {
    const docs = this.byCollection.get(coll);
    const doc = docs?.get(key);
    if (!docs || !doc) return undefined;
    docs.delete(key); // set again: now the most recently used
    docs.set(key, doc);
    return doc;
  }

  remember(coll: string, key: string, doc: Doc): void {
    let docs = this.byCollection.get(coll);
    if (!docs) this.byCollection.set(coll, (docs = new Map()));
    docs.set(key, doc);
    if (docs.size > this.perCollection) docs.delete(docs.keys().next().value!);
  }

  /** A written document: the next read takes it from the write, or from lmdb once stored. */
  forget(coll: string, key: string): void {
    this.byCollection.get(coll)?.delete(key);
  }

  clear(): void {
    this.byCollection.clear();
  }
}

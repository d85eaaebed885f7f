/**
 * A collection's declared indexes (cloudfunctions/core/documents/collections.ts) in memory, kept up to date by every
 * commit (store.ts) and rebuilt from the stored documents when the local cloud opens: unique indexes as maps
 * from the indexed values to the document holding them, checked before a write; the others as tries over
 * their fields (trieIndex.ts), which the planner walks (planner.ts); `2dsphere` ones as grids of cells
 * (geoIndex.ts).
 */

import type { CollectionDeclaration } from '../../cloudfunctions/core/documents/collections';
import { encode } from './ejson';
import { dupKey } from './errors';
import { GridIndex } from './geoIndex';
import { DocNumbers, TrieIndex } from './trieIndex';
import { type Doc, pick } from './values';

interface UniqueIndex {
  fields: string[];
  /** Key of the indexed values → document key. */
  holders: Map<string, string>;
}

export class CollectionIndexes {
  /** index name → its holders. */
  private readonly unique = new Map<string, UniqueIndex>();
  /** The declared indexes as tries. */
  readonly tries: TrieIndex[] = [];
  /** The 2dsphere indexes as grids of cells. */
  readonly grids: GridIndex[] = [];

  constructor(
    readonly collection: string,
    declaration: CollectionDeclaration | undefined,
  ) {
    for (const idx of declaration?.indexes ?? [])
      if (idx.unique) this.unique.set(idx.name, { fields: Object.keys(idx.keys), holders: new Map() });
    const numbers = new DocNumbers();
    for (const idx of declaration?.indexes ?? []) {
      const entries = Object.entries(idx.keys);
      const geo = entries.find(([, kind]) => kind === '2dsphere');
      if (geo) this.grids.push(new GridIndex(idx.name, geo[0]));
      else
        this.tries.push(
          new TrieIndex(
            idx.name,
            entries.map(([field]) => field),
            numbers,
          ),
        );
    }
  }

  private static uniqueKeyOf(index: UniqueIndex, doc: Doc): string {
    // As in MongoDB, a missing field is indexed as null.
    return encode(index.fields.map((field) => pick(doc, field)));
  }

  /** Indexes a document; `bump`: a commit (the tries' nodes change version), not the initial load. */
  add(key: string, doc: Doc, bump: boolean): void {
    for (const index of this.unique.values()) index.holders.set(CollectionIndexes.uniqueKeyOf(index, doc), key);
    for (const trie of this.tries) trie.add(key, doc, bump);
    for (const grid of this.grids) grid.add(key, doc);
  }

  remove(key: string, doc: Doc): void {
    for (const index of this.unique.values()) {
      const k = CollectionIndexes.uniqueKeyOf(index, doc);
      if (index.holders.get(k) === key) index.holders.delete(k);
    }
    for (const trie of this.tries) trie.remove(key, doc);
    for (const grid of this.grids) grid.remove(key, doc);
  }

  /**
   * Throws a duplicate-key error (worded as CloudBase words it) if a document of `changes` would share a
   * unique index key with another document, stored or in the same batch.
   */
  checkUnique(changes: Map<string, Doc | null>): void {
    for (const [name, index] of this.unique) {
      const inBatch = new Map<string, string>();
      for (const [key, doc] of changes) {
        if (!doc) continue;
        const k = CollectionIndexes.uniqueKeyOf(index, doc);
        const holder = index.holders.get(k);
        // A stored holder that this batch also changes is judged by its new value, in the batch check.
        if (holder !== undefined && holder !== key && !changes.has(holder)) throw dupKey(this.collection, name, k);
        if (inBatch.has(k)) throw dupKey(this.collection, name, k);
        inBatch.set(k, key);
      }
    }
  }
}

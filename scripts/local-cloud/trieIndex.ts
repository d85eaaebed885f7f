/**
 * A declared index kept in memory as a trie over its fields (see indexes.ts): each node holds the documents
 * under it, so a query that pins the index's leading fields reaches the documents it can match without
 * reading any other (planner.ts).
 *
 * Nodes carry a version, bumped by every commit that adds or removes a document under them: a transaction
 * that read through an index remembers the nodes it used and conflicts only if one of them changed.
 */

import { IdSet } from './idSet';
import { type Doc, type Key, EMPTY_ARRAY, EMPTY_KEY, enc, valuesAt } from './values';

/** A node of an index's trie: itself the set of the documents at or under it (one object per node, not two). */
export class Node extends IdSet {
  children: Map<Key, Node> | null = null;
  version = 0;

  constructor(
    /** Encoded value of the field this node stands for (root: ''). */
    readonly enc: Key,
    readonly value: unknown,
  ) {
    super();
  }

  /** Documents at or under this node, by their number in the collection (`DocNumbers`). */
  get keys(): IdSet {
    return this;
  }
}

export const newNode = (enc: Key, value: unknown): Node => new Node(enc, value);

/**
 * A collection's document keys by number, shared by its indexes. Nodes hold documents by number, not by key: a
 * multikey field puts one document under hundreds of nodes, and sets of small integers cost the collector far
 * less than sets of strings (an import of 100,000 institutions spent most of its time there).
 */
export class DocNumbers {
  private readonly numbers = new Map<string, number>();
  readonly keyOf: string[] = [];

  /** A key's number (given on first sight; undefined: never indexed). */
  numberOf(key: string, assign = false): number | undefined {
    let n = this.numbers.get(key);
    if (n === undefined && assign) {
      n = this.keyOf.length;
      this.keyOf.push(key);
      this.numbers.set(key, n);
    }
    return n;
  }
}

export class TrieIndex {
  readonly root = newNode('', undefined);
  /** Fields that held an array in some document: a range over them is left to the matcher. */
  readonly multikey = new Set<string>();

  constructor(
    readonly name: string,
    readonly fields: string[],
    readonly numbers = new DocNumbers(),
  ) {}

  /** Each field's distinct values in a document (one per element of an array field). */
  private valuesOf(doc: Doc): Array<Map<Key, unknown>> {
    return this.fields.map((field) => {
      const values = valuesAt(doc, field);
      if (values.length > 1 || (values.length === 1 && values[0] === EMPTY_ARRAY)) this.multikey.add(field);
      const seen = new Map<Key, unknown>();
      for (const v of values) seen.set(v === EMPTY_ARRAY ? EMPTY_KEY : enc(v), v);
      return seen;
    });
  }

  /** Adds a document under every path of its values; `bump`: a commit (the nodes' versions change). */
  add(key: string, doc: Doc, bump: boolean): void {
    const values = this.valuesOf(doc);
    const n = this.numbers.numberOf(key, true)!;
    const visit = (node: Node, depth: number) => {
      node.keys.add(n);
      if (bump) node.version += 1;
      if (depth === values.length) return;
      for (const [e, v] of values[depth]) {
        node.children ??= new Map();
        let child = node.children.get(e);
        if (!child) node.children.set(e, (child = newNode(e, v)));
        visit(child, depth + 1);
      }
    };
    visit(this.root, 0);
  }

  /** Removes a document (emptied nodes stay, with their version, so "nothing here" is watched too). */
  remove(key: string, doc: Doc): void {
    const values = this.valuesOf(doc);
    const n = this.numbers.numberOf(key);
    if (n === undefined) return;
    const visit = (node: Node, depth: number) => {
      node.keys.delete(n);
      node.version += 1;
      if (depth === values.length) return;
      for (const e of values[depth].keys()) {
        const child = node.children?.get(e);
        if (child) visit(child, depth + 1);
      }
    };
    visit(this.root, 0);
  }
}

/** The keys of the documents under these nodes, each once. */
export function* nodeKeys(index: TrieIndex, nodes: Node[]): Generator<string> {
  if (nodes.length === 1) {
    for (const n of nodes[0].keys) yield index.numbers.keyOf[n];
    return;
  }
  const seen = new Set<number>();
  for (const node of nodes) {
    for (const n of node.keys) {
      if (seen.has(n)) continue;
      seen.add(n);
      yield index.numbers.keyOf[n];
    }
  }
}

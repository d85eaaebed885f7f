/**
 * A set of document numbers for an index node (see indexes.ts). A node of a multikey field such as the search
 * tokens can hold most of a collection (`北京`, `BEI`…), and one document sits under hundreds of nodes: as a
 * `Set`, adding 100,000 institutions meant tens of millions of hash-table entries. Once a set holds more than
 * 1/128 of the numbers below its largest, it becomes a bitmap, which is then smaller than the hash table and
 * costs a bit operation per add. Small sets stay hash tables, and a set of one (most nodes of a field whose
 * values are all different, such as a request id) is just that number.
 */
const DENSE_MIN = 256;
const NONE = -1;

export class IdSet implements Iterable<number> {
  /** The only member while there is at most one (NONE: empty) and no other form. */
  private one = NONE;
  private sparse: Set<number> | null = null;
  private bits: Uint32Array | null = null;
  private count = 0;
  private max = -1;

  get size(): number {
    if (this.bits) return this.count;
    if (this.sparse) return this.sparse.size;
    return this.one === NONE ? 0 : 1;
  }

  has(n: number): boolean {
    if (this.bits) {
      const word = n >>> 5;
      return word < this.bits.length && (this.bits[word] & (1 << (n & 31))) !== 0;
    }
    return this.sparse ? this.sparse.has(n) : this.one === n;
  }

  add(n: number): void {
    if (n > this.max) this.max = n;
    if (!this.bits && !this.sparse) {
      if (this.one === NONE || this.one === n) {
        this.one = n;
        return;
      }
      this.sparse = new Set([this.one]);
      this.one = NONE;
    }
    if (this.sparse) {
      this.sparse.add(n);
      if (this.sparse.size >= DENSE_MIN && this.sparse.size * 128 > this.max) this.toBitmap();
      return;
    }
    let bits = this.bits!;
    const word = n >>> 5;
    if (word >= bits.length) {
      const grown = new Uint32Array(Math.max(word + 1, bits.length * 2));
      grown.set(bits);
      this.bits = bits = grown;
    }
    const bit = 1 << (n & 31);
    if ((bits[word] & bit) === 0) {
      bits[word] |= bit;
      this.count += 1;
    }
  }

  delete(n: number): void {
    if (!this.bits) {
      if (this.sparse) this.sparse.delete(n);
      else if (this.one === n) this.one = NONE;
      return;
    }
    if (!this.has(n)) return;
    this.bits[n >>> 5] &= ~(1 << (n & 31));
    this.count -= 1;
  }

  *[Symbol.iterator](): Iterator<number> {
    if (this.sparse) {
      yield* this.sparse;
      return;
    }
    if (!this.bits) {
      if (this.one !== NONE) yield this.one;
      return;
    }
    const bits = this.bits;
    for (let w = 0; w < bits.length; w += 1) {
      let word = bits[w];
      while (word !== 0) {
        const low = word & -word;
        yield (w << 5) + 31 - Math.clz32(low);
        word ^= low;
      }
    }
  }

  private toBitmap(): void {
    const sparse = this.sparse!;
    const bits = new Uint32Array((this.max >>> 5) + 1);
    for (const n of sparse) bits[n >>> 5] |= 1 << (n & 31);
    this.count = sparse.size;
    this.sparse = null;
    this.bits = bits;
  }
}

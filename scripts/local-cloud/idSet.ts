/**
 * A set of document numbers for an index node (see indexes.ts). A node of a multikey field such as the search
 * tokens can hold most of a collection (`北京`, `BEI`…), and one document sits under hundreds of nodes: as a
 * `Set`, adding 100,000 institutions meant tens of millions of hash-table entries. Once a set holds more than
 * 1/128 of the numbers below its largest, it becomes a bitmap, which is then smaller than the hash table and
 * costs a bit operation per add. Small sets stay hash tables.
 */
const DENSE_MIN = 256;

export class IdSet implements Iterable<number> {
  private sparse: Set<number> | null = new Set();
  private bits: Uint32Array | null = null;
  private count = 0;
  private max = -1;

  get size(): number {
    return this.bits ? this.count : this.sparse!.size;
  }

  has(n: number): boolean {
    if (!this.bits) return this.sparse!.has(n);
    const word = n >>> 5;
    return word < this.bits.length && (this.bits[word] & (1 << (n & 31))) !== 0;
  }

  add(n: number): void {
    if (n > this.max) this.max = n;
    if (!this.bits) {
      this.sparse!.add(n);
      if (this.sparse!.size >= DENSE_MIN && this.sparse!.size * 128 > this.max) this.toBitmap();
      return;
    }
    const word = n >>> 5;
    if (word >= this.bits.length) {
      const grown = new Uint32Array(Math.max(word + 1, this.bits.length * 2));
      grown.set(this.bits);
      this.bits = grown;
    }
    const bit = 1 << (n & 31);
    if ((this.bits[word] & bit) === 0) {
      this.bits[word] |= bit;
      this.count += 1;
    }
  }

  delete(n: number): void {
    if (!this.bits) {
      this.sparse!.delete(n);
      return;
    }
    if (!this.has(n)) return;
    this.bits[n >>> 5] &= ~(1 << (n & 31));
    this.count -= 1;
  }

  *[Symbol.iterator](): Iterator<number> {
    if (!this.bits) {
      yield* this.sparse!;
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
    const bits = new Uint32Array((this.max >>> 5) + 1);
    for (const n of this.sparse!) bits[n >>> 5] |= 1 << (n & 31);
    this.count = this.sparse!.size;
    this.sparse = null;
    this.bits = bits;
  }
}

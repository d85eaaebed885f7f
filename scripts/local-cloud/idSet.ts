/**
 * A set of document numbers for an index node (see trieIndex.ts). A node of a multikey field such as the search
 * tokens can hold most of a collection (`北京`, `BEI`…), and one document sits under hundreds of nodes: as a
 * `Set`, adding 100,000 institutions meant tens of millions of hash-table entries. Once a set holds more than
 * 1/128 of the numbers below its largest, it becomes a bitmap, which is then smaller than the hash table and
 * costs a bit operation per add. Smaller sets stay hash tables; a set of one (most nodes of a field whose
 * values are all different, such as a request id) is just that number, and a set of a few (one person's
 * records under their openid) a short array: at 1,000,000 declarations their hash tables were a large part
 * of the heap the collector walks.
 */
const DENSE_MIN = 256;
const FEW_MAX = 8;
const NONE = -1;

export class IdSet implements Iterable<number> {
  /** The member while there is at most one (NONE: empty); then `few`, then `sparse`, then `bits`. */
  private one = NONE;
  private few: number[] | null = null;
  private sparse: Set<number> | null = null;
  private bits: Uint32Array | null = null;
  private count = 0;
  private max = -1;

  get size(): number {
    if (this.bits) return this.count;
    if (this.sparse) return this.sparse.size;
    if (this.few) return this.few.length;
    return this.one === NONE ? 0 : 1;
  }

  has(n: number): boolean {
    if (this.bits) {
      const word = n >>> 5;
      return word < this.bits.length && (this.bits[word] & (1 << (n & 31))) !== 0;
    }
    if (this.sparse) return this.sparse.has(n);
    if (this.few) return this.few.includes(n);
    return this.one === n;
  }

  add(n: number): void {
    if (n > this.max) this.max = n;
    if (this.bits) return this.setBit(n);
    if (this.sparse) {
      this.sparse.add(n);
      if (this.sparse.size >= DENSE_MIN && this.sparse.size * 128 > this.max) this.toBitmap();
      return;
    }
    if (this.few) {
      if (this.few.includes(n)) return;
      if (this.few.length < FEW_MAX) this.few.push(n);
      else {
        this.sparse = new Set([...this.few, n]);
        this.few = null;
      }
      return;
    }
    if (this.one === NONE || this.one === n) this.one = n;
    else {
      this.few = [this.one, n];
      this.one = NONE;
    }
  }

  delete(n: number): void {
    if (this.bits) {
      if (!this.has(n)) return;
      this.bits[n >>> 5] &= ~(1 << (n & 31));
      this.count -= 1;
    } else if (this.sparse) this.sparse.delete(n);
    else if (this.few) {
      const at = this.few.indexOf(n);
      if (at >= 0) this.few.splice(at, 1);
    } else if (this.one === n) this.one = NONE;
  }

  *[Symbol.iterator](): Iterator<number> {
    if (this.sparse) yield* this.sparse;
    else if (this.few) yield* [...this.few];
    else if (this.bits) {
      const bits = this.bits;
      for (let w = 0; w < bits.length; w += 1) {
        let word = bits[w];
        while (word !== 0) {
          const low = word & -word;
          yield (w << 5) + 31 - Math.clz32(low);
          word ^= low;
        }
      }
    } else if (this.one !== NONE) yield this.one;
  }

  private setBit(n: number): void {
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

  private toBitmap(): void {
    const sparse = this.sparse!;
    const bits = new Uint32Array((this.max >>> 5) + 1);
    for (const n of sparse) bits[n >>> 5] |= 1 << (n & 31);
    this.count = sparse.size;
    this.sparse = null;
    this.bits = bits;
  }
}

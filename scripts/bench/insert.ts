import { EJSON } from 'bson';
import type { BenchDb } from './cloud';

/** Writes typed documents straight into the local cloud's database (bench data only), throwing on any refusal. */
export function insert<T extends { _id: string }>(db: BenchDb, collectionName: string, docs: T[]): void {
  const data = docs.map((d) => EJSON.stringify(d, { relaxed: false }));
  const reply = db.handle('database.insertDocument', { collectionName, data });
  if (reply.code) throw new Error(reply.message);
}

/** Makes `total` documents with `make(i)` and inserts them `batch` at a time. */
export function insertInBatches<T extends { _id: string }>(
  db: BenchDb,
  collectionName: string,
  total: number,
  make: (i: number) => T,
  batch = 10_000,
): void {
  for (let b = 0; b < total; b += batch) {
    const docs: T[] = [];
    for (let i = b; i < Math.min(total, b + batch); i += 1) docs.push(make(i));
    insert(db, collectionName, docs);
  }
}

/** A deterministic pseudo-random sequence in [0, 1): the same synthetic data on every run. */
export function seededRandom(seed: number): () => number {
  let x = seed;
  return () => (x = (x * 1103515245 + 12345) % 2147483648) / 2147483648;
}

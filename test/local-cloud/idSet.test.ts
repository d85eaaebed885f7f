import { IdSet } from '../../scripts/local-cloud/idSet';
import { random } from '../helpers/random';

// The index nodes' number sets against JavaScript's Set, over random adds and deletes that take sets across
// the point where they become bitmaps (dense and sparse, small and large numbers, bit 31 of a word included).
/** The same add or delete on the set under test and on its model. */
function both(ids: IdSet, model: Set<number>, n: number, add: boolean): void {
  if (add) {
    ids.add(n);
    model.add(n);
  } else {
    ids.delete(n);
    model.delete(n);
  }
}

/** The same numbers, each once, in both (a set's iteration included). */
function sameMembers(ids: IdSet, model: Set<number>): boolean {
  const listed = [...ids].sort((a, b) => a - b);
  const expected = [...model].sort((a, b) => a - b);
  return ids.size === model.size && listed.length === expected.length && listed.every((n, i) => n === expected[i]);
}

it.each([1, 2, 3, 4, 5, 6, 7, 8])('behaves as a Set under random operations (seed %i)', (seed) => {
  const rand = random(seed);
  const range = [300, 5000, 100_000][seed % 3];
  const ids = new IdSet();
  const model = new Set<number>();
  // Differences are collected and asserted once: an expect() per step made this test most of the suite's time.
  const wrong: string[] = [];
  for (let step = 0; step < 20_000; step += 1) {
    const n = Math.floor(rand() * range);
    both(ids, model, n, rand() < 0.7);
    if (step % 997 === 0 && !sameMembers(ids, model)) wrong.push(`step ${step}: members differ`);
    const probe = Math.floor(rand() * range * 1.2);
    if (ids.has(probe) !== model.has(probe)) wrong.push(`step ${step}: has(${probe})`);
  }
  expect(wrong).toEqual([]);
  expect(ids.size).toBe(model.size);
  expect(new Set(ids)).toEqual(model);
});

it('behaves as a Set while small (one number, a few, the switch to a hash table), over 3,000 fresh sets', () => {
  const rand = random(99);
  const wrong: string[] = [];
  for (let trial = 0; trial < 3000; trial += 1) {
    const ids = new IdSet();
    const model = new Set<number>();
    for (let step = 0; step < 30; step += 1) {
      const n = Math.floor(rand() * 12);
      both(ids, model, n, rand() < 0.55);
      if (ids.size !== model.size || ids.has(n) !== model.has(n)) wrong.push(`trial ${trial}, step ${step}: ${n}`);
    }
    if (!sameMembers(ids, model)) wrong.push(`trial ${trial}: members differ`);
  }
  expect(wrong).toEqual([]);
});

it('a dense set keeps every number once, up to word boundaries', () => {
  const ids = new IdSet();
  for (let n = 0; n < 4096; n += 1) ids.add(n);
  for (let n = 0; n < 4096; n += 1) ids.add(n);
  expect(ids.size).toBe(4096);
  ids.delete(31);
  ids.delete(32);
  ids.delete(31);
  ids.add(70_000);
  expect(ids.size).toBe(4095);
  expect([...ids]).toEqual([...Array.from({ length: 4096 }, (_, n) => n).filter((n) => n !== 31 && n !== 32), 70_000]);
});

it('a set of one is that number: added twice, deleted, then grown', () => {
  const ids = new IdSet();
  expect([ids.size, ids.has(0), [...ids]]).toEqual([0, false, []]);
  ids.add(0);
  ids.add(0);
  ids.delete(7);
  expect([ids.size, ids.has(0), ids.has(7), [...ids]]).toEqual([1, true, false, [0]]);
  ids.delete(0);
  expect([ids.size, ids.has(0), [...ids]]).toEqual([0, false, []]);
  ids.add(9);
  ids.add(3);
  expect([ids.size, [...ids].sort((a, b) => a - b)]).toEqual([2, [3, 9]]);
});

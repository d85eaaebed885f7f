import { EJSON } from 'bson';
import { update as mingoUpdate } from 'mingo';
import { applyUpdate, ownSteps } from '../../scripts/local-cloud/updates';
import { random } from '../helpers/random';

// The local engine's own $set/$inc/$unset against mingo's, on random documents and updates: the same document
// (field order included) or the same refusal, whichever way each update takes.
// Paths and operators the engine applies itself come up more often than those it leaves to mingo.
const PATHS = [
  'a',
  'b',
  'e',
  'n',
  'n',
  'a.b',
  'a.e',
  'a.n',
  'a.b.c',
  'b.n',
  'd.e',
  'd.e.f',
  'c.0',
  'c.1.x',
  '_id',
  'a.$',
  'x.toString',
];
const OPERATORS = ['$set', '$set', '$set', '$inc', '$inc', '$unset', '$unset', '$push', '$max'];

function generator(seed: number) {
  const rand = random(seed);
  const pick = <T>(list: T[]): T => list[Math.floor(rand() * list.length)];
  const value = (depth: number): unknown => {
    const kind = pick(['number', 'number', 'text', 'null', 'object', 'array', 'date', 'bool']);
    if (kind === 'number') return pick([0, 1, -3, 2.5, 1e9]);
    if (kind === 'text') return pick(['', '甲', 'x.y']);
    if (kind === 'null') return null;
    if (kind === 'bool') return rand() < 0.5;
    if (kind === 'date') return new Date(Date.UTC(2026, 0, 1 + Math.floor(rand() * 365)));
    if (depth > 1) return 7;
    if (kind === 'array') return [value(depth + 1), { x: value(depth + 1) }];
    const o: Record<string, unknown> = {};
    for (const k of ['b', 'n', 'c', 'e'].filter(() => rand() < 0.5)) o[k] = value(depth + 1);
    return o;
  };
  const doc = () => {
    const d: Record<string, unknown> = { _id: 'doc' };
    for (const k of ['a', 'b', 'c', 'd', 'n'].filter(() => rand() < 0.6)) d[k] = value(0);
    return d;
  };
  const update = () => {
    const u: Record<string, Record<string, unknown>> = {};
    for (let i = 0; i < 1 + Math.floor(rand() * 2); i += 1) {
      const op = pick(OPERATORS);
      u[op] ??= {};
      for (let j = 0; j < 1 + Math.floor(rand() * 2); j += 1)
        u[op][pick(PATHS)] = op === '$unset' ? '' : op === '$inc' && rand() < 0.7 ? pick([1, -2, 0.5]) : value(0);
    }
    return u;
  };
  return { doc, update };
}

/** A deep copy made in this realm (structuredClone makes its copies in Node's, which mingo does not see as plain). */
const copy = <T>(v: T): T => EJSON.parse(EJSON.stringify(v as object, { relaxed: true }), { relaxed: true }) as T;

function outcome(apply: () => void, doc: Record<string, unknown>): string {
  try {
    apply();
    return EJSON.stringify(doc, { relaxed: false });
  } catch (error) {
    return `refused: ${(error as Error).message}`;
  }
}

it.each([1, 2, 3, 4])('applies 2,000 random updates as mingo does (seed %i)', (seed) => {
  const { doc, update } = generator(seed);
  const differ: string[] = [];
  let own = 0;
  for (let i = 0; i < 2000; i += 1) {
    const [d, u] = [doc(), update()];
    const mine = copy(d);
    if (ownSteps(d, u)) own += 1;
    const got = outcome(() => applyUpdate(mine, copy(u)), mine);
    const reference = copy(d);
    const want = outcome(() => mingoUpdate(reference, copy(u) as never), reference);
    if (got !== want) differ.push(`${EJSON.stringify(d)} ${EJSON.stringify(u)}: ${got} ≠ ${want}`);
  }
  expect(differ.slice(0, 5)).toEqual([]);
  // Both ways are exercised: the simple updates apply here, the rest go through mingo.
  expect(own).toBeGreaterThan(200);
  expect(own).toBeLessThan(1700);
});

import { EJSON } from 'bson';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { COLLECTIONS, type CollectionDeclaration } from '../../cloudfunctions/core/documents/collections';
import { LocalDatabase } from '../../scripts/local-cloud/database';

// The local cloud's engine in-process: what each query reads (stats), and what transactions conflict on.
const things: Record<string, CollectionDeclaration> = {
  things: {
    rule: { read: false, write: false },
    description: 'test',
    indexes: [
      { name: 'group_rank', keys: { group: 1, rank: 1 } },
      { name: 'city_tags', keys: { city: 1, tags: 1 } },
      { name: 'at', keys: { at: 1 } },
      { name: 'where', keys: { where: '2dsphere' } },
    ],
  },
};

const dirs: string[] = [];
function open(declarations: Record<string, CollectionDeclaration>): LocalDatabase {
  const dir = mkdtempSync(join(tmpdir(), 'yibao-engine-'));
  dirs.push(dir);
  return new LocalDatabase(join(dir, 'db'), declarations);
}
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const ej = (v: unknown) => EJSON.stringify(v as object, { relaxed: false });
/** doc(id).set(data) as the SDK sends it: replace, or create. */
const upsert = (id: string, data: unknown) => ({
  collectionName: 'things',
  query: ej({ _id: id }),
  data: ej(data),
  merge: false,
  upsert: true,
  multi: false,
});
const N = 4000;
const thing = (i: number) => ({
  _id: `t${i}`,
  group: `g${i % 40}`,
  rank: i,
  city: i % 2 ? 'A' : 'B',
  tags: [`x${i % 10}`, `y${i % 7}`, 'all'],
  at: new Date(Date.UTC(2026, 0, 1) + i * 60_000),
  other: i % 3,
  where: { type: 'Point', coordinates: [113 + (i % 100) * 0.003, 22 + Math.floor(i / 100) * 0.003] },
});

function ask(db: LocalDatabase, action: string, params: Record<string, unknown>) {
  const reply = db.handle(action, params);
  if (reply.code) throw new Error(`${reply.code}: ${reply.message}`);
  return reply;
}
const find = (db: LocalDatabase, query: unknown, extra: Record<string, unknown> = {}) =>
  (
    ask(db, 'database.getDocument', { collectionName: 'things', query: ej(query), limit: 1000, ...extra }).data as {
      list: string[];
    }
  ).list.map((t) => EJSON.parse(t, { relaxed: true }) as ReturnType<typeof thing>);
const count = (db: LocalDatabase, query: unknown) =>
  (ask(db, 'database.calculateDocument', { collectionName: 'things', query: ej(query) }).data as { total: number })
    .total;
const reads = (db: LocalDatabase) => db.stats().things?.read ?? 0;

describe('the local engine reads only candidate documents', () => {
  const db = open(things);
  beforeAll(() => {
    for (let b = 0; b < N; b += 1000)
      ask(db, 'database.insertDocument', {
        collectionName: 'things',
        data: Array.from({ length: 1000 }, (_, k) => ej(thing(b + k))),
      });
  });
  beforeEach(() => db.resetStats());

  it('equality and $in on leading fields read exactly what they answer', () => {
    expect(find(db, { group: 'g3' })).toHaveLength(N / 40);
    expect(reads(db)).toBe(N / 40);
    db.resetStats();
    expect(
      find(db, { group: { $in: ['g1', 'g2'] }, rank: { $in: [1, 2, 3, 41] } })
        .map((d) => d.rank)
        .sort(),
    ).toEqual([1, 2, 41]);
    expect(reads(db)).toBe(3);
  });

  it('a range on the next field, and on a leading field, reads only the range', () => {
    expect(find(db, { group: 'g5', rank: { $gte: 1000, $lt: 2000 } })).toHaveLength(25);
    expect(reads(db)).toBe(25);
    db.resetStats();
    const from = new Date(Date.UTC(2026, 0, 1) + 100 * 60_000);
    expect(find(db, { at: { $gte: from, $lt: new Date(from.getTime() + 10 * 60_000) } })).toHaveLength(10);
    expect(reads(db)).toBe(10);
  });

  it('$all and equality on an array field (multikey) read only the intersection', () => {
    const both = find(db, { city: 'A', tags: { $all: ['x3', 'y4'] } });
    expect(both.length).toBeGreaterThan(0);
    expect(both.every((d) => d.tags.includes('x3') && d.tags.includes('y4') && d.city === 'A')).toBe(true);
    expect(reads(db)).toBe(both.length);
    db.resetStats();
    expect(find(db, { city: 'B', tags: 'x4' })).toHaveLength(N / 10);
    expect(reads(db)).toBe(N / 10);
  });

  it('counts what an index answers exactly without reading; other conditions are tested on candidates only', () => {
    expect(count(db, { city: 'A', tags: 'all' })).toBe(N / 2);
    expect(count(db, { group: 'g7', rank: { $gt: 2000 } })).toBe(50);
    expect(reads(db)).toBe(0);
    expect(count(db, { group: 'g7', other: 1 })).toBe(find(db, { group: 'g7' }).filter((d) => d.other === 1).length);
    expect(reads(db)).toBe(2 * (N / 40));
    expect(db.stats().things.scans).toBe(0);
  });

  it('pages an ordered query along its index, reading only the page', () => {
    const page = find(db, { group: 'g9' }, { order: ej({ rank: -1 }), offset: 20, limit: 10 });
    expect(page.map((d) => d.rank)).toEqual(Array.from({ length: 10 }, (_, k) => N - 40 * 21 + 9 - 40 * k));
    expect(reads(db)).toBe(10);
  });

  it('scans (and says so) only when no declared index helps', () => {
    expect(count(db, { other: 2 })).toBe(Math.floor(N / 3));
    expect(db.stats().things.scans).toBe(1);
    expect(reads(db)).toBe(N);
  });

  it('answers lookup (CloudBase’s equality join) through the joined collection’s index, left outer', () => {
    const stage = (key: string, value: unknown) => ({ stageKey: key, stageValue: ej(value) });
    const joined = (localField: string, foreignField: string) =>
      (
        ask(db, 'database.aggregateDocuments', {
          collectionName: 'things',
          stages: [
            stage('$match', { _id: { $in: ['t1', 't2'] } }),
            stage('$lookup', { from: 'things', localField, foreignField, as: 'peers' }),
            stage('$project', { rank: 1, 'peers.rank': 1 }),
          ],
        }).data as { list: string[] }
      ).list.map((t) => EJSON.parse(t, { relaxed: true }) as { _id: string; peers: Array<{ rank: number }> });
    const byGroup = joined('group', 'group');
    expect(byGroup.map((d) => [d._id, d.peers.length])).toEqual([
      ['t1', N / 40],
      ['t2', N / 40],
    ]);
    expect(byGroup[0].peers.every((p) => p.rank % 40 === 1)).toBe(true);
    expect(reads(db)).toBe(2 + 2 * (N / 40));
    expect(joined('rank', '_id').map((d) => d.peers)).toEqual([[], []]);
  });

  it('answers $geoNear from the nearest cells outward: the same order as every distance, far fewer reads', () => {
    const near = { type: 'Point', coordinates: [113.1, 22.05] };
    const stages = (limit: number) => [
      {
        stageKey: '$geoNear',
        stageValue: ej({ near, distanceField: 'd', spherical: true, key: 'where', query: { city: 'A' } }),
      },
      { stageKey: '$skip', stageValue: ej(5) },
      { stageKey: '$limit', stageValue: ej(limit) },
    ];
    const got = (
      ask(db, 'database.aggregateDocuments', { collectionName: 'things', stages: stages(20) }).data as {
        list: string[];
      }
    ).list.map((t) => EJSON.parse(t) as { _id: string; d: number });
    expect(reads(db)).toBe(25);
    const rad = Math.PI / 180;
    const dist = (c: number[]) => {
      const a =
        Math.sin(((c[1] - 22.05) * rad) / 2) ** 2 +
        Math.cos(22.05 * rad) * Math.cos(c[1] * rad) * Math.sin(((c[0] - 113.1) * rad) / 2) ** 2;
      return 2 * 6371008.8 * Math.asin(Math.sqrt(a));
    };
    const all = Array.from({ length: N }, (_, i) => thing(i))
      .filter((t) => t.city === 'A')
      .map((t) => ({ _id: t._id, d: dist(t.where.coordinates) }))
      .sort((a, b) => a.d - b.d);
    expect(got.map((g) => g.d)).toEqual(all.slice(5, 25).map((a) => expect.closeTo(a.d, 6)));
  });
});

describe('transactions conflict only on the documents and index keys they touch', () => {
  const db = open(things);
  beforeAll(() =>
    ask(db, 'database.insertDocument', {
      collectionName: 'things',
      data: Array.from({ length: 200 }, (_, i) => ej(thing(i))),
    }),
  );
  const start = () => ask(db, 'database.startTransaction', {}).transactionId!;
  const commit = (txn: string) => db.handle('database.commitTransaction', { transactionId: txn });
  const set = (txn: string, id: string, data: unknown) =>
    ask(db, 'database.modifyDocument', { ...upsert(id, data), transactionId: txn });

  it('a query through an index conflicts with a commit that adds to what it matched, not with one elsewhere', () => {
    const a = start();
    expect(find(db, { group: 'g1' }, { transactionId: a })).toHaveLength(5);
    const b = start();
    set(b, 'new-elsewhere', { ...thing(9999), _id: undefined, group: 'g2' });
    expect(commit(b).code).toBeUndefined();
    set(a, 't1', { ...thing(1), _id: undefined, other: 9 });
    const c = start();
    set(c, 'new-in-g1', { ...thing(9998), _id: undefined, group: 'g1' });
    expect(commit(c).code).toBeUndefined();
    expect(commit(a).code).toBe('DATABASE_TRANSACTION_CONFLICT');
  });

  it('two people changing their own 定点 at the same moment never conflict; the same person does', () => {
    const fdb = open(COLLECTIONS);
    const change = (person: string, request: string) => {
      const txn = ask(fdb, 'database.startTransaction', {}).transactionId!;
      ask(fdb, 'database.getDocument', {
        collectionName: 'facility_states',
        query: ej({ _id: `${person}:general` }),
        transactionId: txn,
      });
      ask(fdb, 'database.getDocument', {
        collectionName: 'facility_declarations',
        query: ej({ owner: person, requestId: request }),
        limit: 1,
        transactionId: txn,
      });
      ask(fdb, 'database.modifyDocument', {
        collectionName: 'facility_states',
        query: ej({ _id: `${person}:general` }),
        data: ej({ slots: [request] }),
        merge: false,
        upsert: true,
        multi: false,
        transactionId: txn,
      });
      ask(fdb, 'database.insertDocument', {
        collectionName: 'facility_declarations',
        data: [
          ej({
            _id: request,
            owner: person,
            requestId: request,
            subjectKey: person,
            cityCode: '110000',
            submittedAt: new Date(),
            notifyPending: false,
            effectiveFrom: new Date(),
          }),
        ],
        transactionId: txn,
      });
      return txn;
    };
    const done = (txn: string) => fdb.handle('database.commitTransaction', { transactionId: txn }).code;
    const mine = change('person-1', 'req-1');
    const yours = change('person-2', 'req-2');
    expect(done(yours)).toBeUndefined();
    expect(done(mine)).toBeUndefined();
    const again1 = change('person-1', 'req-3');
    const again2 = change('person-1', 'req-4');
    expect(done(again1)).toBeUndefined();
    expect(done(again2)).toBe('DATABASE_TRANSACTION_CONFLICT');
  });
});

describe('commits from functions share disk flushes and are visible at once', () => {
  const dir = mkdtempSync(join(tmpdir(), 'yibao-engine-'));
  dirs.push(dir);
  const path = join(dir, 'db');

  it('every request sees a commit before lmdb has stored it; its own answer waits until lmdb has', async () => {
    const db = new LocalDatabase(path, things);
    const writes = Array.from({ length: 30 }, (_, i) =>
      db.answer('database.insertDocument', { collectionName: 'things', data: [ej(thing(i))] }),
    );
    // Not yet stored by lmdb: found through an index, by _id, by a scan, and counted, once each.
    expect(find(db, { group: 'g3' }).map((d) => d._id)).toEqual(['t3']);
    expect(find(db, { _id: 't29' })).toHaveLength(1);
    expect(find(db, { other: 2 }).map((d) => d._id)).toHaveLength(10);
    expect(count(db, {})).toBe(30);
    const removed = db.answer('database.removeDocument', { collectionName: 'things', query: ej({ _id: 't9' }) });
    expect(find(db, { _id: 't9' })).toEqual([]);
    // Inserting a document that is on its way is a duplicate; one that is being removed is not.
    expect(db.handle('database.insertDocument', { collectionName: 'things', data: [ej(thing(3))] }).message).toMatch(
      /E11000 duplicate key/,
    );
    const back = db.answer('database.insertDocument', { collectionName: 'things', data: [ej(thing(9))] });
    expect((await removed).code).toBeUndefined();
    expect((await back).code).toBeUndefined();
    // A transaction that read a document conflicts with a commit of it that lmdb has not stored yet.
    const txn = ask(db, 'database.startTransaction', {}).transactionId!;
    expect(find(db, { _id: 't5' }, { transactionId: txn })[0].rank).toBe(5);
    await db.answer('database.modifyDocument', upsert('t5', { ...thing(5), _id: undefined, rank: 500 }));
    ask(db, 'database.modifyDocument', { ...upsert('t5', { rank: 5000 }), transactionId: txn });
    expect(db.handle('database.commitTransaction', { transactionId: txn }).code).toBe('DATABASE_TRANSACTION_CONFLICT');
    // A direct write of a document still on its way queues behind it: the later value is the one kept.
    const later = db.answer('database.modifyDocument', upsert('t7', { ...thing(7), _id: undefined, rank: 70 }));
    ask(db, 'database.modifyDocument', upsert('t7', { ...thing(7), _id: undefined, rank: 700 }));
    expect((await Promise.all(writes)).every((r) => !r.code)).toBe(true);
    // Answered: stored by lmdb, so a second reader of the same files (which sees no pending commit) finds them.
    const second = new LocalDatabase(path, things);
    expect(count(second, {})).toBe(30);
    expect((await later).code).toBeUndefined();
    await second.close();
    await db.close();
    const reopened = new LocalDatabase(path, things);
    expect(count(reopened, {})).toBe(30);
    expect(find(reopened, { _id: { $in: ['t5', 't7'] } }).map((d) => d.rank)).toEqual([500, 700]);
    await reopened.close();
  });
});

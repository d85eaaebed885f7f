import { readdirSync, readFileSync } from 'node:fs';
import { LocalCloud } from '../helpers/localCloud';

jest.setTimeout(60_000);

describe('the local cloud runs functions as CloudBase does', () => {
  let cloud: LocalCloud;
  beforeAll(async () => {
    cloud = await new LocalCloud().start();
  });
  afterAll(async () => {
    await cloud.stop();
    cloud.removeData();
  });

  it("reports a fresh instance's start with its first call only: thread, loading, first answer", async () => {
    const first = await cloud.post('catalog', '{"action":"cities"}', { openid: 'a' });
    const metrics = (first.serverTiming ?? '').split(', ').map((m) => /^([\w-]+);dur=(\d+\.\d)$/.exec(m));
    expect(metrics.map((m) => m?.[1])).toEqual(['boot', 'load', 'first-answer']);
    for (const m of metrics) expect(Number(m![2])).toBeGreaterThan(0);
    const next = await cloud.post('catalog', '{"action":"cities"}', { openid: 'a' });
    expect([next.status, next.serverTiming]).toEqual([200, undefined]);
  });

  it('gives each concurrent request its own caller identity (one request per instance)', async () => {
    const ids = Array.from({ length: 12 }, (_, i) => `user-${i}`);
    const answers = await Promise.all(
      ids.map((openid) => cloud.call('probe', { action: 'whoami', delayMs: 50 }, { openid })),
    );
    expect(answers.map((a) => a.openid)).toEqual(ids);
  });

  (process.platform === 'linux' ? it : it.skip)(
    'runs the instances below the priority of the thread that answers their database calls',
    async () => {
      await Promise.all(
        [1, 2, 3].map((i) => cloud.call('probe', { action: 'whoami', delayMs: 50 }, { openid: `n${i}` })),
      );
      // Field 19 of a task's stat is its niceness; the fields are counted after the name in parentheses.
      const niceness = (task: string) =>
        Number(readFileSync(`/proc/${cloud.pid}/task/${task}/stat`, 'utf8').split(') ')[1].split(' ')[16]);
      const tasks = readdirSync(`/proc/${cloud.pid}/task`);
      expect(niceness(String(cloud.pid))).toBe(0);
      expect(tasks.filter((t) => niceness(t) === 5).length).toBeGreaterThanOrEqual(3);
    },
  );

  it('runs the function on the x-now clock, server dates included', async () => {
    const now = '2030-02-28T22:00:00+08:00';
    const who = await cloud.call('probe', { action: 'whoami' }, { openid: 'a', now });
    expect(Math.abs(Date.parse(who.now) - Date.parse(now))).toBeLessThan(1000);
    await cloud.call('probe', { action: 'put', doc: { key: 'clock' } }, { openid: 'a', now });
    const list = await cloud.call('probe', { action: 'list', where: { key: 'clock' } });
    expect(Math.abs(Date.parse(list.data[0].at) - Date.parse(now))).toBeLessThan(1000);
  });

  it('answers a clock header that is not a real instant with 400 BAD_CLOCK', async () => {
    for (const now of ['2026-13-45T99:99:99+08:00', '2026-11-24', 'yesterday', '2026-11-24T10:00:00']) {
      const res = await cloud.post('catalog', '{"action":"cities"}', { openid: 'a', now });
      expect([now, res.status, res.json.code]).toEqual([now, 400, 'BAD_CLOCK']);
    }
  });

  it('refuses events nested too deep with an envelope, from every function, whatever the depth', async () => {
    for (const depth of [9, 50, 5000]) {
      let nested = '1';
      for (let i = 0; i < depth; i += 1) nested = `{"a":${nested}}`;
      for (const fn of ['catalog', 'user', 'facility', 'filing', 'rating']) {
        const res = await cloud.post(fn, `{"action":"me","x":${nested}}`, { openid: 'a' });
        expect([fn, depth, res.status, res.json.code]).toEqual([fn, depth, 200, 'VALIDATION_FAILED']);
      }
    }
    // And the cloud keeps serving.
    expect((await cloud.call('catalog', { action: 'cities' })).ok).toBe(true);
  });

  it('honours a declared unique index, also under concurrent writes', async () => {
    const first = await cloud.call('probe', { action: 'put', doc: { key: 'once' } });
    expect(first.ok).toBe(true);
    const again = await cloud.call('probe', { action: 'put', doc: { key: 'once' } });
    expect(again).toMatchObject({ ok: false, errCode: -502001 });
    expect(again.error).toMatch(/E11000 duplicate key/);
    const racers = await Promise.all(
      Array.from({ length: 10 }, () => cloud.call('probe', { action: 'put', doc: { key: 'race' } })),
    );
    expect(racers.filter((r) => r.ok)).toHaveLength(1);
    expect((await cloud.call('probe', { action: 'list', where: { key: 'race' } })).data).toHaveLength(1);
  });

  it('commits transactions so that concurrent read-modify-writes lose nothing', async () => {
    await Promise.all(Array.from({ length: 8 }, () => cloud.call('probe', { action: 'bump', id: 'counter' })));
    const list = await cloud.call('probe', { action: 'list', collection: 'probe_counters', where: { _id: 'counter' } });
    expect(list.data[0].n).toBe(8);
  });

  it('refuses a collection that is not declared', async () => {
    const res = await cloud.call('probe', { action: 'list', collection: 'undeclared' });
    expect(res).toMatchObject({ ok: false, errCode: -502005 });
  });

  it('times out a function that overruns, replaces the instance, and keeps serving', async () => {
    const slow = await cloud.post('probe', JSON.stringify({ action: 'sleep', ms: 5000 }), { openid: 'a' });
    expect(slow.status).toBe(504);
    expect(slow.json).toMatchObject({ ok: false, code: 'FUNCTION_TIMEOUT' });
    expect((await cloud.call('probe', { action: 'whoami' }, { openid: 'after' })).openid).toBe('after');
  });
});

describe('durability', () => {
  it('keeps every acknowledged write across kill -9, and seeds demo data only once', async () => {
    const first = await new LocalCloud().start();
    const keys = Array.from({ length: 40 }, (_, i) => `k${i}`);
    try {
      expect(first.output).toMatch(/demo data seeded/);
      const acks = await Promise.all(keys.map((key) => first.call('probe', { action: 'put', doc: { key } })));
      expect(acks.every((a) => a.ok)).toBe(true);
    } finally {
      await first.kill();
    }

    const second = await new LocalCloud(first.dataDir).start();
    try {
      expect(second.output).not.toMatch(/demo data seeded/);
      const list = await second.call('probe', { action: 'list' });
      expect(list.data.map((d: { key: string }) => d.key).sort()).toEqual([...keys].sort());
      const services = await second.call('catalog', { action: 'services', cityCode: '131000' });
      expect(services.data.total).toBe(28);
    } finally {
      await second.stop();
      second.removeData();
    }
  });
});

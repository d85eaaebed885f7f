import { type DbCost, LocalCloud } from '../helpers/localCloud';
import { FACTS, profile, taiyuanFilingEvent, withProfile } from '../helpers/people';
import { countShard } from '../../cloudfunctions/core/rules/rating';

// What a resident waits for on CloudBase is mostly database round trips: each call is a network hop, and calls
// made one after another add up (README, Performance). The local cloud counts every action's calls and how many
// of them run one after another; this fails when a change adds an awaited call to a resident's path.
jest.setTimeout(120_000);
let cloud: LocalCloud;
const NOW = '2026-11-24T10:00:00+08:00';
const costs = new Map<string, DbCost>();
const MEASURED_RATING = 'rt-ty-rate-0001';
/** Sequential database round trips per action, as measured after shortening the critical paths. */
const EXPECTED: Record<string, number> = {
  'catalog.cities': 0,
  'catalog.services': 1,
  'user.me': 1,
  'facility.search': 2,
  'facility.filters': 1,
  'facility.detail': 2,
  'facility.mine': 2,
  'facility.preview': 2,
  'facility.select': 4,
  'facility.declarations': 2,
  'facility.change': 4,
  'facility.withdraw': 4,
  'user.members': 1,
  'user.agents': 2,
  'user.updateProfile': 5,
  'filing.submit': 4,
  'filing.preview': 2,
  'filing.mine': 2,
  'filing.detail': 2,
  'rating.pending': 1,
  'rating.submit': 4,
  'rating.mine': 2,
  'rating.stats': 1,
  'filing.change': 5,
  'filing.cancel': 5,
};

async function cost(name: string, fn: string, event: Record<string, unknown>, openid?: string): Promise<any> {
  const answer = await cloud.traced(fn, event, { openid, now: NOW });
  expect([name, answer.json.ok, answer.json.message]).toEqual([name, true, undefined]);
  costs.set(name, answer.db);
  return answer.json;
}

beforeAll(async () => {
  cloud = await new LocalCloud().start();
  await withProfile(cloud, 'rt-zs', 701, FACTS.zhongshanResident);
  await withProfile(cloud, 'rt-ty', 702, FACTS.taiyuanRetired);
  // Someone rated the same item this month already, into the count shard the measured rating adds to: it counts
  // in place, as most ratings do (only the first of a shard creates it, one round trip more).
  const earlierRequest = Array.from({ length: 100 }, (_, i) => `rt-earlier-rate-${i}`).find(
    (id) => countShard(id) === countShard(MEASURED_RATING),
  );
  await withProfile(cloud, 'rt-earlier', 703, FACTS.taiyuanRetired);
  const earlier = await cloud.call('filing', taiyuanFilingEvent('rt-earlier-filing-1'), {
    openid: 'rt-earlier',
    now: NOW,
  });
  const rated = await cloud.call(
    'rating',
    {
      action: 'submit',
      serviceRef: { kind: 'filing', id: earlier.data.filingId },
      channel: 'online',
      level: 2,
      requestId: earlierRequest,
    },
    { openid: 'rt-earlier', now: NOW },
  );
  expect(rated.ok).toBe(true);
});
afterAll(async () => {
  await cloud.stop();
  cloud.removeData();
});

describe('database round trips on a resident’s path', () => {
  it('stays within its budget for every action a resident waits for', async () => {
    await cost('catalog.cities', 'catalog', { action: 'cities' });
    await cost('catalog.services', 'catalog', { action: 'services', cityCode: '140100' });
    await cost('user.me', 'user', { action: 'me' }, 'rt-ty');
    const found = await cost('facility.search', 'facility', { action: 'search', cityCode: '442000', keyword: '示例' });
    await cost('facility.filters', 'facility', { action: 'filters', cityCode: '442000' });
    const code = found.data.items.find((i: any) => i.selectable)?.code ?? found.data.items[0].code;
    await cost('facility.detail', 'facility', { action: 'detail', code });
    await cost('facility.mine', 'facility', { action: 'mine' }, 'rt-zs');
    await cost('facility.preview', 'facility', { action: 'preview', op: 'select', kind: 'general', code }, 'rt-zs');
    await cost(
      'facility.select',
      'facility',
      { action: 'select', kind: 'general', code, requestId: 'rt-zs-sel-0001' },
      'rt-zs',
    );
    await cost('facility.declarations', 'facility', { action: 'declarations' }, 'rt-zs');
    const other = found.data.items.find((i: any) => i.selectable && i.code !== code)?.code ?? code;
    const changed = await cost(
      'facility.change',
      'facility',
      { action: 'change', slot: 1, code: other, requestId: 'rt-zs-chg-0001' },
      'rt-zs',
    );
    await cost(
      'facility.withdraw',
      'facility',
      { action: 'withdraw', declarationId: changed.data.declaration.id, requestId: 'rt-zs-wd-0001' },
      'rt-zs',
    );
    await cost('user.members', 'user', { action: 'members' }, 'rt-zs');
    await cost('user.agents', 'user', { action: 'agents' }, 'rt-zs');
    await cost('user.updateProfile', 'user', profile(701, { ...FACTS.zhongshanResident, name: '张三丰' }), 'rt-zs');
    const filed = await cost('filing.submit', 'filing', taiyuanFilingEvent('rt-ty-filing-0001'), 'rt-ty');
    await cost(
      'filing.preview',
      'filing',
      { ...taiyuanFilingEvent('x'), action: 'preview', requestId: undefined },
      'rt-ty',
    );
    await cost('filing.mine', 'filing', { action: 'mine' }, 'rt-ty');
    await cost('filing.detail', 'filing', { action: 'detail', filingId: filed.data.filingId }, 'rt-ty');
    await cost('rating.pending', 'rating', { action: 'pending' }, 'rt-ty');
    await cost(
      'rating.submit',
      'rating',
      {
        action: 'submit',
        serviceRef: { kind: 'filing', id: filed.data.filingId },
        channel: 'online',
        level: 2,
        requestId: MEASURED_RATING,
      },
      'rt-ty',
    );
    await cost('rating.mine', 'rating', { action: 'mine' }, 'rt-ty');
    await cost('rating.stats', 'rating', { action: 'stats', cityCode: '140100', month: '2026-11' });
    const moved = await cost(
      'filing.change',
      'filing',
      {
        action: 'change',
        filingId: filed.data.filingId,
        destination: { provinceCode: '320000', cityCode: '320100' },
        requestId: 'rt-ty-chg-0001',
      },
      'rt-ty',
    );
    await cost(
      'filing.cancel',
      'filing',
      { action: 'cancel', filingId: moved.data.filingId, requestId: 'rt-ty-cancel-01' },
      'rt-ty',
    );
    // Reads: at most 2 one after another; writes: at most 5 (a transaction alone is start, read, write, commit).
    const writes = /\.(select|change|withdraw|submit|cancel|updateProfile)\b/;
    const beyond = [...costs].filter(([name, c]) => c.roundTrips > (writes.test(name) ? 5 : 2));
    expect(beyond).toEqual([]);
    // The regression guard: the exact count of each, so an added await fails here, not in a benchmark.
    expect(Object.fromEntries([...costs].map(([name, c]) => [name, c.roundTrips]))).toEqual(EXPECTED);
  });

  // A place's search fields (hundreds of tokens) stay in the database: what comes back is what a page shows. A
  // shown place is 380-510 bytes of document; with its tokens it was 1.5-2.4 KB (README, Performance).
  it('reads places without their search fields: the database answers a few hundred bytes per place shown', async () => {
    const perPlace = new Map<string, number>();
    const measure = async (name: string, fn: string, event: Record<string, unknown>, openid = 'rt-zs') => {
      const answer = await cloud.traced(fn, event, { openid, now: NOW });
      expect([name, answer.json.ok]).toEqual([name, true]);
      const d = answer.json.data;
      const shown = d.items?.length ?? (d.institution ? 1 + (d.coverage?.institutions.length ?? 0) : 1);
      expect([name, shown > 0]).toEqual([name, true]);
      perPlace.set(name, Math.round(answer.db.answerBytes / shown));
    };
    await measure('search by name', 'facility', { action: 'search', cityCode: '442000', keyword: '医院' });
    await measure('search by 镇街', 'facility', { action: 'search', cityCode: '442000', town: '石岐街道' });
    await measure('search nearest', 'facility', {
      action: 'search',
      cityCode: '442000',
      near: { latitude: 22.52, longitude: 113.39 },
    });
    const GZ = { provinceCode: '440000', cityCode: '440100' };
    await measure('sites', 'filing', { action: 'sites', destination: GZ }, 'rt-ty');
    await measure(
      'sites nearest',
      'filing',
      { action: 'sites', destination: GZ, near: { latitude: 23.13, longitude: 113.26 } },
      'rt-ty',
    );
    const over = [...perPlace].filter(([, bytes]) => bytes > 800);
    expect(over).toEqual([]);
  });
});

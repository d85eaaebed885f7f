import { LocalCloud } from '../helpers/localCloud';

jest.setTimeout(30_000);
let cloud: LocalCloud;

beforeAll(async () => {
  cloud = await new LocalCloud().start();
});
afterAll(async () => {
  await cloud.stop();
  cloud.removeData();
});

describe('catalog.cities', () => {
  it('answers the four cities to POST /api/catalog {"action":"cities"} with x-openid: demo', async () => {
    const res = await cloud.call('catalog', { action: 'cities' }, { openid: 'demo' });
    expect(res.ok).toBe(true);
    expect(res.data.cities.map((c: { code: string; name: string }) => `${c.code} ${c.name}`)).toEqual([
      '110000 北京',
      '442000 中山',
      '140100 太原',
      '131000 廊坊',
    ]);
    const taiyuan = res.data.cities.find((c: { code: string }) => c.code === '140100');
    expect(taiyuan.flows.map((f: { flow: string }) => f.flow)).toContain('filing');
    expect(taiyuan.phones[0]).toMatchObject({ label: '监督电话', number: '0351-2377283' });
  });
});

describe('catalog.services', () => {
  it('pages 廊坊’s 28 items, 20 at a time, ordered by code', async () => {
    const first = await cloud.call('catalog', { action: 'services', cityCode: '131000' });
    expect(first.data).toMatchObject({ total: 28, offset: 0, hasMore: true });
    expect(first.data.items).toHaveLength(20);
    expect(first.data.items[0]).toEqual({
      code: '132036001001',
      officialCode: '132036001001',
      name: '单位参保登记',
      category: '基本医疗保险参保和变更登记',
      online: false,
      flow: null,
      timeLimitText: '不超过5个工作日',
    });
    const second = await cloud.call('catalog', { action: 'services', cityCode: '131000', offset: 20 });
    expect(second.data.items).toHaveLength(8);
    expect(second.data.hasMore).toBe(false);
    const codes = [...first.data.items, ...second.data.items].map((i: { code: string }) => i.code);
    expect([...codes].sort()).toEqual(codes);
  });

  it('searches by name, tolerant of spaces and full-width characters', async () => {
    const spaced = await cloud.call('catalog', { action: 'services', cityCode: '131000', keyword: ' 异地 就医 ' });
    expect(spaced.data.total).toBe(0); // "异地就医" is not in the names: they say 异地…备案
    const filing = await cloud.call('catalog', { action: 'services', cityCode: '131000', keyword: '异地 转诊' });
    expect(filing.data.items.map((i: { code: string }) => i.code)).toEqual(['132036004004']);
    const fullWidth = await cloud.call('catalog', { action: 'services', cityCode: '131000', keyword: '（零星）' });
    expect(fullWidth.data.items.map((i: { code: string }) => i.code)).toEqual(['132036008002']);
  });

  it('treats the keyword as text, not a pattern', async () => {
    const res = await cloud.call('catalog', { action: 'services', cityCode: '131000', keyword: '.*' });
    expect(res.data.total).toBe(0);
  });

  it('refuses a city it does not serve, saying what to do', async () => {
    const res = await cloud.call('catalog', { action: 'services', cityCode: '310000' });
    expect(res).toMatchObject({ ok: false, code: 'UNKNOWN_CITY' });
    expect(res.message).toMatch(/切换/);
  });
});

describe('catalog.service', () => {
  it('returns one item with channels, materials and time limit', async () => {
    const res = await cloud.call('catalog', { action: 'service', code: '140100-ydzz' });
    expect(res.data.item).toMatchObject({ name: '异地转诊人员备案', online: false, cityCode: '140100' });
    expect(res.data.item._id).toBeUndefined();
  });
  it('answers NOT_FOUND for an unknown code', async () => {
    const res = await cloud.call('catalog', { action: 'service', code: '132036099999' });
    expect(res).toMatchObject({ ok: false, code: 'NOT_FOUND' });
  });
});

describe('catalog.deadline', () => {
  it('counts working days from a submit time given in UTC', async () => {
    const res = await cloud.call('catalog', {
      action: 'deadline',
      serviceCode: '132036003002',
      submittedAt: '2026-09-29T18:00:00Z',
    });
    // Beijing 09-30 02:00; 20 working days skipping 国庆, counting 10-10 (Sat).
    expect(res.data).toMatchObject({ dueDate: '2026-11-03', dueAt: '2026-11-03T23:59:59+08:00', estimated: false });
    expect(res.data.summary).toBe('2026-11-03（星期二） 24:00 前办结');
  });
  it('answers 即时办结 with the submit moment', async () => {
    const res = await cloud.call('catalog', {
      action: 'deadline',
      serviceCode: '132036004001',
      submittedAt: '2026-11-24T09:15:00+08:00',
    });
    expect(res.data).toMatchObject({ immediate: true, dueDate: '2026-11-24', dueAt: '2026-11-24T09:15:00+08:00' });
  });
  it('answers each audience where the limit differs, the latest by default', async () => {
    const both = await cloud.call('catalog', {
      action: 'deadline',
      serviceCode: '132036001002',
      submittedAt: '2026-11-24T09:00:00+08:00',
    });
    expect(both.data).toMatchObject({ audience: '在职职工', dueDate: '2026-12-01' });
    expect(both.data.variants).toHaveLength(2);
    const flexible = await cloud.call('catalog', {
      action: 'deadline',
      serviceCode: '132036001002',
      submittedAt: '2026-11-24T09:00:00+08:00',
      audience: '灵活就业人员',
    });
    expect(flexible.data).toMatchObject({ immediate: true, dueDate: '2026-11-24' });
  });
  it('says a due date in 2027 is an estimate', async () => {
    const res = await cloud.call('catalog', {
      action: 'deadline',
      serviceCode: '132036001001',
      submittedAt: '2026-12-30T09:00:00+08:00',
    });
    expect(res.data.estimated).toBe(true);
    expect(res.data.summary).toMatch(/^预计.*尚未公布/);
  });
  it('uses a year loaded into the calendars collection in place of the estimate', async () => {
    const dataDirCloud = await new LocalCloud().start();
    try {
      const put = await dataDirCloud.call('probe', {
        action: 'put',
        collection: 'calendars',
        doc: { year: 2027, holidays: ['2027-01-01'], workdays: [], source: 'test notice' },
      });
      expect(put.ok).toBe(true);
      const res = await dataDirCloud.call('catalog', {
        action: 'deadline',
        serviceCode: '132036001001',
        submittedAt: '2026-12-30T09:00:00+08:00',
      });
      // 12-31, (01-01 holiday), 01-04, 01-05, 01-06, 01-07
      expect(res.data).toMatchObject({ dueDate: '2027-01-07', estimated: false });
    } finally {
      await dataDirCloud.stop();
      dataDirCloud.removeData();
    }
  });
  it('refuses where the source fixes no time limit', async () => {
    const res = await cloud.call('catalog', {
      action: 'deadline',
      serviceCode: '132036009001',
      submittedAt: '2026-11-24T09:00:00+08:00',
    });
    expect(res).toMatchObject({ ok: false, code: 'NO_FIXED_TIME_LIMIT' });
  });
});

describe('bad input gets a clear error', () => {
  it.each([
    [{ action: 'cities', openid: 'someone-else' }],
    [{ action: 'cities', _openid: 'x' }],
    [{ action: 'cities', OPENID: 'x' }],
    [{ action: 'cities', unionid: 'x' }],
    [{ action: 'cities', userInfo: { appId: 'wx-local-cloud', openId: 'someone-else' } }],
  ])('refuses forged identity %j', async (event) => {
    const res = await cloud.call('catalog', event, { openid: 'me' });
    expect(res).toMatchObject({ ok: false, code: 'FORGED_IDENTITY' });
  });
  it('accepts the platform’s own userInfo copy (the caller’s openid and appid)', async () => {
    const res = await cloud.call(
      'catalog',
      { action: 'cities', userInfo: { appId: 'wx-local-cloud', openId: 'me' } },
      { openid: 'me' },
    );
    expect(res.ok).toBe(true);
  });
  it('rejects unknown fields and bad values with field errors in Chinese', async () => {
    const res = await cloud.call('catalog', { action: 'services', cityCode: '13100', extra: 1 });
    expect(res).toMatchObject({ ok: false, code: 'VALIDATION_FAILED' });
    expect(res.fieldErrors.cityCode).toEqual(['应为 6 位行政区划代码']);
    expect(res.fieldErrors._root[0]).toContain('extra');
  });
  it('rejects an unknown action and a submit time without a time zone', async () => {
    expect((await cloud.call('catalog', { action: 'drop' })).code).toBe('VALIDATION_FAILED');
    const res = await cloud.call('catalog', {
      action: 'deadline',
      serviceCode: '132036001001',
      submittedAt: '2026-11-24 09:00',
    });
    expect(res.fieldErrors.submittedAt[0]).toMatch(/时区/);
  });
  it('rejects an event over the function’s size limit', async () => {
    const res = await cloud.call('catalog', { action: 'services', cityCode: '131000', keyword: 'x'.repeat(40_000) });
    expect(res).toMatchObject({ ok: false, code: 'PAYLOAD_TOO_LARGE' });
  });
  it('answers HTTP errors as JSON: 404, 400, 413', async () => {
    expect(await cloud.post('nope', '{}')).toEqual({
      status: 404,
      json: expect.objectContaining({ code: 'FUNCTION_NOT_FOUND' }),
    });
    expect(await cloud.post('catalog', '{"action":')).toEqual({
      status: 400,
      json: expect.objectContaining({ code: 'MALFORMED_JSON' }),
    });
    const big = JSON.stringify({ action: 'cities', pad: 'x'.repeat(101 * 1024) });
    expect((await cloud.post('catalog', big)).status).toBe(413);
    expect((await cloud.post('catalog', '{"action":"cities"}', { now: 'yesterday' })).status).toBe(400);
  });
});

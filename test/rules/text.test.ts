import { normaliseKeyword, tolerantPattern } from '../../cloudfunctions/core/rules/searchText';

describe('search keywords', () => {
  it('folds full-width characters and drops spaces', () => {
    expect(normaliseKeyword(' 异地　转诊 ＡＰＰ ')).toBe('异地转诊APP');
  });
  it('matches either width of ASCII characters, literally', () => {
    const re = new RegExp(tolerantPattern('(零星)'), 'i');
    expect(re.test('医疗救助对象手工（零星）报销')).toBe(true);
    expect(re.test('手工(零星)报销')).toBe(true);
    expect(new RegExp(tolerantPattern('.*')).test('单位参保登记')).toBe(false);
    expect(new RegExp(tolerantPattern('APP'), 'i').test('国家医保服务平台ＡＰＰ')).toBe(true);
  });
});

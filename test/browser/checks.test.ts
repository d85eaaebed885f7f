/**
 * The browser checks can fail: a page with each defect once is caught by each check, and a page without them
 * passes. (Chromium lays both out; chromium.cjs measures.)
 */
import { join } from 'node:path';
import { Browser, MIN_FONT_ELDERLY, MIN_LINE_HEIGHT_ELDERLY, MIN_TAP, MIN_TAP_ELDERLY } from './browser';

jest.setTimeout(60_000);
const browser = new Browser();
afterAll(() => browser.stop());

const fixture = (name: string) => join(__dirname, 'fixtures', name);

describe('the browser checks', () => {
  it('catch overflow, small and overlapping tap targets, low contrast and small text', async () => {
    const { violations } = await browser.check(fixture('broken.html'), 375, {
      minTap: MIN_TAP,
      minFont: MIN_FONT_ELDERLY,
    });
    const by = (check: string) => violations.filter((v) => v.check === check);
    expect(by('overflow').map((v) => v.what)).toEqual(['div.wide']);
    expect(by('overflow')[0].detail).toContain('0…500 px on a 375 px screen');
    expect(by('tap-size').map((v) => v.what)).toEqual(['div.small "按"']);
    expect(by('tap-overlap').map((v) => v.what)).toEqual(['div.a "甲" ⟷ div.b "乙"']);
    expect(by('contrast').map((v) => v.what)).toEqual(['div.grey "灰色的字"']);
    expect(by('contrast')[0].detail).toMatch(/^2\.\d+:1/);
    // 长辈模式: every text under 18 px, the 16 px body included.
    expect(by('font-size').map((v) => v.what)).toEqual(
      expect.arrayContaining(['div.tiny "小字"', 'div.grey "灰色的字"']),
    );
  });

  it('catch, with 长辈模式 thresholds (适老化), tap targets under 60×60 and lines spaced under 1.3', async () => {
    const { violations } = await browser.check(fixture('broken.html'), 375, {
      minTap: MIN_TAP_ELDERLY,
      minFont: MIN_FONT_ELDERLY,
      minLineHeight: MIN_LINE_HEIGHT_ELDERLY,
    });
    const by = (check: string) => violations.filter((v) => v.check === check).map((v) => v.what);
    expect(by('tap-size')).toEqual(['div.small "按"', 'div.mid "中"']);
    expect(by('line-height')).toEqual(['div.tight "行距太小的字"']);
    expect(violations.find((v) => v.check === 'line-height')!.detail).toMatch(/^1\.10 .* needs 1\.3$/);
  });

  it('catch, in the accessibility tree, unnamed controls, tap targets that are no control, icon glyphs, fields not named with their label (or named only by a placeholder) and error hints not announced', async () => {
    const { violations } = await browser.check(fixture('a11y-broken.html'), 375, { minTap: MIN_TAP, a11y: true });
    const by = (check: string) => violations.filter((v) => v.check === check).map((v) => v.what);
    expect(by('a11y-name')).toEqual(['div.row.unnamed', 'input.field']);
    expect(by('a11y-role')).toEqual(['div.row.plain "只是一个可点的行"', 'div.row.hidden "读屏听不到"']);
    expect(by('a11y-icon').map((w) => w.replace(/[\uE000-\uF8FF]/g, ''))).toEqual([
      'div.row.glyph " 文字"',
      'span.icon',
    ]);
    // The 邀请码 field is read by its placeholder only, so is the search field without a label, and neither error
    // hint is announced.
    expect(by('a11y-label')).toEqual(['input.code', 'input.keyword']);
    const [code, keyword] = violations.filter((v) => v.check === 'a11y-label').map((v) => v.detail);
    expect(code).toContain('labelled "邀请码" but named "8 位字母或数字"');
    expect(keyword).toContain('named only by its placeholder "医院名称或拼音"');
    expect(by('a11y-error')).toEqual(['div "⚠ 邀请码不对"', 'div "⚠ 请选择参保地"']);
  });

  it('pass a page without those defects, at 320 px too', async () => {
    for (const width of [320, 375]) {
      const { violations } = await browser.check(fixture('fine.html'), width, {
        minTap: MIN_TAP_ELDERLY,
        minFont: MIN_FONT_ELDERLY,
        minLineHeight: MIN_LINE_HEIGHT_ELDERLY,
        a11y: true,
      });
      expect(violations).toEqual([]);
    }
  });
});

import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const MP = resolve(__dirname, '..', '..', 'miniprogram');
const app = JSON.parse(readFileSync(join(MP, 'app.json'), 'utf8')) as { pages: string[] };
const appWxss = readFileSync(join(MP, 'app.wxss'), 'utf8');

/** Declarations of every rule whose selector is exactly `selector`. */
function declarations(css: string, selector: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of css.replace(/\/\*[\s\S]*?\*\//g, '').matchAll(/([^{}]+)\{([^}]*)\}/g)) {
    if (!m[1].split(',').map((s) => s.trim()).includes(selector)) continue;
    for (const d of m[2].split(';')) {
      const [k, ...v] = d.split(':');
      if (k.trim()) out[k.trim()] = v.join(':').trim();
    }
  }
  return out;
}
const px = (value: string) => [...value.matchAll(/(\d+(?:\.\d+)?)px/g)].map((m) => Number(m[1]));

describe('长辈模式 styles (app.wxss)', () => {
  const elderly = declarations(appWxss, '.elderly');
  it('sets body text to at least 18px, in px', () => {
    expect(px(elderly['font-size'])[0]).toBeGreaterThanOrEqual(18);
    for (const v of ['--td-font-body-large', '--td-font-body-medium', '--td-font-body-small', '--td-font-size-base', '--td-font-size-m']) {
      expect([v, px(elderly[v])[0]]).toEqual([v, expect.any(Number)]);
      expect(px(elderly[v])[0]).toBeGreaterThanOrEqual(18);
    }
  });
  it('sets headings to at least 22px', () => {
    expect(px(declarations(appWxss, '.elderly .section-title')['font-size'])[0]).toBeGreaterThanOrEqual(22);
  });
  it('makes touch targets at least 60px high', () => {
    expect(px(elderly['--td-button-large-height'])[0]).toBeGreaterThanOrEqual(60);
    expect(px(elderly['--td-button-medium-height'])[0]).toBeGreaterThanOrEqual(60);
    // A cell: its vertical padding twice plus one line of the large body text.
    const line = px(elderly['--td-font-body-large'])[1];
    expect(2 * px(elderly['--td-cell-vertical-padding'])[0] + line).toBeGreaterThanOrEqual(60);
  });
  it('uses no rpx for text anywhere in the project’s styles', () => {
    for (const page of app.pages) expect(readFileSync(join(MP, `${page}.wxss`), 'utf8')).not.toMatch(/\d+rpx/);
    expect(appWxss).not.toMatch(/\d+rpx/);
  });
});

describe('every page honours 长辈模式', () => {
  it.each(app.pages)('%s uses the elderly behaviour and puts the class on its root', (page) => {
    expect(readFileSync(join(MP, `${page}.ts`), 'utf8')).toMatch(/behaviors:\s*\[elderlyBehavior\b/);
    expect(readFileSync(join(MP, `${page}.wxml`), 'utf8').trimStart()).toMatch(
      // The class turns 长辈模式 on; the style carries the primary actions' font size, which follows WeChat's.
      /^<view class="page \{\{elderly \? 'elderly' : ''\}\}" style="\{\{elderlyStyle\}\}">/,
    );
  });
  it('declares TDesign components per page, not globally', () => {
    const appJson = JSON.parse(readFileSync(join(MP, 'app.json'), 'utf8'));
    expect(appJson.usingComponents).toBeUndefined();
    expect(appJson.lazyCodeLoading).toBe('requiredComponents');
    expect(appJson.__usePrivacyCheck__).toBe(true);
  });
});

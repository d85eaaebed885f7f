/**
 * @jest-environment node
 */
// TDesign's icon font in the browser preview: the font `t` that the build makes from tdesign-icons-svg
// (scripts/preview/iconFont.mjs) is what the local cloud serves, the home page's icons are drawn with it, each
// glyph is the shape of its icon's SVG, and nothing is asked of any other host (TDesign's CDN font stays out).
// Needs `npm run build` (npm test runs it first).
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import type { LocalCloud } from '../helpers/localCloud';
import { previewHarness } from './previewHarness';

jest.setTimeout(90_000);

const ROOT = resolve(__dirname, '..', '..');
/** How much an icon's SVG and its glyph must cover the same pixels (intersection over union, at 64 px): 0.88 to
 * 1 here, the rest being how a font and an SVG are rasterised; a wrong shape (no glyph, an outline filled in) is
 * far under. */
const SAME_SHAPE = 0.8;

const { pv, screen } = previewHarness();
let page: Page;
let cloud: LocalCloud;
const requests = pv.requests;
beforeAll(async () => {
  ({ page, cloud } = pv);
  await page.goto(cloud.url);
  await screen().getByText('请选择您的参保地').first().waitFor();
  await screen().getByText('北京（北京市）', { exact: true }).first().click();
  await screen().getByText('北京市 · 城镇职工基本医疗保险').first().waitFor();
});

/** The icons on the page on top: their TDesign name (from the class t-icon-<name>) and the character drawn. */
async function homeIcons(): Promise<Array<{ name: string; text: string; font: string }>> {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll('#pages .pv-page:not([hidden]) *')).flatMap((el) => {
      const before = getComputedStyle(el, '::before');
      // t-icon--t-icon-<name> as the preview prefixes TDesign's classes; t-icon-base is not an icon.
      const name = Array.from(el.classList)
        .map((c) => /^(?:t-icon--)?t-icon-([a-z0-9][a-z0-9-]*)$/.exec(c)?.[1])
        .find((n) => n && n !== 'base');
      if (!name || before.content === 'none' || before.content === 'normal') return [];
      return [{ name, text: JSON.parse(before.content) as string, font: before.fontFamily }];
    }),
  );
}

it('loads the font t from the local cloud', async () => {
  // The statuses of the page's font faces of the family t, once none is still to load.
  const faces = await page.waitForFunction(() => {
    const statuses: string[] = [];
    document.fonts.forEach((f) => (f.family.replace(/"/g, '') === 't' ? statuses.push(f.status) : undefined));
    return statuses.length > 0 && statuses.every((s) => s === 'loaded' || s === 'error') ? statuses : null;
  });
  expect(await faces.jsonValue()).toEqual(['loaded']);
  expect(await page.evaluate(() => document.fonts.ready.then(() => document.fonts.check('16px t')))).toBe(true);
  expect(requests).toContain(`${cloud.url}/t.ttf`);
});

/** How much of the same pixels the icon's SVG and the glyph drawn with `text` in the font t cover. */
async function overlap(name: string, text: string): Promise<number> {
  // The SVG as a browser draws it on its own, in black, at the size the glyph is drawn.
  const svg = readFileSync(join(ROOT, 'node_modules', 'tdesign-icons-svg', 'src', `${name}.svg`), 'utf8')
    .replace('view-box=', 'viewBox=')
    .replace(/width="1em" height="1em"/, 'width="64" height="64"')
    .replace(/currentColor/g, 'black');
  return page.evaluate(
    async ({ svg, text }) => {
      const SIZE = 64;
      const ink = (draw: (ctx: OffscreenCanvasRenderingContext2D) => void) => {
        const ctx = new OffscreenCanvas(SIZE, SIZE).getContext('2d')!;
        draw(ctx);
        const { data } = ctx.getImageData(0, 0, SIZE, SIZE);
        return Array.from({ length: SIZE * SIZE }, (_, i) => data[i * 4 + 3] > 127);
      };
      const image = new Image();
      image.src = `data:image/svg+xml;base64,${btoa(svg)}`;
      await image.decode();
      const drawn = ink((ctx) => ctx.drawImage(image, 0, 0, SIZE, SIZE));
      const glyph = ink((ctx) => {
        ctx.font = `${SIZE}px t`;
        // The em square's top at 0, so the glyph's box is where the SVG's view box is drawn.
        ctx.fillText(text, 0, ctx.measureText(text).fontBoundingBoxAscent);
      });
      const both = drawn.filter((on, i) => on && glyph[i]).length;
      const either = drawn.filter((on, i) => on || glyph[i]).length;
      return either ? both / either : 0;
    },
    { svg, text },
  );
}

it("draws the home page's icons with glyphs in the shape of TDesign's SVGs", async () => {
  const icons = await homeIcons();
  const names = [...new Set(icons.map((i) => i.name))];
  // The flows' icons (定点选点/变更, 异地就医备案, 服务评价) and the cells' arrows at least.
  expect(names).toEqual(expect.arrayContaining(['location', 'map', 'star', 'chevron-right']));
  expect(icons.filter((i) => i.font.replace(/"/g, '') !== 't')).toEqual([]);

  const overlaps: Array<[string, number]> = [];
  for (const name of names) overlaps.push([name, await overlap(name, icons.find((i) => i.name === name)!.text)]);
  expect(overlaps.filter(([, o]) => o < SAME_SHAPE)).toEqual([]);
});

it('makes the glyphs of SVGs that draw in the harder ways right', async () => {
  // cherry: subpaths turning both ways in one stroke; liquor: shapes sharing edges; window: shapes that wind
  // against each other; gps-filled: a 25 × 24 view box; layout-filled: an even-odd fill; add-circle: rotate().
  const names = ['cherry', 'liquor', 'window', 'gps-filled', 'layout-filled', 'add-circle'];
  const wxss = readFileSync(join(ROOT, 'node_modules', 'tdesign-miniprogram', 'miniprogram_dist', 'icon', 'icon.wxss'));
  const overlaps: Array<[string, number]> = [];
  for (const name of names) {
    const codepoint = new RegExp(`\\.t-icon-${name}:before\\{content:'\\\\([0-9A-F]+)'`, 'i').exec(String(wxss))![1];
    overlaps.push([name, await overlap(name, String.fromCodePoint(parseInt(codepoint, 16)))]);
  }
  expect(overlaps.filter(([, o]) => o < SAME_SHAPE)).toEqual([]);
});

it('asks nothing of any host but the local cloud', () => {
  const origin = new URL(cloud.url).origin;
  const elsewhere = requests.filter((url) => !url.startsWith('data:') && new URL(url).origin !== origin);
  expect(elsewhere).toEqual([]);
  expect(requests.length).toBeGreaterThan(0);
});

/**
 * @jest-environment node
 */
// The 定点 search page in the browser preview (Debian's Chromium, the real page and functions, the phone frame
// 375 px wide): the 中山 按镇街 sheet scrolls so that every 镇街 and 全部 can be reached, in both modes; and
// the panel's preview locations, one per seeded city, make 离我最近 work. Needs `npm run build`.
import type { Page } from 'playwright-core';
import type { LocalCloud } from '../helpers/localCloud';
import { FACTS, withProfile } from '../helpers/people';
import { previewHarness } from './previewHarness';

jest.setTimeout(90_000);

const CLOCK = '2026-11-24T10:00';
const { pv, screen, expectText, usePanel } = previewHarness();
let page: Page;
let cloud: LocalCloud;
beforeAll(async () => {
  ({ page, cloud } = pv);
  await withProfile(cloud, 'preview-zs-towns', 731, FACTS.zhongshanResident);
});

/** What the first result row says under its name (type · 镇街 · distance), once the rows are nearest first. */
async function firstResult(): Promise<string> {
  const first = screen().locator('[class*="t-cell__description-text"]').filter({ hasText: ' · ' }).first();
  // The page says 由近到远 as it asks; the rows show their distance once the answer is in.
  await first.filter({ hasText: / · [\d.]+ (公里|米)$/ }).waitFor();
  return first.innerText();
}

/** The 定点 search page of a verified 中山 resident, in normal or 长辈模式 (the panel's switch). */
async function openFacility(elderly: boolean) {
  await page.goto(cloud.url);
  await usePanel({ openid: 'preview-zs-towns', clock: CLOCK });
  await page.goto(`${cloud.url}/?page=pages/facility/index`);
  if ((await page.locator('#elderly').isChecked()) !== elderly) await page.locator('#elderly').click();
  await expectText('以下为示例数据（非真实机构），用于演示查找和选点。');
  await expect(screen().locator('.main--elderly').count()).resolves.toBe(elderly ? 1 : 0);
}

describe.each([
  ['normal', false],
  ['长辈模式', true],
])('中山 按镇街 in the 375 px phone frame (%s)', (_mode, elderly) => {
  it('every 镇街 and 全部 can be scrolled to inside the sheet and tapped there; the page behind does not move', async () => {
    await openFacility(elderly);
    const towns = (
      await cloud.call('facility', { action: 'filters', cityCode: '442000' }, { openid: 'preview-zs-towns' })
    ).data.towns as string[];
    // 中山's 23 镇街 (8 街道, 15 镇): with 全部, 24 rows.
    expect(towns).toHaveLength(23);
    await screen().getByRole('button', { name: '按镇街' }).click();
    await expectText(`按镇街查找（共 ${towns.length} 个）`);
    // The sheet slides up: measured once its transition has ended.
    await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'));
    // Each row brought into view by scrolling the list alone, then hit-tested where a finger would tap it.
    const reach = await page.evaluate(() => {
      const phone = document.querySelector('#pages')!.getBoundingClientRect();
      const list = document.querySelector('#pages .pv-page:not([hidden]) [class*="choice-sheet-list"]') as HTMLElement;
      const outer = Array.from(document.querySelectorAll('#pages, #pages .pv-page'), (el) => el.scrollTop);
      const rows = Array.from(list.querySelectorAll('[class*="choice-sheet-item"]')) as HTMLElement[];
      const out = rows.map((row) => {
        const inList = row.getBoundingClientRect().top - list.getBoundingClientRect().top + list.scrollTop;
        list.scrollTop = inList - (list.clientHeight - row.offsetHeight) / 2;
        const r = row.getBoundingClientRect();
        const [x, y] = [r.left + r.width / 2, r.top + r.height / 2];
        const hit = document.elementFromPoint(x, y);
        return {
          label: row.textContent!.trim(),
          height: Math.round(r.height),
          onScreen: y > phone.top && y < phone.bottom && x > phone.left && x < phone.right,
          tappable: !!hit && row.contains(hit),
        };
      });
      return {
        scrolls: list.scrollHeight > list.clientHeight + 1,
        listBottom: list.getBoundingClientRect().bottom,
        phoneBottom: phone.bottom,
        outerMoved: Array.from(document.querySelectorAll('#pages, #pages .pv-page'), (el) => el.scrollTop).some(
          (top, i) => top !== outer[i],
        ),
        rows: out,
      };
    });
    expect(reach.rows.map((r) => r.label)).toEqual(['全部', ...towns]);
    // Taller than the sheet: the list scrolls, and the sheet itself stays on the screen.
    expect(reach.scrolls).toBe(true);
    expect(reach.listBottom).toBeLessThanOrEqual(reach.phoneBottom);
    expect(reach.outerMoved).toBe(false);
    expect(reach.rows.filter((r) => !r.onScreen || !r.tappable)).toEqual([]);
    expect(Math.min(...reach.rows.map((r) => r.height))).toBeGreaterThanOrEqual(elderly ? 60 : 44);

    // A real tap on the last 镇街, then on 全部 (scrolled back to the top): the filter is set, then cleared.
    const last = towns[towns.length - 1];
    await screen().locator('[class*="choice-sheet-item"]', { hasText: last }).click();
    await expectText(`只看：${last}`);
    await screen().getByRole('button', { name: last, exact: true }).click();
    await screen().locator('[class*="choice-sheet-item"]', { hasText: '全部' }).click();
    await expect(
      screen()
        .getByText(/^只看：/)
        .count(),
    ).resolves.toBe(0);
  });
});

describe('the panel’s preview locations', () => {
  it('offer the centre of each seeded city, labelled as preview locations; 中山 gives 离我最近 the nearest 中山 samples', async () => {
    await page.goto(cloud.url);
    const options = await page.locator('#place option').allTextContents();
    for (const city of ['中山', '北京', '太原', '廊坊'])
      expect(options.filter((o) => o.startsWith(city) && o.includes('（预览位置）'))).toHaveLength(1);
    await page.selectOption('#place', { label: options.find((o) => o.startsWith('中山'))! });
    await openFacility(false);
    await screen().getByRole('button', { name: '离我最近' }).click();
    await expectText(/由近到远/);
    // The nearest samples are those of 东区 and 石岐, a few km at most from the centre.
    const first = await firstResult();
    expect(first).toMatch(/(东区街道|石岐街道) · (\d+ 米|[0-4](\.\d)? 公里)/);

    // 北京's centre, for a 北京 employee: the nearest 北京 samples are those of 东城 and 西城.
    await withProfile(cloud, 'preview-bj-near', 732, FACTS.beijingEmployee);
    await page.selectOption('#place', { label: options.find((o) => o.startsWith('北京'))! });
    await usePanel({ openid: 'preview-bj-near', clock: CLOCK });
    await page.goto(`${cloud.url}/?page=pages/facility/index`);
    await expectText('以下为示例数据（非真实机构），用于演示查找和选点。');
    await screen().getByRole('button', { name: '离我最近' }).click();
    await expectText(/由近到远/);
    expect(await firstResult()).toMatch(/(东城|西城)[^·]* · (\d+ 米|[0-4](\.\d)? 公里)$/);
  });
});

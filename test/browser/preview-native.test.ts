/**
 * @jest-environment node
 */
// What the browser preview gives the pages besides wx.*, seen in Debian's Chromium: the page's own clock (`Date`)
// follows the panel's, and `<canvas type="2d">` draws (the certificate's QR code, the statistics chart). The browser
// runs in China's time zone, as a phone in China does. Needs `npm run build` (build/preview/ is what is served).
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import type { LocalCloud } from '../helpers/localCloud';
import { FACTS, withProfile, withTaiyuanFiling } from '../helpers/people';
import { previewHarness } from './previewHarness';

jest.setTimeout(120_000);

/** The test's device: a 2× screen, so the canvases' CSS size × devicePixelRatio is checked too. */
const RATIO = 2;
const GZ = { provinceCode: '440000', cityCode: '440100' };

const { pv, screen, tapText, expectText, usePanel } = previewHarness({
  deviceScaleFactor: RATIO,
  timezoneId: 'Asia/Shanghai',
  acceptDownloads: true,
});
let page: Page;
let cloud: LocalCloud;
beforeAll(() => ({ page, cloud } = pv));

/** Opens a page of the mini-program directly (the preview's ?page=), with its query. */
const openPage = (route: string, query: Record<string, string>) =>
  page.goto(
    `${cloud.url}/?page=${encodeURIComponent(
      `${route}?${Object.entries(query)
        .map(([k, v]) => `${k}=${v}`)
        .join('&')}`,
    )}`,
  );

/** Reads until `done` holds (the page draws after its data arrives) or 10 s pass; answers the last reading. */
async function settle<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const until = Date.now() + 10_000;
  let value = await read();
  while (!done(value) && Date.now() < until) {
    await page.waitForTimeout(200);
    value = await read();
  }
  return value;
}

/** Today in China, as the pages compute it. */
const beijingDate = (ms: number) => new Date(ms + 8 * 3600e3).toISOString().slice(0, 10);

/** What the page's own clock says: its epoch ms and its local wall time. */
const pageClock = () =>
  page.evaluate(() => {
    const d = new Date();
    const pad = (n: number) => String(n).padStart(2, '0');
    return {
      now: Date.now(),
      ctor: d.getTime(),
      local: `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`,
      zoneOffset: d.getTimezoneOffset(),
      // What must stay the browser's: dates with arguments, UTC, parse, instanceof.
      fixed: new Date(0).getTime(),
      fromParts: new Date(2026, 0, 2, 3, 4).getTime(),
      utc: Date.UTC(2026, 0, 2),
      parsed: Date.parse('2026-01-02T00:00:00Z'),
      isDate: d instanceof Date && new Date(5) instanceof Date && Object.prototype.toString.call(d) === '[object Date]',
    };
  });

/** Pixels of the top page's canvas (the HTML canvas inside `<canvas id=…>`), read back from its bitmap. */
function canvasPixels(id: string, color?: [number, number, number]) {
  return page.evaluate(
    ({ id, color }) => {
      // The WXML id is the exparser element's (j-component does not copy it to the DOM).
      const host = Array.from(document.querySelectorAll('#pages .pv-page:not([hidden]) wx-canvas')).find(
        (el) => (el as unknown as { __wxElement?: { id?: string } }).__wxElement?.id === id,
      );
      const canvas = host?.querySelector('canvas');
      if (!host || !canvas) return { found: false, width: 0, height: 0, cssWidth: 0, dark: 0, light: 0, colored: 0 };
      const rect = host.getBoundingClientRect();
      const result = { found: true, width: canvas.width, height: canvas.height, cssWidth: rect.width };
      if (!canvas.width || !canvas.height) return { ...result, dark: 0, light: 0, colored: 0 };
      const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
      let dark = 0;
      let light = 0;
      let colored = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (data[i + 3] < 200) continue;
        const [r, g, b] = [data[i], data[i + 1], data[i + 2]];
        if (r < 64 && g < 64 && b < 64) dark += 1;
        if (r > 224 && g > 224 && b > 224) light += 1;
        if (color && Math.abs(r - color[0]) < 12 && Math.abs(g - color[1]) < 12 && Math.abs(b - color[2]) < 12)
          colored += 1;
      }
      return { ...result, dark, light, colored };
    },
    { id, color },
  );
}

it("the page's own clock follows the panel's: the 备案 form starts on the panel's date, on today's with 真实时间", async () => {
  const openid = 'native-clock';
  await withProfile(cloud, openid, 801, FACTS.taiyuanRetired);
  const panelTime = '2026-11-18T21:30';
  const panelMs = Date.parse(`${panelTime}:00+08:00`);
  expect(beijingDate(Date.now())).not.toBe('2026-11-18'); // else this test proves nothing
  const form = () =>
    openPage('pages/filing-form/index', {
      typeCode: '140100-kjfj',
      provinceCode: GZ.provinceCode,
      cityCode: GZ.cityCode,
    });

  await page.goto(cloud.url);
  await page.locator('#clock-zone').getByText('Asia/Shanghai').waitFor();
  // Set in the panel: the page's Date is at once the panel's, in local China time, and runs on.
  await usePanel({ openid, clock: panelTime });
  const set = await pageClock();
  expect(set).toMatchObject({
    local: panelTime,
    zoneOffset: -480,
    fixed: 0,
    fromParts: Date.parse('2026-01-02T03:04:00+08:00'),
    utc: Date.parse('2026-01-02T00:00:00Z'),
    parsed: Date.parse('2026-01-02T00:00:00Z'),
    isDate: true,
  });
  expect(set.now - panelMs).toBeGreaterThanOrEqual(0);
  expect(set.now - panelMs).toBeLessThan(60_000);
  expect(Math.abs(set.ctor - set.now)).toBeLessThan(1_000);
  await page.waitForTimeout(1_100);
  expect((await pageClock()).now - set.now).toBeGreaterThanOrEqual(1_000);

  // A page opened on that clock (the preview loaded again): the form's default start date is the panel's day.
  await form();
  await expectText('请确认：跨省非急未转住院人员备案');
  await screen().getByText('开始日期', { exact: true }).waitFor();
  await screen().getByText('2026-11-18', { exact: true }).waitFor();
  expect((await pageClock()).local).toMatch(/^2026-11-18T21:3\d$/);

  // 真实时间: the page's clock is the real one again, and so is the form's start date.
  await page.click('#clock-real');
  const real = await pageClock();
  expect(Math.abs(real.now - Date.now())).toBeLessThan(60_000);
  await form();
  await expectText('请确认：跨省非急未转住院人员备案');
  const today = beijingDate(Date.now());
  await screen().getByText(today, { exact: true }).waitFor();
  expect(await screen().getByText('2026-11-18', { exact: true }).count()).toBe(0);
  expect((await pageClock()).local.slice(0, 10)).toBe(today);
});

it('canvases draw: the certificate QR code (and its saved picture), the statistics chart', async () => {
  // Five 太原 residents, each with a completed 备案 rated online in 2026-12: enough to publish (≥ 5 per channel).
  const filings: Array<{ openid: string; filingId: string }> = [];
  for (let i = 0; i < 5; i += 1) {
    const openid = `native-rater-${i}`;
    const filingId = await withTaiyuanFiling(cloud, openid, 810 + i);
    filings.push({ openid, filingId });
    const level = [1, 1, 2, 4, 5][i];
    const rated = await cloud.call(
      'rating',
      {
        action: 'submit',
        serviceRef: { kind: 'filing', id: filingId },
        channel: 'online',
        level,
        ...(level >= 4 ? { reasons: ['等待时间长'] } : {}),
        requestId: `${openid}-rate-1`,
      },
      { openid, now: '2026-12-02T10:00:00+08:00' },
    );
    expect(rated.ok).toBe(true);
  }

  // The certificate: the QR code drawn on the real canvas, its bitmap the element's size × devicePixelRatio.
  await page.goto(cloud.url);
  await usePanel({ openid: filings[0].openid });
  await openPage('pages/filing-certificate/index', { filingId: filings[0].filingId });
  await expectText('异地就医备案凭证');
  const qr = await settle(
    () => canvasPixels('qr'),
    (p) => p.dark > 0,
  );
  expect(qr).toMatchObject({ found: true, cssWidth: 200, width: 200 * RATIO, height: 200 * RATIO });
  // Dark modules and the white quiet zone: a QR code, not a blank or a filled square.
  expect(qr.dark).toBeGreaterThan(0.15 * qr.width * qr.height);
  expect(qr.light).toBeGreaterThan(0.3 * qr.width * qr.height);

  // 保存图片: the certificate drawn on an offscreen canvas, a PNG through canvasToTempFilePath, to the "album".
  const [download] = await Promise.all([page.waitForEvent('download'), tapText('保存图片')]);
  expect(download.suggestedFilename()).toBe('certificate.png');
  const png = readFileSync(await download.path());
  expect(png.subarray(1, 4).toString()).toBe('PNG');
  expect(png.length).toBeGreaterThan(5_000);
  await page.locator('.pv-toast').getByText('已保存到相册').waitFor();

  // The statistics chart: one stacked bar for the item, in the levels' colours (非常满意 #2ba471 at 40 %).
  await openPage('pages/rating-stats/index', { cityCode: '140100', month: '2026-12' });
  await expectText('跨省非急未转住院人员备案 · 网上办理（5 条）');
  const chart = await settle(
    () => canvasPixels('chart', [0x2b, 0xa4, 0x71]),
    (p) => p.colored > 0,
  );
  expect(chart.found).toBe(true);
  expect(chart.width).toBe(Math.round(chart.cssWidth * RATIO));
  expect(chart.height).toBe(44 * RATIO);
  // 40 % of the width, 16 px high (× 2): the 非常满意 part of the bar.
  expect(chart.colored).toBeGreaterThan(0.3 * chart.width * 16 * RATIO);
  expect(chart.dark).toBeGreaterThan(0); // the item's name above its bar
});

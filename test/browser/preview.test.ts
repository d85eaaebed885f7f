/**
 * @jest-environment node
 */
// The browser preview (scripts/preview/) as a person uses it: Debian's Chromium opens what the local cloud serves
// at its root and clicks through the real pages against the real functions. Needs `npm run build` (npm test
// runs it first): build/preview/ is what the local cloud serves.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { LocalCloud } from '../helpers/localCloud';
import { FACTS, withProfile } from '../helpers/people';

jest.setTimeout(90_000);

const ROOT = resolve(__dirname, '..', '..');
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking'];

let cloud: LocalCloud;
let browser: Browser;
let page: Page;
const errors: string[] = [];

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'build', 'preview', 'index.html'))) throw new Error('run npm run build first');
  [cloud, browser] = await Promise.all([
    new LocalCloud().start(),
    chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', headless: true, args: ARGS }),
  ]);
  page = await browser.newPage({ viewport: { width: 900, height: 820 } });
  page.setDefaultTimeout(20_000);
  page.on('pageerror', (error) => errors.push(String(error.stack ?? error)));
});

afterAll(async () => {
  await browser?.close();
  await cloud?.stop();
  cloud?.removeData();
});

afterEach(() => expect(errors).toEqual([]));

/** The phone frame's page text (the page on top). */
const screen = () => page.locator('#pages .pv-page:not([hidden])');
const title = () => page.locator('#title');
const tapText = (text: string) => screen().getByText(text, { exact: true }).first().click();
const expectText = (text: string) => screen().getByText(text).first().waitFor();

async function usePanel(options: { openid?: string; clock?: string }) {
  if (options.openid) {
    await page.selectOption('#who', '');
    await page.fill('#who-custom', options.openid);
    await page.locator('#who-custom').dispatchEvent('change');
  }
  if (options.clock) await page.fill('#clock', options.clock);
}

it('home → 办事指南 → a service, with TDesign rendered and the navigation bar going back', async () => {
  await page.goto(cloud.url);
  await expectText('请选择您的参保地');
  await tapText('北京（北京市）');
  await expectText('北京市 · 城镇职工基本医疗保险');
  // TDesign's own components, styled: the grid of flows and the cells.
  expect(await screen().locator('.t-grid-item--t-grid-item').count()).toBeGreaterThan(0);
  await tapText('北京的服务事项');
  await expect(title().innerText()).resolves.toBe('办事指南');
  await expectText('定点医疗机构变更（城镇职工）');
  await tapText('定点医疗机构变更（城镇职工）');
  await expectText('服务对象：');
  await page.click('#back');
  await expect(title().innerText()).resolves.toBe('办事指南');
  await page.click('#back');
  await expectText('北京市 · 城镇职工基本医疗保险');
  await expect(page.locator('#back').isHidden()).resolves.toBe(true);
});

it('定点 in 北京: refused at 22:00, chosen at 21:59 with the subscription dialog', async () => {
  const openid = 'preview-bj';
  await withProfile(cloud, openid, 701, FACTS.beijingEmployee);
  const general = (
    await cloud.call('facility', { action: 'search', cityCode: '110000', type: 'general', limit: 1 }, { openid })
  ).data.items[0];

  await page.goto(cloud.url);
  await usePanel({ openid, clock: '2026-11-18T22:00' });
  await page.reload();
  // Storage is per caller, as on another phone: this one chooses its city first.
  await tapText('北京（北京市）');
  await expectText('北京市 · 城镇职工基本医疗保险');
  await tapText('定点选点/变更');
  await expect(title().innerText()).resolves.not.toBe('医保服务');
  // The native input inside TDesign's search: typed into, then 搜索.
  await screen().locator('wx-input input').fill(general.name);
  await tapText('搜索');
  await tapText(general.name);
  await expectText('现在不能办理');
  await expectText('最早可于 2026-11-19 06:00 再办理');

  await page.click('#back');
  await usePanel({ clock: '2026-11-18T21:59' });
  await tapText(general.name);
  await expectText('可以选择');
  await screen()
    .getByText(/^(选择这家|变更为这家)$/)
    .click();
  await expectText('请确认');
  await tapText('提交');
  await page.locator('.pv-dialog').getByRole('button', { name: '允许', exact: true }).click();
  await screen()
    .getByText(/^(办理成功|提交成功)$/)
    .waitFor();
  await expectText('查看我的定点');
  expect((await cloud.call('facility', { action: 'declarations' }, { openid })).data.total).toBe(1);
});

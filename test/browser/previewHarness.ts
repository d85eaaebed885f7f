// The browser preview's tests share this: a local cloud serving build/preview/ (`npm run build`, which npm test
// runs first) and Debian's Chromium on it, with the page's errors and requests recorded (a test ends with no
// error), and what a person does in the phone frame and the panel beside it.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { LocalCloud } from '../helpers/localCloud';

const ROOT = resolve(__dirname, '..', '..');
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking'];

export interface Preview {
  cloud: LocalCloud;
  page: Page;
  /** Uncaught errors of the page (each test must end with none). */
  errors: string[];
  /** Every URL the page asked for. */
  requests: string[];
}

/** Registers the hooks; the fields are set once `beforeAll` has run. */
export function previewHarness(options: BrowserContextOptions = {}) {
  const pv = { errors: [], requests: [] } as unknown as Preview;
  let browser: Browser | undefined;
  beforeAll(async () => {
    if (!existsSync(join(ROOT, 'build', 'preview', 'index.html'))) throw new Error('run npm run build first');
    [pv.cloud, browser] = await Promise.all([
      new LocalCloud().start(),
      chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', headless: true, args: ARGS }),
    ]);
    pv.page = await browser.newPage({ viewport: { width: 900, height: 820 }, ...options });
    pv.page.setDefaultTimeout(20_000);
    pv.page.on('request', (request) => pv.requests.push(request.url()));
    pv.page.on('pageerror', (error) => pv.errors.push(String(error.stack ?? error)));
  });
  afterAll(async () => {
    await browser?.close();
    await pv.cloud?.stop();
    pv.cloud?.removeData();
  });
  afterEach(() => expect(pv.errors).toEqual([]));

  /** The page on top in the phone frame. */
  const screen = () => pv.page.locator('#pages .pv-page:not([hidden])');
  return {
    pv,
    screen,
    title: () => pv.page.locator('#title'),
    /** Taps the element showing `text` (all of it, when a string). */
    tapText: (text: string | RegExp) =>
      screen()
        .getByText(text, { exact: typeof text === 'string' })
        .first()
        .click(),
    expectText: (text: string | RegExp) => screen().getByText(text).first().waitFor(),
    /** Types into the native input of the TDesign field labelled `label`. */
    fillField: (label: string, value: string) =>
      screen().getByText(label, { exact: true }).locator('xpath=ancestor::*[.//input][1]').locator('input').fill(value),
    /** The panel: who is calling, and the clock (Beijing time, `YYYY-MM-DDTHH:mm`). */
    async usePanel(choice: { openid?: string; clock?: string }) {
      const { page } = pv;
      if (choice.openid) {
        await page.selectOption('#who', '');
        await page.fill('#who-custom', choice.openid);
        await page.locator('#who-custom').dispatchEvent('change');
      }
      if (choice.clock) await page.fill('#clock', choice.clock);
    },
  };
}

/**
 * The home page's short labels — what each flow is called and "切换城市" — stay on one line in Chromium at 320 and
 * 375 px, normal and 长辈模式: a label broken in the middle of a word ("变\n更", "切换城\n市") reads as two words.
 */
import type { LocalCloud } from '../helpers/localCloud';
import { actAs, loadPage, renderPage, setClock, startCloudForPages, untilText, wxStorage } from '../pages/harness';
import { snapshot } from './snapshot';
import { Browser, MIN_TAP, MIN_TAP_ELDERLY, WIDTHS } from './browser';

jest.setTimeout(120_000);
let cloud: LocalCloud;
let page: string;
const browser = new Browser();
const g = globalThis as any;

beforeAll(async () => {
  [cloud] = await Promise.all([startCloudForPages(), browser.start()]);
  page = loadPage('home');
});
afterAll(async () => {
  setClock(undefined);
  g.__fontSizeSetting = undefined;
  await browser.stop();
  await cloud?.stop();
  cloud?.removeData();
});

/** TDesign's title, note and grid-item text elements: wherever the page puts a label, one of these holds it. */
const LABEL_ELEMENTS = '[class*="__title-text"], [class*="__note"], [class*="grid-item__text"]';
const LABELS = ['定点选点/变更', '异地就医备案', '服务评价', '切换城市'];

describe.each([
  ['normal', false],
  ['长辈模式', true],
])('home page labels (%s)', (_mode, elderly) => {
  // 太原 has the longest 参保类型 line beside "切换城市"; no city chosen yet shows the invitation to choose one.
  it.each([
    ['太原', '140100'],
    ['no city yet', ''],
  ])('no label is broken across lines (%s)', async (name, cityCode) => {
    wxStorage().clear();
    if (cityCode) wxStorage().set('cityCode', cityCode);
    wxStorage().set('elderlyMode', elderly ? 'on' : 'off');
    g.__fontSizeSetting = 17;
    setClock('2026-11-10T10:00:00+08:00');
    actAs('home-labels');
    const comp = await renderPage(page);
    (comp.instance as any).closeCityPicker();
    await untilText(comp, '我要办');
    const state = snapshot(comp, page, 'home', `labels-${cityCode || 'none'}`);
    for (const width of WIDTHS) {
      const { lines } = await browser.check(state.file, width, {
        minTap: elderly ? MIN_TAP_ELDERLY : MIN_TAP,
        linesOf: LABEL_ELEMENTS,
      });
      const labels = lines!.filter((l) => LABELS.includes(l.text));
      expect(labels.map((l) => l.text).sort()).toEqual(
        (cityCode ? LABELS : LABELS.filter((l) => l !== '切换城市')).slice().sort(),
      );
      expect(
        labels.filter((l) => l.lines !== 1).map((l) => `${l.text}: ${l.lines} lines @${width}px (${name})`),
      ).toEqual([]);
    }
  });
});

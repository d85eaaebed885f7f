import { FACTS, withProfile } from '../helpers/people';
import { actAs, renderPage, setClock, textOf, usePageCloud } from './harness';

// Pages take "today" and "this month" from Beijing's calendar, whatever the phone's zone: these run in
// America/Los_Angeles (test/helpers/otherTimeZone.cjs), where 2026-12-01 09:00 in Beijing is still 30 November.
jest.setTimeout(60_000);
const FIRST_OF_DECEMBER = '2026-12-01T09:00:00+08:00';

const { cloud, pages } = usePageCloud({ pages: ['rating-stats', 'filing-form'] });
beforeEach(() => setClock(FIRST_OF_DECEMBER));

const data = (comp: any) => comp.instance.data as any;

it("runs where the phone's own calendar is still on the day before", () => {
  const now = new Date();
  expect(now.getTimezoneOffset()).not.toBe(-480);
  expect([now.getMonth() + 1, now.getDate()]).toEqual([11, 30]);
});

it('the statistics page opens on the Beijing month and offers no month after it', async () => {
  const page = await renderPage(pages['rating-stats'], { cityCode: '140100' });
  expect(data(page).month).toBe('2026-12');
  expect(textOf(page)).toContain('2026-12');
  expect(textOf(page)).not.toContain('看下个月');
});

it('the 备案 form starts on the Beijing date', async () => {
  await withProfile(cloud, 'bj-date-form', 861, FACTS.taiyuanRetired);
  actAs('bj-date-form');
  const page = await renderPage(pages['filing-form'], {
    typeCode: '140100-kjfj',
    provinceCode: '440000',
    cityCode: '440100',
  });
  expect(data(page).startDate).toBe('2026-12-01');
  expect(textOf(page)).toContain('2026-12-01');
});

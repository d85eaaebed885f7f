/**
 * @jest-environment node
 */
// The browser preview (scripts/preview/) as a person uses it: Debian's Chromium opens what the local cloud serves
// at its root and clicks through the real pages against the real functions. Needs `npm run build` (npm test
// runs it first): build/preview/ is what the local cloud serves.
import type { Page } from 'playwright-core';
import type { LocalCloud } from '../helpers/localCloud';
import { FACTS, member, withMember, withProfile, withTaiyuanFiling } from '../helpers/people';
import { previewHarness } from './previewHarness';

jest.setTimeout(90_000);

const { pv, screen, title, tapText, expectText, fillField, usePanel } = previewHarness();
let page: Page;
let cloud: LocalCloud;
beforeAll(() => ({ page, cloud } = pv));

it('home → 办事指南 → a service, with TDesign rendered and the navigation bar going back', async () => {
  await page.goto(cloud.url);
  await expectText('请选择您的参保地');
  await tapText('北京（北京市）');
  await expectText('北京市 · 城镇职工基本医疗保险');
  // TDesign's own components, styled: the cells (the flows among them).
  expect(await screen().locator('.t-cell--t-cell').count()).toBeGreaterThan(0);
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
  // The search field's native input, found as 读屏 finds it (by its name, not its placeholder): typed into, then 搜索.
  await screen().getByRole('textbox', { name: '搜索医院：名称、编码或拼音首字母' }).fill(general.name);
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

it('异地就医备案 for a parent: 为谁办理 → reason → province → city → form → the certificate with its 有效期', async () => {
  const openid = 'preview-ty';
  await withProfile(cloud, openid, 702, FACTS.taiyuanRetired);
  // The parent, authorized by their own face check on the same phone (through the local cloud's stand-in).
  await withMember(cloud, openid, member(703, `${openid}-m1`, { ...FACTS.taiyuanRetired, relationship: '父母' }));

  await page.goto(cloud.url);
  await usePanel({ openid, clock: '2026-11-24T10:00' });
  await page.reload();
  await tapText('太原（山西省）');
  await expectText('山西省 · 城镇职工基本医疗保险');
  await tapText('异地就医备案');
  await expectText('为谁办理');
  await tapText('为谁办理');
  await page
    .getByText(/^父母 .*（太原.*）$/)
    .first()
    .click();
  await screen()
    .getByText(/^父母 .*为什么要去外地就医？$/)
    .waitFor();
  await tapText('其他临时外出就医（临时）');
  await expectText('去哪个省（自治区、直辖市）？');
  await tapText('广东省');
  await expectText('去广东省的哪个市？');
  await tapText('广州市');
  await expectText('应办：跨省非急未转住院人员备案');
  await tapText('在线填写备案');
  await expectText('请确认：跨省非急未转住院人员备案');
  await tapText('提交备案');
  await expectText('异地就医备案凭证');
  await expectText('有效期');
  // The form starts on today's date (the page's own clock), so the dates themselves are not fixed here.
  await screen()
    .getByText(/^\d{4}年\d{1,2}月\d{1,2}日起至\d{4}年\d{1,2}月\d{1,2}日有效$/)
    .waitFor();
  await expectText('跨省非急未转住院人员备案');
  await expectText('李*');
  await expectText('广州市（跨省）');
});

it('差评 to staff and back: 不满意 with a reason, claimed and answered in the 工作台, the answer in 我的评价', async () => {
  const openid = 'preview-rater';
  const staff = 'preview-staff';
  await withTaiyuanFiling(cloud, openid, 704);
  // 太原's 工作台 (in production: npm run staff:add).
  expect(
    (await cloud.call('probe', { action: 'put', collection: 'staff', doc: { _id: staff, cityCode: '140100' } })).ok,
  ).toBe(true);

  await page.goto(cloud.url);
  await usePanel({ openid, clock: '2026-11-24T10:00' });
  await page.reload();
  await tapText('太原（山西省）');
  await expectText('山西省 · 城镇职工基本医疗保险');
  await tapText('服务评价');
  await expectText('待评价的服务');
  await tapText('异地就医备案：跨省非急未转住院人员备案');
  await expectText('您对这次服务满意吗？');
  await tapText('不满意');
  await expectText('哪里没做好？（必选一项或留言）');
  await tapText('等待时间长');
  await screen().getByRole('textbox', { name: '留言（选填，最多 200 字）' }).fill('排队太久');
  await tapText('提交评价');
  await expectText('感谢评价：不满意');

  // The same preview, now as 太原's staff: the 差评 waits in the 工作台.
  await usePanel({ openid: staff });
  await page.goto(cloud.url);
  await tapText('太原（山西省）');
  await tapText('工作台（工作人员）');
  await expectText('不满意：等待时间长');
  await expectText('排队太久');
  await tapText('认领');
  await screen()
    .getByText(/^整改中 · \d{4}-\d\d-\d\d 前$/)
    .waitFor();
  await fillField('核实情况', '属实：高峰期窗口不足');
  await fillField('整改措施', '增开窗口');
  await tapText('记录整改');
  await screen()
    .getByText(/^已整改 · /)
    .waitFor();
  await fillField('答复评价人', '已增开窗口，感谢反馈');
  await tapText('答复');
  await screen()
    .getByText(/^已回复 · /)
    .waitFor();

  // Back to the resident: the answer is in 我的评价.
  await usePanel({ openid });
  await page.goto(cloud.url);
  await tapText('我的评价');
  await expectText('评价：不满意');
  await expectText('答复：已增开窗口，感谢反馈');
  await expectText('已回复');
  await tapText('整改满意');
  await expectText('您对整改满意');
});

it('passes 读屏 attributes through as WeChat does: aria-role as role, aria-label, aria-hidden, TDesign’s own', async () => {
  await page.goto(cloud.url);
  // A caller of its own: a phone that has not chosen its city yet.
  await usePanel({ openid: 'preview-a11y' });
  await page.reload();
  await expectText('请选择您的参保地');
  await tapText('北京（北京市）');
  await expectText('北京市 · 城镇职工基本医疗保险');
  // A flow's cell says aria-role="button": the element is a button with the flow's name.
  await expect(
    screen()
      .getByRole('button', { name: /定点选点/ })
      .first()
      .isVisible(),
  ).resolves.toBe(true);
  // The page's own: a cell it listens to is a button named by its text, its arrow hidden from the reader.
  await expect(
    screen()
      .getByRole('button', { name: /^我的评价/ })
      .isVisible(),
  ).resolves.toBe(true);
  // aria-hidden reaches the element (TDesign's icons are hidden or labelled by the pages).
  expect(await screen().locator('[aria-hidden="true"]').count()).toBeGreaterThan(0);
  // aria-role never stays as written.
  expect(await screen().locator('[aria-role]').count()).toBe(0);
  // 我的: the 长辈模式 row is a switch with its state.
  await screen()
    .getByRole('button', { name: /^本人信息与家庭成员/ })
    .click();
  const elderly = screen().getByRole('switch', { name: '长辈模式' });
  await elderly.waitFor();
  await expect(elderly.getAttribute('aria-checked')).resolves.toBe('false');
  await elderly.click();
  await screen().getByRole('switch', { name: '长辈模式', checked: true }).waitFor();
  await elderly.click();
  await screen().getByRole('switch', { name: '长辈模式', checked: false }).waitFor();
});

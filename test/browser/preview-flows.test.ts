/**
 * @jest-environment node
 */
// The browser preview's native pieces a person touches, each through the real pages and functions: the face
// check dialog (wx.requestFacialVerify against the local cloud's WeChat stand-in), the file picker with the
// upload (wx.chooseMessageFile, wx.cloud.uploadFile; the template through getFileSystemManager/openDocument)
// and the date picker (<picker mode="date">). Needs `npm run build`: build/preview/ is what the local cloud serves.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import type { LocalCloud } from '../helpers/localCloud';
import { FACTS, testId, testMobile, withProfile } from '../helpers/people';
import { withUnitStaff } from '../helpers/unitStaff';
import { previewHarness } from './previewHarness';

jest.setTimeout(90_000);

const CLOCK = '2026-11-24T10:00';
const NOW = `${CLOCK}:00+08:00`;

const { pv, screen, title, tapText, expectText, fillField, usePanel } = previewHarness({
  timezoneId: 'Asia/Shanghai',
  acceptDownloads: true,
});
let page: Page;
let cloud: LocalCloud;
beforeAll(() => ({ page, cloud } = pv));
const dialogBox = () => page.locator('.pv-dialog');
const dialogButton = (name: string) => dialogBox().getByRole('button', { name, exact: true });

/** A fresh phone for `openid` at the fixed clock, on the home page of `city` (storage is per caller). */
async function openAs(openid: string, city: string, heading: string) {
  await page.goto(cloud.url);
  await usePanel({ openid, clock: CLOCK });
  await page.reload();
  await tapText(city);
  await expectText(heading);
}

/** Files under the local cloud's storage folder `dir` (what wx.cloud.uploadFile stored). */
function storedFiles(dir: string): string[] {
  const path = join(cloud.dataDir, 'storage', dir);
  return existsSync(path) ? readdirSync(path) : [];
}

it('人脸核身: a new resident agrees, saves the profile, fails, cancels, then passes the face check', async () => {
  const openid = 'preview-face';
  await openAs(openid, '太原（山西省）', '山西省 · 城镇职工基本医疗保险');
  await tapText('本人信息与家庭成员');
  await expectText('填写证件号码前，需要您的同意');
  await tapText('阅读并同意');
  await expectText('谁在处理您的信息');
  await tapText('同意');
  // Back on 我的, now with the profile form.
  await expectText('填写本人信息');
  await fillField('姓名', '赵六');
  await fillField('证件号码', testId(801));
  await fillField('手机号码', testMobile(801));
  await tapText('太原');
  await tapText('职工医保');
  await tapText('退休人员');
  await tapText('保存');
  await expectText('还未实人认证：刷脸确认是您本人后才能办理业务');
  await expectText('赵*');

  // 不通过: said in words a person can act on, with a retry.
  await tapText('开始刷脸认证');
  await dialogButton('不通过').click();
  await expectText('⚠ 没有采集到清晰的人脸。请到光线充足的地方，正对手机，摘下帽子、口罩和眼镜后重新开始。');
  await expectText('重新开始刷脸认证');
  await expect(screen().getByText('实人认证', { exact: true }).count()).resolves.toBe(0);

  // 取消: not verified, and the page says so.
  await tapText('重新开始刷脸认证');
  await dialogButton('取消').click();
  await expectText('⚠ 您取消了刷脸核验。需要办理时，可以随时重新开始。');
  await expectText('还未实人认证：刷脸确认是您本人后才能办理业务');
  await expect(screen().getByText('实人认证', { exact: true }).count()).resolves.toBe(0);
  let me = await cloud.call('user', { action: 'me' }, { openid, now: NOW });
  expect(me.data.profile.verifiedAt).toBeFalsy();

  // 通过.
  await tapText('重新开始刷脸认证');
  await dialogButton('通过').click();
  await expectText(/^已实人认证 · 刷脸核验（2026-11-24）$/);
  await expect(screen().getByText('还未实人认证：刷脸确认是您本人后才能办理业务').count()).resolves.toBe(0);
  await expect(screen().locator('.face-failure').count()).resolves.toBe(0);
  me = await cloud.call('user', { action: 'me' }, { openid, now: NOW });
  expect(me.data.profile).toMatchObject({ name: '赵*', cityCode: '140100' });
  expect(me.data.profile.verifiedAt).toBeTruthy();
  // Verified: this person can now file for themselves.
  const subject = await cloud.call('user', { action: 'subject' }, { openid, now: NOW });
  expect(subject.ok).toBe(true);
});

/** A 花名表 row of the template's columns: 常驻异地工作人员备案 to 广州 from 2026-12-01. */
const rosterRow = (n: number, name: string) => [
  n,
  name,
  '居民身份证',
  testId(810 + n, '19850101'),
  '在职职工',
  '140100-czyd',
  '广东省',
  '广州市',
  '2026-12-01',
  `广州市示例路${n}号`,
  testMobile(810 + n),
];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

it('单位批量备案: the template downloaded, a file too large or of another kind refused, the 花名表 uploaded and filed', async () => {
  const openid = 'preview-employer';
  // A registered 单位经办人 of 太原 (in production: npm run employer:add), verified like anyone else.
  expect(
    (
      await cloud.call('probe', {
        action: 'put',
        collection: 'employers',
        doc: { _id: openid, creditCode: '91140100MA0K000004', cityCode: '140100' },
      })
    ).ok,
  ).toBe(true);
  await withProfile(cloud, openid, 809, FACTS.taiyuanRetired);
  // The two people of the 花名表 below are on the unit's 参保 list (npm run employer:staff).
  await withUnitStaff(cloud, '91140100MA0K000004', '140100', [testId(811, '19850101'), testId(812, '19850101')]);

  await openAs(openid, '太原（山西省）', '山西省 · 城镇职工基本医疗保险');
  await tapText('异地就医备案');
  await tapText('单位批量备案');
  await expect(title().innerText()).resolves.toBe('单位批量备案');

  // The template: written with the file system manager, opened (in the browser: downloaded).
  const [download] = await Promise.all([page.waitForEvent('download'), tapText('下载花名表模板')]);
  expect(download.suggestedFilename()).toBe('太原异地就医登记备案花名表.xlsx');
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(readFileSync(await download.path()) as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0];
  expect(String(sheet.getRow(2).getCell(2).value)).toContain('示例');
  // Filled in as the template says: the example row deleted, two staff added.
  sheet.spliceRows(2, 1, rosterRow(1, '王小明'), rosterRow(2, '刘小红'));
  const roster = Buffer.from(await workbook.xlsx.writeBuffer());

  const choose = async (file: { name: string; mimeType: string; buffer: Buffer }) => {
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), tapText('选择花名表（.xlsx）')]);
    expect(chooser.isMultiple()).toBe(false);
    await chooser.setFiles(file);
  };

  // Over 2 MB: refused on the phone, before anything is uploaded.
  await choose({ name: '花名表.xlsx', mimeType: XLSX, buffer: Buffer.alloc(2 * 1024 * 1024 + 1, 1) });
  await dialogBox().getByText('文件太大', { exact: true }).waitFor();
  await dialogBox()
    .getByText(/花名表不能超过 2 MB/)
    .waitFor();
  await dialogButton('知道了').click();
  expect(storedFiles('rosters')).toEqual([]);

  // Not an .xlsx: WeChat lists only the extensions asked for, so it cannot be chosen.
  await choose({ name: '花名表.csv', mimeType: 'text/csv', buffer: Buffer.from('序号,姓名\n1,王小明\n') });
  await dialogBox()
    .getByText(/只能选择 \.xlsx 文件/)
    .waitFor();
  await dialogButton('知道了').click();
  expect(storedFiles('rosters')).toEqual([]);
  await expect(
    screen()
      .getByText(/正在上传/)
      .count(),
  ).resolves.toBe(0);

  // Named .xlsx but not a spreadsheet: uploaded, and the function says what is wrong.
  await choose({ name: '照片.xlsx', mimeType: XLSX, buffer: Buffer.from('this is not a spreadsheet') });
  await expectText(/不是 Excel 表格/);
  const before = storedFiles('rosters');

  // The 花名表: uploaded, every row checked and listed.
  await choose({ name: '太原花名表.xlsx', mimeType: XLSX, buffer: roster });
  await expectText('太原花名表.xlsx：共 2 行，无误 2 行，有误 0 行');
  await expectText('第 2 行 王*明');
  await expectText('第 3 行 刘*红');
  const uploaded = storedFiles('rosters').filter((f) => !before.includes(f));
  expect(uploaded).toHaveLength(1);
  expect(readFileSync(join(cloud.dataDir, 'storage', 'rosters', uploaded[0])).equals(roster)).toBe(true);

  await tapText('办理全部 2 行');
  await expectText('已办理 2 人');
  const mine = await cloud.call('filing', { action: 'mine' }, { openid, now: NOW });
  expect(mine.data.total).toBe(2);
  expect(mine.data.filings.map((f: { forWhom: string }) => f.forWhom).sort()).toEqual([
    '单位代办 刘*红',
    '单位代办 王*明',
  ]);
  for (const f of mine.data.filings) {
    expect(f).toMatchObject({ typeCode: '140100-czyd', validFrom: '2026-12-01', status: '已备案' });
    expect(f.destination.name).toBe('广州市');
  }
  // Processed: the roster (names, ID numbers) is gone from storage.
  expect(storedFiles('rosters').filter((f) => !before.includes(f))).toEqual([]);
});

it('备案 start date through the date picker: 取消 keeps the date, 确定 changes it, and the filing has it', async () => {
  const openid = 'preview-date';
  await withProfile(cloud, openid, 805, FACTS.taiyuanRetired);
  await openAs(openid, '太原（山西省）', '山西省 · 城镇职工基本医疗保险');
  await tapText('异地就医备案');
  await tapText('其他临时外出就医（临时）');
  await tapText('广东省');
  await tapText('广州市');
  await tapText('在线填写备案');
  await expectText('请确认：跨省非急未转住院人员备案');
  // The form starts on the page's own today (not necessarily the panel's clock).
  const dateNote = screen().getByText(/^\d{4}-\d\d-\d\d$/);
  const initial = await dateNote.innerText();
  expect(initial).not.toBe('2026-12-10');
  const picker = page.locator('.pv-dialog .pv-picker-input');

  // 取消: the date chosen in the dialog is dropped.
  await tapText('开始日期');
  await dialogBox().getByText('选择日期', { exact: true }).waitFor();
  await expect(picker.inputValue()).resolves.toBe(initial);
  await picker.fill('2026-12-10');
  await dialogButton('取消').click();
  await expect(dialogBox().count()).resolves.toBe(0);
  await expect(dateNote.innerText()).resolves.toBe(initial);
  await expect(
    screen()
      .getByText(/2026年12月10日起/)
      .count(),
  ).resolves.toBe(0);

  // 确定: the form shows the new date and the server's validity for it.
  await tapText('开始日期');
  await expect(picker.inputValue()).resolves.toBe(initial);
  await picker.fill('2026-12-10');
  await dialogButton('确定').click();
  await screen().getByText('2026-12-10', { exact: true }).waitFor();
  await expectText(/2026年12月10日起/);
  await expectText('请确认：跨省非急未转住院人员备案');
  // Opened again, the picker starts on the chosen date.
  await tapText('开始日期');
  await expect(picker.inputValue()).resolves.toBe('2026-12-10');
  await dialogButton('取消').click();

  await tapText('提交备案');
  await expectText('异地就医备案凭证');
  await expectText(/^2026年12月10日起至\d{4}年\d{1,2}月\d{1,2}日有效$/);
  const mine = await cloud.call('filing', { action: 'mine' }, { openid, now: NOW });
  expect(mine.data.total).toBe(1);
  expect(mine.data.filings[0]).toMatchObject({ typeCode: '140100-kjfj', validFrom: '2026-12-10' });
});

it('备案 to 广州 that works at the hospital: connected count, a named hospital, the check before submit, 到院怎么结算', async () => {
  const openid = 'preview-gz';
  await withProfile(cloud, openid, 806, FACTS.taiyuanRetired);
  await page.goto(cloud.url);
  await usePanel({ openid, clock: CLOCK });
  // The phone is in 广州, near the sample hospitals (the panel's place).
  await page.selectOption('#place', '23.1170,113.2800');
  await page.reload();
  await tapText('太原（山西省）');
  await tapText('异地就医备案');
  await tapText('其他临时外出就医（临时）');
  await tapText('广东省');
  await tapText('广州市');
  await tapText('在线填写备案');
  await expectText('请确认：跨省非急未转住院人员备案');

  // How many settle 住院 directly there, said to be samples.
  await expectText('广州市 可直接结算住院的医药机构 10 家（示例数据，不是真实名单）');
  // A named hospital, found by name; it is connected for 门诊 only: the check warns, labelled 示例.
  await screen().getByPlaceholder('输入要去的医院名称或拼音').fill('门诊部');
  await tapText('查找');
  await tapText('示例·广州社区门诊部');
  await expectText('提交前请留意');
  await expectText(/示例·广州社区门诊部（示例数据）没有开通住院的跨省直接结算/);

  // Back after the validity ends: it says when it ends and offers renewal.
  await tapText('预计何时回来');
  await page.locator('.pv-dialog .pv-picker-input').fill('2027-08-01');
  await dialogButton('确定').click();
  await expectText(/^· 这次备案到\d{4}年\d{1,2}月\d{1,2}日为止，早于您预计回来的2027年8月1日/);
  await expectText(/^怎么办：到期前可以再办一次备案（续办）/);

  // None of it blocks: filed, and the certificate says how to settle at the hospital.
  await tapText('提交备案');
  await expectText('异地就医备案凭证');
  await expectText('到院怎么结算');
  await expectText(/^1\. 带上本人社会保障卡或医保电子凭证/);
  await expectText(/卡环境检测/);

  // Right after filing, the 到期 reminder is offered once, with why; WeChat's dialog follows the tap.
  await expectText('到期前提醒您吗？');
  await expectText(/早于您预计回来的2027年8月1日。到期前\d+天/);
  await tapText('到期前提醒我');
  await dialogBox().getByText('订阅消息', { exact: true }).waitFor();
  await dialogButton('允许').click();
  await expectText(/^已开启到期提醒/);
  const mine = await cloud.call('filing', { action: 'mine' }, { openid, now: NOW });
  const filingId = mine.data.filings[0].filingId;
  const detail = await cloud.call('filing', { action: 'detail', filingId }, { openid, now: NOW });
  expect(detail.data.reminder).toMatchObject({ offered: true, on: true });

  // 到院怎么结算 leads on to where it settles directly: nearest first, with distances, labelled 示例.
  await tapText('查看广州市可直接结算的医院');
  await expectText('广州市 可直接结算住院的医药机构 10 家（示例数据，不是真实名单）');
  await expectText(/^以下为示例数据（不是真实医院）/);
  await tapText('离我最近');
  await expectText('共 10 家，由近到远');
  await expectText(/^可直接结算：住院 · 普通门诊 · 门诊慢特病 · 二级 · \d+ 米 · 广州示例路4号/);
  const names = await screen()
    .getByText(/^示例·广州/)
    .allInnerTexts();
  expect(names[0]).toBe('示例·广州第4人民医院');
  expect(names).not.toContain('示例·广州社区门诊部');
});

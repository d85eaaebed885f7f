import ExcelJS from 'exceljs';
import { checkDigit } from '../../miniprogram/shared/personal';
import { LocalCloud } from '../helpers/localCloud';
import { expectNoPlaintext } from '../helpers/plaintextScan';
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONSENT_VERSION, FACTS, taiyuanFilingEvent, verifyFace, withProfile } from '../helpers/people';

jest.setTimeout(180_000);
let cloud: LocalCloud;
const NOW = '2026-11-24T10:00:00+08:00';
const HEADERS = [
  '序号',
  '姓名',
  '证件类型',
  '证件号码',
  '人员类别',
  '备案类型编码',
  '就医省',
  '就医市',
  '开始日期',
  '居住地址',
  '联系电话',
];

function staffId(i: number): string {
  const first17 = `14010119${70 + (i % 30)}0${1 + (i % 9)}1${i % 10}${String(i).padStart(3, '0').slice(-3)}`.slice(
    0,
    17,
  );
  return first17 + checkDigit(first17);
}

async function roster(rows: unknown[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('花名表');
  ws.addRow(HEADERS);
  rows.forEach((r) => ws.addRow(r));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function goodRow(i: number): unknown[] {
  return [
    i,
    '王小明',
    '居民身份证',
    staffId(i),
    '在职职工',
    '140100-czyd',
    '广东省',
    '广州市',
    '2026-12-01',
    `广州市示例路${i}号`,
    `1390000${String(i).padStart(4, '0')}`,
  ];
}

const call = (event: Record<string, unknown>) => cloud.call('filing', event, { openid: 'employer-hr', now: NOW });

/** A made-up code with a valid GB 32100 check character (test data, not a real unit). */
const UNIT = '91140100MA0K000004';
const OTHER_UNIT = '91140100MA0K000017';
const stored = (fileID: string) => existsSync(join(cloud.dataDir, 'storage', fileID.replace('cloud://local/', '')));

/** Uploads a 花名表 as the page does: a storage path registered with the uploader, then the upload there. */
async function upload(bytes: Buffer, openid = 'employer-hr'): Promise<string> {
  const place = await cloud.call('filing', { action: 'batchUpload', cityCode: '140100' }, { openid, now: NOW });
  expect(place).toMatchObject({ ok: true });
  const up = await cloud.upload(place.data.cloudPath, bytes);
  return up.json.fileID;
}

/** The unit's 参保 list, imported by 医保 staff before the local cloud starts (npm run employer:staff). */
const ON_THE_LIST = Array.from({ length: 600 }, (_, i) => i + 1).filter((i) => i !== 401);

beforeAll(async () => {
  cloud = new LocalCloud();
  const list = join(cloud.dataDir, 'staff-list.csv');
  writeFileSync(list, ['姓名,证件号码', ...ON_THE_LIST.map((i) => `王小明,${staffId(i)}`)].join('\n'));
  const imported = spawnSync(
    process.execPath,
    [
      join(__dirname, '..', '..', 'build', 'tools', 'employer-staff.cjs'),
      UNIT,
      '140100',
      list,
      '--data-dir',
      cloud.dataDir,
    ],
    { encoding: 'utf8' },
  );
  expect(imported.stdout).toContain(`参保职工 ${ON_THE_LIST.length} 人`);
  // The tool prints no ID number, and the database holds hashes only (checked at the end with the rest).
  expect(imported.stdout + imported.stderr).not.toContain(staffId(1));
  rmSync(list);
  await cloud.start();
  // A registered 单位经办人 (in production: npm run employer:add), verified by 人脸核身 like anyone else.
  await cloud.call('probe', {
    action: 'put',
    collection: 'employers',
    doc: { _id: 'employer-hr', creditCode: UNIT, cityCode: '140100' },
  });
  await withProfile(cloud, 'employer-hr', 990, FACTS.taiyuanRetired);
});
afterAll(async () => {
  await cloud.stop();
  cloud.removeData();
});

describe('单位批量办理 (花名表)', () => {
  it('offers a template with the right headers and the city’s type codes', async () => {
    const res = await call({ action: 'batchTemplate', cityCode: '140100' });
    expect(res.data.fileName).toBe('太原异地就医登记备案花名表.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(res.data.base64, 'base64') as unknown as ArrayBuffer);
    expect((wb.worksheets[0].getRow(1).values as unknown[]).slice(1)).toEqual(HEADERS);
    expect(wb.worksheets[1].getColumn(1).values).toContain('140100-czyd');
  });

  it('200 rows with 7 bad: all 7 reported with row numbers, nothing filed; fixed: 200 filed; again: none new', async () => {
    const rows = Array.from({ length: 200 }, (_, i) => goodRow(i + 1));
    const bad: Record<number, (r: unknown[]) => void> = {
      3: (r) => (r[3] = '140101197001010000'), // check digit
      17: (r) => (r[1] = ''),
      42: (r) => (r[5] = '140100-nope'),
      77: (r) => (r[7] = '不存在市'),
      99: (r) => (r[8] = '2026-13-01'),
      150: (r) => (r[10] = '12345'),
      188: (r) => (r[9] = ''),
    };
    const broken = rows.map((r, i) => {
      const copy = [...r];
      bad[i + 1]?.(copy);
      return copy;
    });
    const up = await upload(await roster(broken));
    const preview = await call({ action: 'batchPreview', cityCode: '140100', fileID: up });
    expect(preview.data).toMatchObject({ total: 200, good: 193 });
    expect(preview.data.problems.map((p: { row: number }) => p.row)).toEqual([4, 18, 43, 78, 100, 151, 189]);
    expect(preview.data.problems[0].problems[0]).toContain('证件号码');
    expect(preview.data.rows[0]).toMatchObject({ name: '王*明', destination: '广州市' });
    const refused = await call({ action: 'batchSubmit', cityCode: '140100', fileID: up });
    expect(refused).toMatchObject({ ok: false, code: 'BATCH_HAS_ERRORS' });
    expect(refused.reasons).toHaveLength(7);
    expect((await call({ action: 'mine' })).data.filings).toHaveLength(0);

    const fixed = await upload(await roster(rows));
    const done = await call({ action: 'batchSubmit', cityCode: '140100', fileID: fixed });
    expect(done.data).toMatchObject({ filed: 200, alreadyFiled: 0, refused: [] });
    // Processed: the roster (names, IDs, mobiles in the clear) is gone from storage at once.
    expect(stored(fixed)).toBe(false);
    expect(stored(up)).toBe(false);
    const reuploaded = await upload(await roster(rows));
    const again = await call({ action: 'batchSubmit', cityCode: '140100', fileID: reuploaded });
    expect(again.data).toMatchObject({ filed: 0, alreadyFiled: 200 });
    // 我的备案 pages through all 200 (filed in one second: the cursor tells rows with the same time apart).
    const seen: Array<{ filingId: string; status: string; forWhom: string }> = [];
    let after: string | undefined;
    let pages = 0;
    do {
      const page = await call({ action: 'mine', limit: 50, ...(after ? { after } : {}) });
      expect(page.data.total).toBe(200);
      seen.push(...page.data.filings);
      after = page.data.nextCursor ?? undefined;
      pages += 1;
    } while (after && pages < 10);
    expect(pages).toBe(4);
    expect(new Set(seen.map((f) => f.filingId)).size).toBe(200);
    expect(seen.every((f) => f.status === '已备案')).toBe(true);
    expect(seen[0].forWhom).toMatch(/^单位代办 王\*明$/);
    expect((await call({ action: 'mine', after: 'not a cursor' })).code).toBe('VALIDATION_FAILED');
  });

  it('can file only the good rows when the person chooses to', async () => {
    const rows = [goodRow(301), goodRow(302)];
    rows[1][3] = 'bad';
    const up = await upload(await roster(rows));
    const res = await call({ action: 'batchSubmit', cityCode: '140100', fileID: up, onlyGoodRows: true });
    expect(res.data).toMatchObject({ filed: 1, skippedBadRows: 1 });
  });

  it('refuses a file that is not a spreadsheet, and one over 2 MB, in plain words', async () => {
    const notXlsx = await upload(Buffer.from('this is not a spreadsheet'));
    const res = await call({ action: 'batchPreview', cityCode: '140100', fileID: notXlsx });
    expect(res).toMatchObject({ ok: false, code: 'FILE_INVALID' });
    expect(res.message).toContain('不是 Excel 表格');
    const big = await upload(Buffer.alloc(2 * 1024 * 1024 + 1, 1));
    expect((await call({ action: 'batchPreview', cityCode: '140100', fileID: big })).code).toBe('FILE_TOO_LARGE');
    // Registered but never uploaded: nothing to read. Never registered: not found, as for anyone else's file.
    const place = await call({ action: 'batchUpload', cityCode: '140100' });
    expect(
      (await call({ action: 'batchPreview', cityCode: '140100', fileID: `cloud://local/${place.data.cloudPath}` }))
        .code,
    ).toBe('FILE_INVALID');
    expect(
      (await call({ action: 'batchPreview', cityCode: '140100', fileID: 'cloud://local/batch/missing.xlsx' })).code,
    ).toBe('NOT_FOUND');
  });

  it('is for a registered, verified 单位经办人 only, and a roster for its uploader only', async () => {
    // Anyone else gets no storage path to upload to.
    const stranger = await cloud.call(
      'filing',
      { action: 'batchUpload', cityCode: '140100' },
      { openid: 'not-an-employer', now: NOW },
    );
    expect(stranger).toMatchObject({ ok: false, code: 'NOT_EMPLOYER' });
    expect(stranger.message).toContain('单位经办人');
    // The employer's roster, named by anyone else — a resident, another unit's 经办人 — is "not found".
    const up = await upload(await roster([goodRow(402)]));
    await withProfile(cloud, 'verified-resident', 991, FACTS.taiyuanRetired);
    await cloud.call('probe', {
      action: 'put',
      collection: 'employers',
      doc: { _id: 'employer-other', creditCode: OTHER_UNIT, cityCode: '140100' },
    });
    await withProfile(cloud, 'employer-other', 992, FACTS.taiyuanRetired);
    for (const openid of ['not-an-employer', 'verified-resident', 'employer-other']) {
      for (const action of ['batchPreview', 'batchSubmit']) {
        const res = await cloud.call('filing', { action, cityCode: '140100', fileID: up }, { openid, now: NOW });
        expect(res).toMatchObject({ ok: false, code: 'NOT_FOUND' });
      }
    }
    expect(stored(up)).toBe(true);
    // Nor does a submit delete any other file it is given.
    const unrelated = await cloud.upload('photos/unrelated.png', Buffer.from('not a roster'));
    expect((await call({ action: 'batchSubmit', cityCode: '140100', fileID: unrelated.json.fileID })).code).toBe(
      'NOT_FOUND',
    );
    expect(stored(unrelated.json.fileID)).toBe(true);
    // Registered but not verified: no path either.
    await cloud.call('probe', {
      action: 'put',
      collection: 'employers',
      doc: { _id: 'employer-unverified', creditCode: UNIT, cityCode: '140100' },
    });
    expect(
      (
        await cloud.call(
          'filing',
          { action: 'batchUpload', cityCode: '140100' },
          { openid: 'employer-unverified', now: NOW },
        )
      ).code,
    ).toBe('PROFILE_REQUIRED');
    // Its own roster submitted for another city than the unit's: refused, and the file deleted all the same.
    expect((await call({ action: 'batchSubmit', cityCode: '131000', fileID: up })).code).toBe('NOT_EMPLOYER');
    expect(stored(up)).toBe(false);
    expect(
      (await cloud.call('filing', { action: 'mine' }, { openid: 'verified-resident', now: NOW })).data.filings,
    ).toEqual([]);
  });

  it('files only for the unit’s own staff: anyone else’s row is refused in words that say nothing of them', async () => {
    // Person 401 is not on the unit's 参保 list, and has a filing of their own, made by themself.
    const outsider = 'not-unit-staff';
    await cloud.call('user', { action: 'consent', version: CONSENT_VERSION }, { openid: outsider });
    await cloud.call(
      'user',
      {
        action: 'updateProfile',
        name: '王小明',
        idType: 'resident',
        idNumber: staffId(401),
        mobile: '13900000401',
        ...FACTS.taiyuanRetired,
      },
      { openid: outsider },
    );
    expect((await verifyFace(cloud, outsider)).ok).toBe(true);
    const own = await cloud.call('filing', taiyuanFilingEvent('outsider-own-1'), { openid: outsider, now: NOW });
    expect(own.ok).toBe(true);
    const conflicting = goodRow(401);
    conflicting[7] = '深圳市';
    const preview = await call({
      action: 'batchPreview',
      cityCode: '140100',
      fileID: await upload(await roster([conflicting, goodRow(403)])),
    });
    expect(preview.data).toMatchObject({ total: 2, good: 1 });
    expect(preview.data.problems).toEqual([
      { row: 2, problems: [expect.stringMatching(/^不是本单位的参保职工或未授权/)] },
    ]);
    expect(JSON.stringify(preview.data.problems)).not.toMatch(/广州|2026-12|备案/);

    // The employee accepts the unit's invitation in their own WeChat (typed in lower case): now the unit may.
    const invite = await call({ action: 'unitInvite', cityCode: '140100' });
    expect(invite.data.code).toMatch(/^[A-Z2-9]{8}$/);
    const me = (event: Record<string, unknown>) => cloud.call('user', event, { openid: outsider, now: NOW });
    expect((await me({ action: 'unitInvitation', code: invite.data.code.toLowerCase() })).data).toMatchObject({
      creditCode: UNIT,
      cityName: '太原',
    });
    expect((await me({ action: 'acceptUnitInvitation', code: invite.data.code.toLowerCase() })).ok).toBe(true);
    expect((await me({ action: 'agents' })).data.units).toEqual([
      expect.objectContaining({ creditCode: UNIT, source: 'invitation' }),
    ]);
    const allowed = await call({
      action: 'batchPreview',
      cityCode: '140100',
      fileID: await upload(await roster([goodRow(401)])),
    });
    expect(allowed.data.good + allowed.data.problems.length).toBe(1);
    // Their own filing's conflict may now be shown to the unit they authorized; and they can take it back.
    expect((await me({ action: 'revokeUnit', creditCode: UNIT })).ok).toBe(true);
    const revoked = await call({
      action: 'batchPreview',
      cityCode: '140100',
      fileID: await upload(await roster([goodRow(401)])),
    });
    expect(revoked.data.problems[0].problems[0]).toMatch(/^不是本单位的参保职工或未授权/);
  });

  it('removes a roster that was previewed but never submitted, an hour later, by timer', async () => {
    const up = await upload(await roster([goodRow(501)]));
    expect((await call({ action: 'batchPreview', cityCode: '140100', fileID: up })).data.good).toBe(1);
    expect(stored(up)).toBe(true);
    expect(await cloud.trigger('filing', 'hourly', '2026-11-24T10:30:00+08:00')).toMatchObject({
      ok: true,
      data: { purgeRosters: { removed: 0 } },
    });
    expect(stored(up)).toBe(true);
    const purged = await cloud.trigger('filing', 'hourly', '2026-11-24T11:01:00+08:00');
    expect(purged.data.purgeRosters.removed).toBeGreaterThanOrEqual(1);
    expect(stored(up)).toBe(false);
  });

  it('keeps a roster CloudBase refuses to delete (a per-file status, not an error) and deletes it on a later run', async () => {
    const registered = async (fileID: string) =>
      (await cloud.call('probe', { action: 'list', collection: 'rosters', where: { fileID } })).data as any[];
    const up = await upload(await roster([goodRow(502)]));
    await cloud.refuseDelete(up);
    const done = await call({ action: 'batchSubmit', cityCode: '140100', fileID: up });
    expect(done.data).toMatchObject({ filed: 1 });
    // deleteFile answered status -503002 for the file: it is still stored, and its registration is kept, counted.
    expect(stored(up)).toBe(true);
    expect(await registered(up)).toEqual([expect.objectContaining({ deleteAttempts: 1 })]);
    expect((await cloud.trigger('filing', 'hourly', '2026-11-24T11:30:00+08:00')).data.purgeRosters).toMatchObject({
      failed: 1,
    });
    expect(stored(up)).toBe(true);
    await cloud.refuseDelete(up, false);
    expect((await cloud.trigger('filing', 'hourly', '2026-11-24T12:30:00+08:00')).data.purgeRosters.removed).toBe(1);
    expect(stored(up)).toBe(false);
    expect(await registered(up)).toEqual([]);
  });

  it('shows a filed person the unit as 代办方 in their own 我的备案, and lets them cancel it', async () => {
    // Row 1's person registers and verifies with their own account.
    const person = 'roster-person-1';
    await cloud.call('user', { action: 'consent', version: CONSENT_VERSION }, { openid: person });
    const saved = await cloud.call(
      'user',
      {
        action: 'updateProfile',
        name: '王小明',
        idType: 'resident',
        idNumber: staffId(1),
        mobile: '13900000001',
        ...FACTS.taiyuanRetired,
        category: 'employed',
      },
      { openid: person },
    );
    expect(saved.ok).toBe(true);
    expect((await verifyFace(cloud, person)).ok).toBe(true);
    const mine = await cloud.call('filing', { action: 'mine' }, { openid: person, now: NOW });
    expect(mine.data.filings).toHaveLength(1);
    expect(mine.data.filings[0].forWhom).toBe(`由单位（统一社会信用代码 ${UNIT}）代办`);
    const cancelled = await cloud.call(
      'filing',
      { action: 'cancel', filingId: mine.data.filings[0].filingId, requestId: 'roster-cancel-1' },
      { openid: person, now: NOW },
    );
    expect(cancelled.data.filing.status).toBe('已撤销');
    // They see the unit under 谁可以为我办理; being on its 参保 list is the 医保 office's to change, not theirs.
    const units = (await cloud.call('user', { action: 'agents' }, { openid: person, now: NOW })).data.units;
    expect(units).toEqual([expect.objectContaining({ creditCode: UNIT, source: 'insuranceList' })]);
    const revoke = await cloud.call('user', { action: 'revokeUnit', creditCode: UNIT }, { openid: person, now: NOW });
    expect(revoke).toMatchObject({ ok: false, code: 'NOT_REVOCABLE' });
  });

  it('keeps the staff’s ID and mobile numbers out of storage and responses', () => {
    const values = Array.from({ length: 200 }, (_, i) => [
      staffId(i + 1),
      `1390000${String(i + 1).padStart(4, '0')}`,
    ]).flat();
    // The uploaded files themselves hold them (they are the person's own upload); the database must not.
    expectNoPlaintext(cloud, values);
  });
});

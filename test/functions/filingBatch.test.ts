import { CONSENT_VERSION } from '../helpers/people';
import ExcelJS from 'exceljs';
import { checkDigit } from '../../miniprogram/utils/personal';
import { LocalCloud } from '../helpers/localCloud';
import { expectNoPlaintext } from '../helpers/plaintextScan';

jest.setTimeout(180_000);
let cloud: LocalCloud;
const NOW = '2026-11-24T10:00:00+08:00';
const HEADERS = ['序号', '姓名', '证件类型', '证件号码', '人员类别', '备案类型编码', '就医省', '就医市', '开始日期', '居住地址', '联系电话'];

function staffId(i: number): string {
  const first17 = `14010119${70 + (i % 30)}0${1 + (i % 9)}1${i % 10}${String(i).padStart(3, '0').slice(-3)}`.slice(0, 17);
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
  return [i, '王小明', '居民身份证', staffId(i), '在职职工', '140100-czyd', '广东省', '广州市', '2026-12-01', `广州市示例路${i}号`, `1390000${String(i).padStart(4, '0')}`];
}

const call = (event: Record<string, unknown>) => cloud.call('filing', event, { openid: 'employer-hr', now: NOW });

beforeAll(async () => {
  cloud = await new LocalCloud().start();
  await cloud.call('user', { action: 'consent', version: CONSENT_VERSION }, { openid: 'employer-hr' });
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
    const up = await cloud.upload('batch/roster-bad.xlsx', await roster(broken));
    const preview = await call({ action: 'batchPreview', cityCode: '140100', fileID: up.json.fileID });
    expect(preview.data).toMatchObject({ total: 200, good: 193 });
    expect(preview.data.problems.map((p: { row: number }) => p.row)).toEqual([4, 18, 43, 78, 100, 151, 189]);
    expect(preview.data.problems[0].problems[0]).toContain('证件号码');
    expect(preview.data.rows[0]).toMatchObject({ name: '王*明', destination: '广州市' });
    const refused = await call({ action: 'batchSubmit', cityCode: '140100', fileID: up.json.fileID });
    expect(refused).toMatchObject({ ok: false, code: 'BATCH_HAS_ERRORS' });
    expect(refused.reasons).toHaveLength(7);
    expect((await call({ action: 'mine' })).data.filings).toHaveLength(0);

    const fixed = await cloud.upload('batch/roster-fixed.xlsx', await roster(rows));
    const done = await call({ action: 'batchSubmit', cityCode: '140100', fileID: fixed.json.fileID });
    expect(done.data).toMatchObject({ filed: 200, alreadyFiled: 0, refused: [] });
    const again = await call({ action: 'batchSubmit', cityCode: '140100', fileID: fixed.json.fileID });
    expect(again.data).toMatchObject({ filed: 0, alreadyFiled: 200 });
    const mine = await call({ action: 'mine' });
    expect(mine.data.filings.filter((f: { status: string }) => f.status === '已备案')).toHaveLength(100); // mine lists the newest 100
    expect(mine.data.filings[0].forWhom).toMatch(/^单位代办 王\*明$/);
  });

  it('can file only the good rows when the person chooses to', async () => {
    const rows = [goodRow(301), goodRow(302)];
    rows[1][3] = 'bad';
    const up = await cloud.upload('batch/roster-partial.xlsx', await roster(rows));
    const res = await call({ action: 'batchSubmit', cityCode: '140100', fileID: up.json.fileID, onlyGoodRows: true });
    expect(res.data).toMatchObject({ filed: 1, skippedBadRows: 1 });
  });

  it('refuses a file that is not a spreadsheet, and one over 2 MB, in plain words', async () => {
    const notXlsx = await cloud.upload('batch/photo.xlsx', Buffer.from('this is not a spreadsheet'));
    const res = await call({ action: 'batchPreview', cityCode: '140100', fileID: notXlsx.json.fileID });
    expect(res).toMatchObject({ ok: false, code: 'FILE_INVALID' });
    expect(res.message).toContain('不是 Excel 表格');
    const big = await cloud.upload('batch/big.xlsx', Buffer.alloc(2 * 1024 * 1024 + 1, 1));
    expect((await call({ action: 'batchPreview', cityCode: '140100', fileID: big.json.fileID })).code).toBe('FILE_TOO_LARGE');
    expect((await call({ action: 'batchPreview', cityCode: '140100', fileID: 'cloud://local/batch/missing.xlsx' })).code).toBe('FILE_INVALID');
  });

  it('keeps the staff’s ID and mobile numbers out of storage and responses', () => {
    const values = Array.from({ length: 200 }, (_, i) => [staffId(i + 1), `1390000${String(i + 1).padStart(4, '0')}`]).flat();
    // The uploaded files themselves hold them (they are the person's own upload); the database must not.
    expectNoPlaintext(cloud, values);
  });
});

import ExcelJS from 'exceljs';
import {
  ID_TYPES,
  type IdType,
  idNumberProblem,
  mobileProblem,
  nameProblem,
  normaliseIdNumber,
  normaliseMobile,
} from '../../miniprogram/shared/personal';
import { CATEGORIES } from '../core/contracts/user';
import { citiesOf, listProvinces } from '../core/policies/divisions';
import type { FilingPolicy } from '../core/policies/schema';
import { isDate } from '../core/rules/beijingTime';

/**
 * 单位批量办理 (seed 003): the employer's 《异地就医登记备案花名表》 as an .xlsx. Every row is checked before
 * anything is filed; problems are reported by row number, all at once.
 */
export const HEADERS = [
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
] as const;
export const MAX_FILE_BYTES = 2 * 1024 * 1024;
export const MAX_ROWS = 1000;

export interface BatchRow {
  row: number;
  name: string;
  idType: IdType;
  idNumber: string;
  category: keyof typeof CATEGORIES;
  typeCode: string;
  destination: { provinceCode: string; cityCode: string; name: string };
  startDate: string;
  address?: string;
  contactPhone: string;
}

export interface RowProblem {
  row: number;
  problems: string[];
}

const ID_TYPE_BY_LABEL = new Map(ID_TYPES.map((t) => [t.label, t.value]));
const CATEGORY_BY_LABEL = new Map(Object.entries(CATEGORIES).map(([k, v]) => [v, k as keyof typeof CATEGORIES]));

/** An .xlsx with the headers, one example row (marked as such), and the city's type codes on a second sheet. */
export async function template(policy: FilingPolicy, cityName: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('花名表');
  sheet.addRow([...HEADERS]);
  sheet.addRow([
    1,
    '（示例，请删除）张三',
    '居民身份证',
    '11010519491231002X',
    '退休人员',
    policy.types[0].serviceCode,
    '广东省',
    '广州市',
    '2026-12-01',
    '广州市示例路1号',
    '13800000000',
  ]);
  sheet.getRow(1).font = { bold: true };
  sheet.columns.forEach((c) => (c.width = 16));
  const types = wb.addWorksheet('备案类型');
  types.addRow([`${cityName}的备案类型编码`, '名称', '能否网上办理']);
  for (const t of policy.types) types.addRow([t.serviceCode, t.name, t.online ? '可以' : `不能：${t.offline ?? ''}`]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function text(cell: ExcelJS.CellValue): string {
  if (cell === null || cell === undefined) return '';
  if (cell instanceof Date) return cell.toISOString().slice(0, 10);
  if (typeof cell === 'object' && 'text' in cell) return String((cell as { text: string }).text).trim();
  if (typeof cell === 'object' && 'result' in cell) return String((cell as { result: unknown }).result ?? '').trim();
  return String(cell).trim();
}

/** Reads and checks every row. Throws a plain-Chinese Error for a file that is not the 花名表 at all. */
export async function readRoster(
  bytes: Buffer,
  policy: FilingPolicy,
): Promise<{ rows: BatchRow[]; problems: RowProblem[] }> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw new Error('这个文件不是 Excel 表格（.xlsx）。请用“下载模板”得到的花名表填写后再上传。');
  }
  const sheet = wb.worksheets[0];
  const header = sheet ? (sheet.getRow(1).values as ExcelJS.CellValue[]).slice(1).map(text) : [];
  const missing = HEADERS.filter((h) => !header.includes(h));
  if (!sheet || missing.length)
    throw new Error(`表头不对，缺少：${missing.join('、')}。请用“下载模板”得到的花名表填写。`);
  const col = (name: (typeof HEADERS)[number]) => header.indexOf(name) + 1;
  const provinces = listProvinces();
  const rows: BatchRow[] = [];
  const problems: RowProblem[] = [];
  const seen = new Map<string, number>();
  if (sheet.rowCount - 1 > MAX_ROWS) throw new Error(`一次最多 ${MAX_ROWS} 行，请分开上传。`);
  for (let r = 2; r <= sheet.rowCount; r += 1) {
    const row = sheet.getRow(r);
    const get = (name: (typeof HEADERS)[number]) => text(row.getCell(col(name)).value);
    if (HEADERS.slice(1).every((h) => !get(h))) continue; // blank line
    const issues: string[] = [];
    const name = get('姓名');
    const nameIssue = nameProblem(name);
    if (nameIssue) issues.push(`姓名：${nameIssue}`);
    const idType = ID_TYPE_BY_LABEL.get(get('证件类型'));
    if (!idType) issues.push('证件类型：应为“居民身份证”“港澳台居民居住证”或“外国人永久居留身份证”');
    const idNumber = normaliseIdNumber(get('证件号码'));
    const idIssue = idType ? idNumberProblem(idType, idNumber) : null;
    if (idIssue) issues.push(`证件号码：${idIssue}`);
    const category = CATEGORY_BY_LABEL.get(get('人员类别') as never);
    if (!category) issues.push(`人员类别：应为${Object.values(CATEGORIES).slice(0, 4).join('、')}之一`);
    const typeCode = get('备案类型编码');
    const type = policy.types.find((t) => t.serviceCode === typeCode);
    if (!type) issues.push('备案类型编码：不在本市的备案类型中（见模板第二页）');
    else if (!type.online) issues.push(`备案类型编码：${type.name}不能在网上办理`);
    const province = provinces.find((p) => p.name === get('就医省'));
    const city = province ? citiesOf(province.code).find((c) => c.name === get('就医市')) : undefined;
    if (!province) issues.push('就医省：请写全称，如“广东省”');
    else if (!city) issues.push(`就医市：${province.name}没有“${get('就医市')}”，请写全称，如“广州市”`);
    const startDate = get('开始日期').replace(/[/.]/g, '-');
    if (!isDate(startDate)) issues.push('开始日期：应为 YYYY-MM-DD，如 2026-12-01');
    const address = get('居住地址');
    if (type?.requires.includes('address') && !address) issues.push('居住地址：长期备案需要填写');
    const phone = normaliseMobile(get('联系电话'));
    const phoneIssue = mobileProblem(phone);
    if (phoneIssue) issues.push(`联系电话：${phoneIssue}`);
    if (!idIssue && idNumber) {
      const key = `${idNumber}|${typeCode}`;
      if (seen.has(key)) issues.push(`与第 ${seen.get(key)} 行重复`);
      else seen.set(key, r);
    }
    if (issues.length) {
      problems.push({ row: r, problems: issues });
      continue;
    }
    rows.push({
      row: r,
      name: name.trim(),
      idType: idType!,
      idNumber,
      category: category!,
      typeCode,
      destination: { provinceCode: province!.code, cityCode: city!.code, name: city!.name },
      startDate,
      ...(address ? { address } : {}),
      contactPhone: phone,
    });
  }
  return { rows, problems };
}

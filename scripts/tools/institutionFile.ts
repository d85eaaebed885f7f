/**
 * A list of designated institutions as people hand it over: CSV with a header row (a BOM allowed) or a JSON
 * array. Either in the project's own columns (code, cityCode, name, type, …), or — with a city's list format
 * (core/policies/lists/) — as the city's 医保局 publishes it: Chinese headers, its own 类别 and 等级, its code
 * formats. Every row is accounted for: valid (imported), or a problem with its line, column and reason in
 * Chinese; rows imported but not selectable carry a note saying why. Read the same way by
 * `npm run import:institutions` and `npm run deploy -- --institutions`.
 */
import { parse } from 'csv-parse/sync';
import { Workbook } from 'exceljs';
import { readFileSync } from 'node:fs';
import { type InstitutionRow, institutionRow } from '../../cloudfunctions/core/documents/institution';
import { chineseErrorMap } from '../../cloudfunctions/core/contracts/zodMessages';
import { cityByCode } from '../../cloudfunctions/core/policies';
import { FIELDS, type ListField, type ListFormat } from '../../cloudfunctions/core/policies/lists/schema';
import { TYPE_LABELS } from '../../cloudfunctions/core/policies/schema';
import { standing } from '../../cloudfunctions/core/rules/facility';

/** One line of the report: where, which column (as the file names it), why, and the value found. */
export interface Finding {
  line: number;
  column: string;
  reason: string;
  value: string;
}

export interface ReadList {
  /** Rows in the file (data rows, the header not counted). */
  rows: number;
  /** Valid rows, with their line in the file. */
  valid: Array<{ line: number; row: InstitutionRow }>;
  /** Rows not imported, one finding each problem. */
  problems: Finding[];
  /** Rows imported with something to say (not selectable and why, a 等级 not on the published list). */
  notes: Finding[];
  /** Headers of the file that no field reads (said, never an error). */
  unusedColumns: string[];
}

export interface ReadOptions {
  /** Read the list as this city publishes it. */
  format?: ListFormat;
  /** Codes on the city's A类 list. */
  classA?: ReadonlySet<string>;
}

const NUMERIC = new Set(['longitude', 'latitude']);

export function recordsOf(file: string): Array<{ line: number; raw: Record<string, unknown> }> {
  const text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  if (file.toLowerCase().endsWith('.json')) {
    const list = JSON.parse(text) as unknown;
    if (!Array.isArray(list)) throw new Error(`${file}：JSON 文件应为一个数组`);
    // Line = position in the array, counting from 2 as if the array were a sheet under a header row.
    return list.map((raw, i) => ({ line: i + 2, raw: raw as Record<string, unknown> }));
  }
  const records = parse(text, { columns: true, skip_empty_lines: true, trim: true, info: true }) as Array<{
    record: Record<string, string>;
    info: { lines: number };
  }>;
  return records.map(({ record, info }) => ({ line: info.lines, raw: record }));
}

/** The project's own columns: values as they come, numbers for coordinates. */
function ownColumns(raw: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (value === '' || value === null || value === undefined) continue;
    if (NUMERIC.has(key) && typeof value === 'string') out[key] = Number(value);
    else if (key === 'sample' && typeof value === 'string') out[key] = value === 'true' || value === '1';
    else out[key] = value;
  }
  return out;
}

const text = (v: unknown) => (v === undefined || v === null ? '' : String(v).trim());

type Records = Array<{ line: number; raw: Record<string, unknown> }>;

/**
 * An XLSX workbook's first sheet as records: the first row is the header, lines as Excel numbers them. A code
 * typed as a number in Excel arrives as a number (its leading zeros already gone): reported, never padded.
 */
export async function xlsxRecords(file: string): Promise<Records> {
  const book = new Workbook();
  await book.xlsx.readFile(file);
  const sheet = book.worksheets[0];
  if (!sheet) return [];
  const header: string[] = [];
  sheet.getRow(1).eachCell((cell, col) => (header[col] = cell.text.trim()));
  const records: Records = [];
  sheet.eachRow((row, line) => {
    if (line === 1) return;
    const raw: Record<string, unknown> = {};
    row.eachCell((cell, col) => {
      if (!header[col]) return;
      const v = cell.value;
      raw[header[col]] = typeof v === 'number' ? v : cell.text;
    });
    if (Object.values(raw).some((v) => text(v))) records.push({ line, raw });
  });
  return records;
}

/** Any list file: CSV, JSON or XLSX. */
export async function readAnyInstitutionFile(
  file: string,
  options: ReadOptions = {},
): Promise<ReadList & { headerProblem?: string }> {
  if (file.toLowerCase().endsWith('.xlsx')) return readRecords(await xlsxRecords(file), options);
  return readInstitutionFile(file, options);
}

/** A CSV or JSON file's rows, each valid or reported; `headerProblem` when it can't be read as the format at all. */
export function readInstitutionFile(file: string, options: ReadOptions = {}): ReadList & { headerProblem?: string } {
  return readRecords(recordsOf(file), options);
}

function readRecords(records: Records, options: ReadOptions): ReadList & { headerProblem?: string } {
  const { format } = options;
  const headers = [...new Set(records.flatMap((r) => Object.keys(r.raw)))];
  const columnOf = new Map<ListField, string>();
  if (format) {
    for (const field of FIELDS) {
      const header = format.columns[field]?.find((h) => headers.includes(h));
      if (header) columnOf.set(field, header);
    }
    const missing = (['code', 'name', 'district', 'type'] as const).filter((f) => !columnOf.has(f));
    if (records.length && missing.length)
      return {
        rows: records.length,
        valid: [],
        problems: [],
        notes: [],
        unusedColumns: [],
        headerProblem: `表头缺少：${missing.map((f) => format.columns[f]!.join(' 或 ')).join('；')}（第 1 行）`,
      };
  }
  const used = new Set(columnOf.values());
  const result: ReadList = {
    rows: records.length,
    valid: [],
    problems: [],
    notes: [],
    unusedColumns: format ? headers.filter((h) => !used.has(h)) : [],
  };
  const column = (field: string) => (format ? (columnOf.get(field as ListField) ?? field) : field);
  const seen = new Map<string, number>();
  const codeFormats = format?.codeFormats.map((f) => ({ ...f, re: new RegExp(f.pattern) }));

  for (const { line, raw } of records) {
    const problems: Finding[] = [];
    const notes: Finding[] = [];
    const problem = (field: string, reason: string, value: unknown) =>
      problems.push({ line, column: column(field), reason, value: text(value) });
    let candidate: Record<string, unknown>;
    if (format) {
      const get = (field: ListField) => (columnOf.has(field) ? raw[columnOf.get(field)!] : undefined);
      candidate = { cityCode: format.cityCode };
      const code = get('code');
      if (typeof code === 'number' && !codeFormats!.some((f) => f.re.test(String(code))))
        problem('code', '编码是数字格式，前导 0 已丢失：请在表格中把编码列设为文本后重新导出', code);
      else if (!codeFormats!.some((f) => f.re.test(text(code))))
        problem('code', `编码格式不符：应为${codeFormats!.map((f) => f.name).join('或')}`, code);
      else candidate.code = text(code);
      for (const field of ['name', 'district', 'address', 'town'] as const)
        if (text(get(field))) candidate[field] = text(get(field));
      const published = text(get('type'));
      if (!published) problem('type', '类别为空', published);
      else {
        candidate.publishedType = published;
        candidate.type = format.types[published] ?? 'other';
      }
      const level = text(get('level'));
      if (level && format.levels.includes(level)) candidate.level = level;
      else if (level)
        notes.push({
          line,
          column: column('level'),
          reason: `等级“${level}”不是公布的等级（${format.levels.join('、')}）之一：已导入，未记录等级`,
          value: level,
        });
      for (const field of ['longitude', 'latitude'] as const) {
        const v = text(get(field));
        if (v) candidate[field] = Number(v);
      }
    } else {
      candidate = ownColumns(raw);
    }
    if (options.classA && typeof candidate.code === 'string' && options.classA.has(candidate.code))
      candidate.classA = true;

    const parsed = institutionRow.safeParse(candidate, { errorMap: chineseErrorMap });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0] ?? '行');
        if (format && field === 'code' && problems.some((p) => p.column === column('code'))) continue;
        problem(field, issue.message, field === '行' ? '' : candidate[field]);
      }
    }
    const row = parsed.success ? parsed.data : null;
    const policy = cityByCode(text(candidate.cityCode))?.facility;
    // 镇街 only where the city's rules use it (a selection covering a 镇街); never filled in.
    if (row && policy?.coverage === 'sameTown' && !row.town) problem('town', '本市选点按镇街覆盖，镇街不能为空', '');
    if (row && typeof candidate.code === 'string') {
      const earlier = seen.get(row.code);
      if (earlier) problem('code', `编码与第 ${earlier} 行重复`, row.code);
      else seen.set(row.code, line);
    }
    if (problems.length || !row) {
      result.problems.push(...problems);
      continue;
    }
    if (policy) {
      const st = standing(policy, row);
      if (!st.selectable && !st.noSelectionNeeded)
        notes.push({
          line,
          column: column('type'),
          reason: `已导入，显示为不可选：${row.type === 'other' ? `类别“${row.publishedType}”不在本市规则之内` : st.reason}`,
          value: row.publishedType || TYPE_LABELS[row.type],
        });
    }
    result.notes.push(...notes);
    result.valid.push({ line, row });
  }
  return result;
}

/** One finding as a line of text. */
export const findingText = (f: Finding) =>
  `第 ${f.line} 行 · ${f.column}：${f.reason}${f.value ? `（${f.value}）` : ''}`;

/** The report file: every row not imported, and every row imported with a note (CSV, BOM, opens in Excel). */
export function reportCsv(list: Pick<ReadList, 'problems' | 'notes'>): string {
  const cell = (v: string | number) => `"${String(v).replace(/"/g, '""')}"`;
  const lines = [
    ['行号', '列', '原因', '原值', '结果'].join(','),
    ...[
      ...list.problems.map((f) => ({ ...f, outcome: '未导入' })),
      ...list.notes.map((f) => ({ ...f, outcome: '已导入' })),
    ]
      .sort((a, b) => a.line - b.line)
      .map((f) => [f.line, f.column, f.reason, f.value, f.outcome].map(cell).join(',')),
  ];
  return `\uFEFF${lines.join('\n')}\n`;
}

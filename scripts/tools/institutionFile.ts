/**
 * A list of designated institutions as people hand it over: CSV with a header row (a BOM allowed) or a JSON
 * array, every row checked. Read the same way by `npm run import:institutions` and `npm run deploy --
 * --institutions`.
 */
import { parse } from 'csv-parse/sync';
import { readFileSync } from 'node:fs';
import { type InstitutionRow, institutionRow } from '../../cloudfunctions/core/documents/institution';
import { chineseErrorMap } from '../../cloudfunctions/core/contracts/zodMessages';

const NUMERIC = new Set(['longitude', 'latitude']);

function rowsOf(file: string): Array<{ line: number; raw: Record<string, unknown> }> {
  const text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  if (file.toLowerCase().endsWith('.json')) {
    const list = JSON.parse(text) as unknown;
    if (!Array.isArray(list)) throw new Error(`${file}：JSON 文件应为一个数组`);
    return list.map((raw, i) => ({ line: i + 1, raw: raw as Record<string, unknown> }));
  }
  const records = parse(text, { columns: true, skip_empty_lines: true, trim: true, info: true }) as Array<{
    record: Record<string, string>;
    info: { lines: number };
  }>;
  return records.map(({ record, info }) => {
    const raw: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(record)) {
      if (value === '') continue;
      if (NUMERIC.has(key)) raw[key] = Number(value);
      else if (key === 'sample') raw[key] = value === 'true' || value === '1';
      else raw[key] = value;
    }
    return { line: info.lines, raw };
  });
}

/** The file's valid rows, and every problem by line (a bad field, a code given twice); rows counts them all. */
export function readInstitutionFile(file: string): { rows: number; valid: InstitutionRow[]; problems: string[] } {
  const rows = rowsOf(file);
  const valid: InstitutionRow[] = [];
  const problems: string[] = [];
  const seen = new Map<string, number>();
  for (const { line, raw } of rows) {
    const parsed = institutionRow.safeParse(raw, { errorMap: chineseErrorMap });
    if (!parsed.success) {
      const detail = parsed.error.issues.map((i) => `${i.path.join('.') || '行'}：${i.message}`).join('；');
      problems.push(`第 ${line} 行：${detail}`);
      continue;
    }
    const earlier = seen.get(parsed.data.code);
    if (earlier) problems.push(`第 ${line} 行：机构编码 ${parsed.data.code} 与第 ${earlier} 行重复`);
    seen.set(parsed.data.code, line);
    valid.push(parsed.data);
  }
  return { rows: rows.length, valid, problems };
}

/**
 * --institutions FILE: a real list of designated institutions (the same CSV or JSON as
 * npm run import:institutions), checked row by row; any bad row stops the deploy before it starts.
 */
import { parse } from 'csv-parse/sync';
import { readFileSync } from 'node:fs';
import { institutionRow } from '../../cloudfunctions/core/facility/institution';
import { toDoc } from '../../cloudfunctions/core/facility/institutionDoc';
import { chineseErrorMap } from '../../cloudfunctions/core/zodMessages';
import { DeclarationError, type DataDeclaration } from './declarations';

function rows(file: string): Array<{ line: number; raw: Record<string, unknown> }> {
  const text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  if (file.toLowerCase().endsWith('.json')) {
    const list = JSON.parse(text) as unknown;
    if (!Array.isArray(list)) throw new DeclarationError(`${file}：JSON 文件应为一个数组`);
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
      raw[key] =
        key === 'longitude' || key === 'latitude'
          ? Number(value)
          : key === 'sample'
            ? value === 'true' || value === '1'
            : value;
    }
    return { line: info.lines, raw };
  });
}

export function loadInstitutions(file: string): DataDeclaration {
  const problems: string[] = [];
  const seen = new Map<string, number>();
  const documents: DataDeclaration['documents'] = [];
  for (const { line, raw } of rows(file)) {
    const parsed = institutionRow.safeParse(raw, { errorMap: chineseErrorMap });
    if (!parsed.success) {
      problems.push(
        `第 ${line} 行：${parsed.error.issues.map((i) => `${i.path.join('.') || '行'}：${i.message}`).join('；')}`,
      );
      continue;
    }
    const earlier = seen.get(parsed.data.code);
    if (earlier) problems.push(`第 ${line} 行：机构编码 ${parsed.data.code} 与第 ${earlier} 行重复`);
    seen.set(parsed.data.code, line);
    documents.push(toDoc(parsed.data) as unknown as DataDeclaration['documents'][number]);
  }
  if (problems.length)
    throw new DeclarationError(`${file} 有 ${problems.length} 处错误，未部署任何内容：\n  ${problems.join('\n  ')}`);
  return { collection: 'institutions', what: `定点医疗机构（${file}）`, documents };
}

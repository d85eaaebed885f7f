/**
 * A list of 跨省联网定点医药机构 for one destination city (CSV, XLSX or JSON with a header row), read through
 * the list format kept as data (core/policies/lists/settlementSites.ts). Every row is imported or reported, as
 * the 定点 lists are (institutionFile.ts): line, column as the file names it, reason in Chinese, value.
 */
import { chineseErrorMap } from '../../cloudfunctions/core/contracts/zodMessages';
import { type SettlementSiteRow, settlementSiteRow } from '../../cloudfunctions/core/documents/settlementSite';
import { SETTLEMENT_LABELS, type SettlementKind } from '../../cloudfunctions/core/policies/schema';
import {
  SITE_FIELDS,
  type SiteField,
  type SiteListFormat,
} from '../../cloudfunctions/core/policies/lists/settlementSites';
import { type Finding, recordsOf, xlsxRecords } from './institutionFile';

export interface ReadSites {
  rows: number;
  valid: Array<{ line: number; row: SettlementSiteRow }>;
  problems: Finding[];
  notes: Finding[];
  unusedColumns: string[];
  headerProblem?: string;
}

const text = (v: unknown) => (v === undefined || v === null ? '' : String(v).trim());
const KINDS: SettlementKind[] = ['inpatient', 'outpatient', 'chronic'];

export async function readSettlementSiteFile(
  file: string,
  format: SiteListFormat,
  cityCode: string,
): Promise<ReadSites> {
  const records = file.toLowerCase().endsWith('.xlsx') ? await xlsxRecords(file) : recordsOf(file);
  const headers = [...new Set(records.flatMap((r) => Object.keys(r.raw)))];
  const columnOf = new Map<SiteField, string>();
  for (const field of SITE_FIELDS) {
    const header = format.columns[field]?.find((h) => headers.includes(h));
    if (header) columnOf.set(field, header);
  }
  const result: ReadSites = {
    rows: records.length,
    valid: [],
    problems: [],
    notes: [],
    unusedColumns: headers.filter((h) => ![...columnOf.values()].includes(h)),
  };
  const missing = (['code', 'name'] as const).filter((f) => !columnOf.has(f));
  if (!KINDS.some((k) => columnOf.has(k))) missing.push('inpatient' as never);
  if (records.length && missing.length) {
    result.headerProblem = `表头缺少：${missing.map((f) => format.columns[f]!.join(' 或 ')).join('；')}（第 1 行）`;
    return result;
  }
  const codeFormats = format.codeFormats.map((f) => ({ ...f, re: new RegExp(f.pattern) }));
  const seen = new Map<string, number>();
  for (const { line, raw } of records) {
    const problems: Finding[] = [];
    const get = (field: SiteField) => (columnOf.has(field) ? raw[columnOf.get(field)!] : undefined);
    const column = (field: string) => columnOf.get(field as SiteField) ?? field;
    const problem = (field: string, reason: string, value: unknown) =>
      problems.push({ line, column: column(field), reason, value: text(value) });
    const candidate: Record<string, unknown> = { cityCode, settles: [] as SettlementKind[] };
    const code = text(get('code'));
    if (!codeFormats.some((f) => f.re.test(code)))
      problem('code', `编码格式不符：应为${codeFormats.map((f) => f.name).join('或')}`, get('code'));
    else candidate.code = code;
    for (const field of ['name', 'level', 'address'] as const)
      if (text(get(field))) candidate[field] = text(get(field));
    for (const kind of KINDS) {
      if (!columnOf.has(kind)) continue;
      const v = text(get(kind));
      if (format.yes.includes(v)) (candidate.settles as SettlementKind[]).push(kind);
      else if (!format.no.includes(v))
        problem(kind, `${SETTLEMENT_LABELS[kind]}一列应为 ${format.yes[0]} 或 ${format.no[0]}`, v);
    }
    for (const field of ['longitude', 'latitude'] as const) if (text(get(field))) candidate[field] = Number(get(field));
    const parsed = settlementSiteRow.safeParse(candidate, { errorMap: chineseErrorMap });
    if (!parsed.success)
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0] ?? '行');
        if (field === 'code' && problems.some((p) => p.column === column('code'))) continue;
        problem(field === 'settles' ? 'inpatient' : field, issue.message, field === 'settles' ? '' : candidate[field]);
      }
    if (parsed.success) {
      const earlier = seen.get(parsed.data.code);
      if (earlier) problem('code', `编码与第 ${earlier} 行重复`, parsed.data.code);
      else seen.set(parsed.data.code, line);
    }
    if (problems.length || !parsed.success) result.problems.push(...problems);
    else result.valid.push({ line, row: parsed.data });
  }
  return result;
}

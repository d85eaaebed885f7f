/**
 * npm run import:institutions -- FILE [--city CODE] [--class-a FILE] [--dry-run] [--report FILE]
 *                                     [--data-dir DIR] [--out FILE.jsonl] [--batch N]
 *
 * Loads a list of designated institutions (CSV or XLSX with a header row, or a JSON array) into the local cloud's
 * database; docs/institutions.md describes it for a deployer.
 * - `--city CODE` reads the list as that city's 医保局 publishes it, through the city's list format
 *   (core/policies/lists/): Chinese headers, its 类别 and 等级, its code formats. The file is then the city's
 *   whole list: an institution of the city that it no longer has is marked withdrawn (never deleted; the
 *   people who hold it as 定点 are told). Without --city, the project's own columns (code, cityCode, …).
 * - Every row is imported or reported: the report file (--report, default FILE.report.csv) lists each row not
 *   imported, and each one imported as not selectable, with its line, column and reason in Chinese.
 * - `--dry-run` reads and checks only: counts by 类别 and by problem, and the report; nothing is written.
 * - `--class-a FILE` (JSON: { cityCode, source, note, codes }) in place of the A类 list kept with the policy.
 * Rows are written in batches (--batch, default 2,000), each one transaction; importing the same file again
 * changes nothing (rows are keyed by their code), and a run stopped half-way is completed by running it again.
 * --out also writes the documents as JSON lines for the CloudBase console's import.
 * `--sites --city CODE` reads a list of 跨省联网定点医药机构 of that destination city instead (format:
 * core/policies/lists/settlementSites.ts) into `settlement_sites`: the city's whole list, the same report.
 */
import { EJSON } from 'bson';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { COLLECTIONS } from '../../cloudfunctions/core/documents/collections';
import type { InstitutionDoc } from '../../cloudfunctions/core/documents/institution';
import { toDoc } from '../../cloudfunctions/core/documents/toInstitutionDoc';
import { classAListOf, listFormatOf } from '../../cloudfunctions/core/policies/lists';
import { codeList } from '../../cloudfunctions/core/policies/lists/schema';
import { SETTLEMENT_KINDS, SETTLEMENT_LABELS, TYPE_LABELS } from '../../cloudfunctions/core/policies/schema';
import { cityDivision } from '../../cloudfunctions/core/policies/divisions';
import { SETTLEMENT_SITE_LIST } from '../../cloudfunctions/core/policies/lists/settlementSites';
import { toSettlementSiteDoc } from '../../cloudfunctions/core/documents/toSettlementSiteDoc';
import { readSettlementSiteFile } from './settlementSiteFile';
import { beijingDate } from '../../cloudfunctions/core/rules/beijingTime';
import type { LocalDatabase } from '../local-cloud/database';
import { openLocalData } from '../local-cloud/secrets';
import { putDocument } from '../local-cloud/putDocument';
import { isRunning } from '../local-cloud/pidfile';
import { type ReadList, findingText, readAnyInstitutionFile, reportCsv } from './institutionFile';
import { recordFilters } from '../local-cloud/institutionFilters';

const USAGE =
  '用法：npm run import:institutions -- 文件.csv|文件.xlsx|文件.json [--city 城市代码] [--sites] [--class-a A类名单.json] [--dry-run] [--report 报告.csv] [--data-dir 目录] [--out 输出.jsonl]';

async function main(argv: string[]): Promise<number> {
  const started = Date.now();
  const valued = new Set(['--city', '--class-a', '--report', '--data-dir', '--out', '--batch']);
  const file = argv.find((a, i) => !a.startsWith('--') && !valued.has(argv[i - 1]));
  const flag = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const dryRun = argv.includes('--dry-run');
  if (!file || !existsSync(file)) {
    console.error(USAGE);
    return 2;
  }
  const cityCode = flag('--city');
  if (argv.includes('--sites')) return importSites(file, cityCode, flag, dryRun);
  const format = cityCode ? listFormatOf(cityCode) : undefined;
  if (cityCode && !format) {
    console.error(`没有城市 ${cityCode} 的名单格式（cloudfunctions/core/policies/lists/）。`);
    return 2;
  }
  const classAFile = flag('--class-a');
  const classA = classAFile
    ? codeList.parse(JSON.parse(readFileSync(classAFile, 'utf8')))
    : cityCode
      ? classAListOf(cityCode)
      : undefined;
  const dataDir = resolve(flag('--data-dir') ?? process.env.DATA_DIR ?? resolve(__dirname, '..', '..', '.local-cloud'));
  if (!dryRun && isRunning(dataDir)) {
    console.error(`本地云正在使用 ${dataDir}：请先停止 npm start，再导入。`);
    return 2;
  }

  const list = await readAnyInstitutionFile(file, { format, classA: classA ? new Set(classA.codes) : undefined });
  if (list.headerProblem) {
    console.error(`${file}：${list.headerProblem}；未导入任何数据。`);
    return 1;
  }
  const reportFile = flag('--report') ?? `${file}.report.csv`;
  writeFileSync(reportFile, reportCsv(list));
  printSummary(
    list,
    reportFile,
    classA
      ? classA.source
        ? `${classA.source.title}（${classA.source.publisher}，${classA.source.published}）`
        : classA.note
      : null,
  );
  if (dryRun) {
    console.log('试运行（--dry-run）：未写入任何数据。');
    return list.problems.length ? 1 : 0;
  }

  const docs = list.valid.map(({ row }) => toDoc(row));
  if (flag('--out')) {
    writeFileSync(flag('--out')!, docs.map((d) => JSON.stringify(d)).join('\n') + '\n');
    console.log(
      `已写出 ${docs.length} 条到 ${flag('--out')}（CloudBase 控制台 → 数据库 → institutions → 导入，JSON Lines）`,
    );
  }

  const batchSize = Math.max(1, Number(flag('--batch') ?? 2000));
  const { db } = openLocalData(dataDir, COLLECTIONS);
  try {
    const counts = writeInBatches(db, docs, batchSize, (done) => console.log(`已写入 ${done}/${docs.length}`));
    recordFilters(db, docs);
    const withdrawn = cityCode ? withdrawMissing(db, cityCode, new Set(docs.map((d) => d._id))) : [];
    console.log(
      `共 ${list.rows} 行：导入 ${docs.length}（新增 ${counts.added}，更新 ${counts.changed}，未变 ${docs.length - counts.added - counts.changed}），未导入 ${list.rows - docs.length}。`,
    );
    if (cityCode)
      console.log(
        `本次名单中已没有的机构 ${withdrawn.length} 家，已标记为退出定点${withdrawn.length ? `：${withdrawn.slice(0, 20).join('、')}${withdrawn.length > 20 ? '…' : ''}` : ''}（申报记录不受影响）。`,
      );
    console.log(`用时 ${((Date.now() - started) / 1000).toFixed(1)} 秒。`);
    return list.problems.length ? 1 : 0;
  } catch (error) {
    console.error(
      `导入中断：${error instanceof Error ? error.message : String(error)}。已写入的批次保留；修正后再次导入即可继续（不会重复）。`,
    );
    return 1;
  } finally {
    void db.close();
  }
}

/**
 * A destination city's 跨省联网定点医药机构: every row imported or reported; the city's sites (not samples) that the
 * list no longer has are removed — nothing refers to them, and a site left connected by mistake would promise a
 * direct settlement that fails at the hospital.
 */
async function importSites(
  file: string,
  cityCode: string | undefined,
  flag: (name: string) => string | undefined,
  dryRun: boolean,
): Promise<number> {
  if (!cityCode || !cityDivision(cityCode)) {
    console.error('--sites 须同时给出 --city 就医地城市代码（6 位，如 440100 广州市）。');
    return 2;
  }
  const dataDir = resolve(flag('--data-dir') ?? process.env.DATA_DIR ?? resolve(__dirname, '..', '..', '.local-cloud'));
  if (!dryRun && isRunning(dataDir)) {
    console.error(`本地云正在使用 ${dataDir}：请先停止 npm start，再导入。`);
    return 2;
  }
  const list = await readSettlementSiteFile(file, SETTLEMENT_SITE_LIST, cityCode);
  if (list.headerProblem) {
    console.error(`${file}：${list.headerProblem}；未导入任何数据。`);
    return 1;
  }
  const reportFile = flag('--report') ?? `${file}.report.csv`;
  writeFileSync(reportFile, reportCsv(list));
  console.log(
    `${cityDivision(cityCode)!.name} 跨省联网定点医药机构：共 ${list.rows} 行，可导入 ${list.valid.length}，不能导入 ${new Set(list.problems.map((p) => p.line)).size}。`,
  );
  for (const kind of SETTLEMENT_KINDS)
    console.log(
      `  可直接结算${SETTLEMENT_LABELS[kind]}：${list.valid.filter((v) => v.row.settles.includes(kind)).length}`,
    );
  for (const p of list.problems.slice(0, 10)) console.error(`  ${findingText(p)}`);
  if (list.unusedColumns.length) console.log(`未使用的列：${list.unusedColumns.join('、')}`);
  console.log(`报告：${reportFile}`);
  if (dryRun) {
    console.log('试运行（--dry-run）：未写入任何数据。');
    return list.problems.length ? 1 : 0;
  }
  const docs = list.valid.map(({ row }) => toSettlementSiteDoc(row));
  if (flag('--out')) writeFileSync(flag('--out')!, docs.map((d) => JSON.stringify(d)).join('\n') + '\n');
  const { db } = openLocalData(dataDir, COLLECTIONS);
  try {
    const txn = db.ask('database.startTransaction', {}).transactionId!;
    try {
      for (const doc of docs) db.ask('database.modifyDocument', putDocument('settlement_sites', doc, txn));
      const gone = db.ask('database.removeDocument', {
        collectionName: 'settlement_sites',
        query: EJSON.stringify({ cityCode, sample: false, _id: { $nin: docs.map((d) => d._id) } }, { relaxed: false }),
        multi: true,
        transactionId: txn,
      });
      db.ask('database.commitTransaction', { transactionId: txn });
      console.log(
        `已导入 ${docs.length}，名单中已没有的 ${(gone.data as { deleted: number }).deleted} 家已移除；未导入 ${list.rows - docs.length}。`,
      );
    } catch (error) {
      db.handle('database.abortTransaction', { transactionId: txn });
      throw error;
    }
    return list.problems.length ? 1 : 0;
  } finally {
    void db.close();
  }
}

/** What was read: counts by 类别 (as published) and by problem, and where the report is. */
function printSummary(list: ReadList, reportFile: string, classA: string | null): void {
  const byType = new Map<string, number>();
  for (const { row } of list.valid) {
    const key = row.publishedType ? `${row.publishedType}（${TYPE_LABELS[row.type]}）` : TYPE_LABELS[row.type];
    byType.set(key, (byType.get(key) ?? 0) + 1);
  }
  const rowsWithProblems = new Set(list.problems.map((p) => p.line)).size;
  console.log(`共 ${list.rows} 行：可导入 ${list.valid.length}，不能导入 ${rowsWithProblems}。`);
  console.log('按类别：');
  for (const [type, n] of [...byType].sort((a, b) => b[1] - a[1])) console.log(`  ${type}：${n}`);
  const classACount = list.valid.filter(({ row }) => row.classA).length;
  if (classA !== null) console.log(`  其中在A类名单上：${classACount}（名单：${classA}）`);
  const byProblem = new Map<string, number>();
  for (const p of [...list.problems, ...list.notes]) {
    const key = `${p.column}：${p.reason.replace(/第 \d+ 行/g, '第 N 行').replace(/“[^”]*”/g, '“…”')}`;
    byProblem.set(key, (byProblem.get(key) ?? 0) + 1);
  }
  if (byProblem.size) {
    console.log('按问题：');
    for (const [problem, n] of [...byProblem].sort((a, b) => b[1] - a[1])) console.log(`  ${problem}：${n}`);
  }
  if (list.unusedColumns.length) console.log(`未使用的列：${list.unusedColumns.join('、')}`);
  for (const p of list.problems.slice(0, 10)) console.error(`  ${findingText(p)}`);
  if (list.problems.length > 10) console.error(`  ……共 ${list.problems.length} 处，见报告`);
  console.log(`报告：${reportFile}`);
}

/**
 * The city's institutions (real ones, not the sample) that this list no longer has: marked withdrawn with
 * today's Beijing date, never deleted, so a person holding one as 定点 still sees it and is told what to do.
 */
function withdrawMissing(db: LocalDatabase, cityCode: string, listed: Set<string>): string[] {
  const reply = db.ask('database.getDocument', {
    collectionName: 'institutions',
    query: EJSON.stringify({ cityCode, sample: false, withdrawnOn: null }, { relaxed: false }),
    limit: 1_000_000,
  });
  const gone = (reply.data as { list: string[] }).list
    .map((t) => EJSON.parse(t, { relaxed: true }) as InstitutionDoc)
    .filter((d) => !listed.has(d._id));
  const today = beijingDate(new Date());
  for (const doc of gone)
    db.ask('database.modifyDocument', putDocument('institutions', { ...doc, withdrawnOn: today }));
  return gone.map((d) => `${d.name}（${d.code}）`);
}

/** The database's answer, or an error carrying its message (never an undefined `data`). */
/** Key-order-independent JSON, to tell an unchanged stored document from a changed one. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    return `{${Object.keys(value as object)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Each batch: one read of the stored versions, then its new and changed documents in one transaction. */
function writeInBatches(
  db: LocalDatabase,
  docs: InstitutionDoc[],
  batchSize: number,
  progress: (done: number) => void,
): { added: number; changed: number } {
  let added = 0;
  let changed = 0;
  for (let start = 0; start < docs.length; start += batchSize) {
    const batch = docs.slice(start, start + batchSize);
    const txn = db.ask('database.startTransaction', {}).transactionId!;
    try {
      const stored = db.ask('database.getDocument', {
        collectionName: 'institutions',
        query: EJSON.stringify({ _id: { $in: batch.map((d) => d._id) } }, { relaxed: false }),
        limit: batch.length,
        transactionId: txn,
      });
      const existing = new Map<string, string>();
      for (const text of (stored.data as { list: string[] }).list) {
        const doc = EJSON.parse(text, { relaxed: true }) as InstitutionDoc;
        existing.set(doc._id, canonical(doc));
      }
      const fresh: InstitutionDoc[] = [];
      for (const doc of batch) {
        const before = existing.get(doc._id);
        if (before === undefined) fresh.push(doc);
        else if (before !== canonical(doc)) {
          db.ask('database.modifyDocument', putDocument('institutions', doc, txn));
          changed += 1;
        }
      }
      // Handed over as objects (the database takes them as it takes decoded Extended JSON): an institution
      // holds only strings and numbers, and encoding 270 tokens a row only to decode them again was a third
      // of the import.
      if (fresh.length)
        db.ask('database.insertDocument', { collectionName: 'institutions', data: fresh, transactionId: txn });
      db.ask('database.commitTransaction', { transactionId: txn });
      added += fresh.length;
    } catch (error) {
      db.handle('database.abortTransaction', { transactionId: txn });
      throw error;
    }
    progress(Math.min(docs.length, start + batch.length));
  }
  return { added, changed };
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  },
);

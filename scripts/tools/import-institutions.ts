/**
 * npm run import:institutions -- FILE [--data-dir DIR] [--out FILE.jsonl]
 *
 * Loads a real list of designated institutions (CSV with a header row, or a JSON array) into the local
 * cloud's database. Every row is validated first; if any row is bad, all bad rows are reported with their
 * line numbers and nothing is imported. Importing the same file again changes nothing (rows are keyed by
 * their institution code). --out also writes the documents as JSON lines for the CloudBase console's import.
 */
import { EJSON } from 'bson';
import { parse } from 'csv-parse/sync';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { COLLECTIONS } from '../../cloudfunctions/core/collections';
import { type InstitutionRow, institutionRow, toDoc } from '../../cloudfunctions/core/facility/institution';
import { chineseErrorMap } from '../../cloudfunctions/core/zodMessages';
import { LocalDatabase } from '../local-cloud/database';
import { isRunning } from '../local-cloud/pidfile';

const NUMERIC = new Set(['longitude', 'latitude']);

function rowsOf(file: string): Array<{ line: number; raw: Record<string, unknown> }> {
  const text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  if (file.toLowerCase().endsWith('.json')) {
    const list = JSON.parse(text) as unknown;
    if (!Array.isArray(list)) throw new Error('JSON 文件应为一个数组');
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

function main(argv: string[]): number {
  const file = argv.find((a) => !a.startsWith('--'));
  const flag = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  if (!file || !existsSync(file)) {
    console.error('用法：npm run import:institutions -- 文件.csv|文件.json [--data-dir 目录] [--out 输出.jsonl]');
    return 2;
  }
  const dataDir = resolve(flag('--data-dir') ?? process.env.DATA_DIR ?? resolve(__dirname, '..', '..', '.local-cloud'));
  if (isRunning(dataDir)) {
    console.error(`本地云正在使用 ${dataDir}：请先停止 npm start，再导入。`);
    return 2;
  }

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
  if (problems.length) {
    console.error(`共 ${rows.length} 行，其中 ${problems.length} 处有误，未导入任何数据：`);
    for (const p of problems) console.error(`  ${p}`);
    return 1;
  }

  const docs = valid.map(toDoc);
  if (flag('--out')) {
    writeFileSync(flag('--out')!, docs.map((d) => JSON.stringify(d)).join('\n') + '\n');
    console.log(`已写出 ${docs.length} 条到 ${flag('--out')}（CloudBase 控制台 → 数据库 → institutions → 导入，JSON Lines）`);
  }

  const db = new LocalDatabase(resolve(dataDir, 'db'), COLLECTIONS);
  try {
    // One transaction: all rows or none.
    const txn = db.handle('database.startTransaction').transactionId!;
    let added = 0;
    let changed = 0;
    for (const { _id, ...fields } of docs) {
      const before = db.handle('database.getDocument', { collectionName: 'institutions', query: JSON.stringify({ _id }), transactionId: txn });
      const existing = (before.data as { list: string[] }).list[0];
      if (existing && JSON.stringify(EJSON.parse(existing)) === JSON.stringify({ ...fields, _id })) continue;
      const reply = db.handle('database.modifyDocument', {
        collectionName: 'institutions',
        query: JSON.stringify({ _id }),
        data: EJSON.stringify(fields, { relaxed: false }),
        merge: false,
        upsert: true,
        multi: false,
        transactionId: txn,
      });
      if (reply.code) throw new Error(`${_id}: ${reply.message}`);
      if (existing) changed += 1;
      else added += 1;
    }
    const done = db.handle('database.commitTransaction', { transactionId: txn });
    if (done.code) throw new Error(done.message);
    console.log(`共 ${docs.length} 行，全部通过校验：新增 ${added}，更新 ${changed}，未变 ${docs.length - added - changed}。`);
    return 0;
  } finally {
    void db.close();
  }
}

process.exitCode = main(process.argv.slice(2));

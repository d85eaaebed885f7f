/**
 * npm run import:institutions -- FILE [--data-dir DIR] [--out FILE.jsonl] [--batch N]
 *
 * Loads a real list of designated institutions (CSV with a header row, or a JSON array) into the local
 * cloud's database. Every row is validated first; if any row is bad, all bad rows are reported with their
 * line numbers and nothing is imported. Then the rows are written in batches (--batch, default 2,000), each
 * one transaction, with progress after each batch; every answer of the database is checked. Importing the
 * same file again changes nothing (rows are keyed by their institution code), and a run stopped half-way is
 * completed by running it again. Documents written before search tokens existed (or with older ones,
 * `searchVersion`) differ from what the tool writes now, so importing the list again adds them.
 * --out also writes the documents as JSON lines for the CloudBase console's import.
 */
import { EJSON } from 'bson';
import { existsSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { COLLECTIONS } from '../../cloudfunctions/core/documents/collections';
import type { InstitutionDoc } from '../../cloudfunctions/core/documents/institution';
import { toDoc } from '../../cloudfunctions/core/documents/toInstitutionDoc';
import type { LocalDatabase } from '../local-cloud/database';
import { openLocalData } from '../local-cloud/secrets';
import { putDocument } from '../local-cloud/putDocument';
import { isRunning } from '../local-cloud/pidfile';
import { readInstitutionFile } from './institutionFile';
import { recordFilters } from '../local-cloud/institutionFilters';

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

  const { rows, valid, problems } = readInstitutionFile(file);
  if (problems.length) {
    console.error(`共 ${rows} 行，其中 ${problems.length} 处有误，未导入任何数据：`);
    for (const p of problems) console.error(`  ${p}`);
    return 1;
  }

  const docs = valid.map(toDoc);
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
    console.log(
      `共 ${docs.length} 行，全部通过校验：新增 ${counts.added}，更新 ${counts.changed}，未变 ${docs.length - counts.added - counts.changed}。`,
    );
    return 0;
  } catch (error) {
    console.error(
      `导入中断：${error instanceof Error ? error.message : String(error)}。已写入的批次保留；修正后再次导入即可继续（不会重复）。`,
    );
    return 1;
  } finally {
    void db.close();
  }
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

process.exitCode = main(process.argv.slice(2));

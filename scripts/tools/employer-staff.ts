/**
 * npm run employer:staff -- 统一社会信用代码 CITYCODE FILE [--data-dir DIR | --jsonl OUT]
 * 医保 staff import a unit's 参保 list from the insurance system: FILE holds the employees' ID numbers, one per
 * line (a CSV's first column, or a column headed 证件号码). Each becomes a keyed hash (never stored in the clear)
 * in `employer_staff`, so the unit may file 花名表 rows for exactly these people. Locally it writes the local
 * cloud's database (stopped); with --jsonl it writes the documents for the CloudBase console's import instead,
 * hashed with PII_KEY from the environment (the functions' key).
 */
import { EJSON } from 'bson';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { COLLECTIONS } from '../../cloudfunctions/core/documents/collections';
import { creditCodeProblem, staffLinkId } from '../../cloudfunctions/core/identity/employers';
import { keyedHash } from '../../cloudfunctions/core/identity/personalData';
import { cityByCode } from '../../cloudfunctions/core/policies';
import { idNumberProblem, normaliseIdNumber } from '../../miniprogram/shared/personal';
import { isRunning } from '../local-cloud/pidfile';
import { openLocalData } from '../local-cloud/secrets';
import { putDocument } from '../local-cloud/putDocument';

function idNumbersOf(text: string): { ids: string[]; bad: number[] } {
  const lines = text.split(/\r?\n/).map((l) => l.trim());
  const header = lines[0]?.split(',').map((c) => c.trim()) ?? [];
  const column = Math.max(0, header.indexOf('证件号码'));
  const ids: string[] = [];
  const bad: number[] = [];
  lines.forEach((line, i) => {
    if (!line || (i === 0 && header.includes('证件号码'))) return;
    const id = normaliseIdNumber(line.split(',')[column] ?? '');
    // The insurance system's own list: any of the three ID types.
    const valid = (['resident', 'hkMacaoTaiwanResidence', 'foreignPermanentResidence'] as const).some(
      (type) => idNumberProblem(type, id) === null,
    );
    if (valid) ids.push(id);
    else bad.push(i + 1);
  });
  return { ids, bad };
}

function main(argv: string[]): number {
  const flag = (name: string) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
  const [creditCode = '', cityCode = '', file = ''] = argv.filter(
    (a, i) => !a.startsWith('--') && !['--data-dir', '--jsonl'].includes(argv[i - 1]),
  );
  if (!cityByCode(cityCode) || !file) {
    console.error(
      '用法：npm run employer:staff -- 统一社会信用代码 城市代码 参保名单文件 [--data-dir 目录 | --jsonl 输出文件]',
    );
    return 2;
  }
  const problem = creditCodeProblem(creditCode.toUpperCase());
  if (problem) {
    console.error(problem);
    return 2;
  }
  const { ids, bad } = idNumbersOf(readFileSync(resolve(file), 'utf8'));
  if (bad.length) {
    // Line numbers only: the file's contents are personal data and never printed.
    console.error(`第 ${bad.join('、')} 行不是有效的证件号码，未导入任何一行。请核对后重新导入。`);
    return 1;
  }
  const at = new Date();
  const jsonl = flag('--jsonl');
  const dataDir = resolve(flag('--data-dir') ?? process.env.DATA_DIR ?? resolve(__dirname, '..', '..', '.local-cloud'));
  if (!jsonl && isRunning(dataDir)) {
    console.error(`本地云正在使用 ${dataDir}：请先停止 npm start。`);
    return 2;
  }
  const local = jsonl ? null : openLocalData(dataDir, COLLECTIONS);
  if (local) process.env.PII_KEY = local.pii.current;
  const docs = ids.map((id) => {
    const idHash = keyedHash('idNumber', id);
    return {
      _id: staffLinkId(creditCode.toUpperCase(), idHash),
      creditCode: creditCode.toUpperCase(),
      cityCode,
      idHash,
      source: 'insuranceList' as const,
      at,
    };
  });
  if (jsonl) {
    writeFileSync(jsonl, docs.map((d) => EJSON.stringify(d, { relaxed: false })).join('\n') + '\n', { mode: 0o600 });
  } else {
    for (const doc of docs) {
      const reply = local!.db.handle('database.modifyDocument', putDocument('employer_staff', doc));
      if (reply.code) {
        console.error(reply.message);
        return 1;
      }
    }
    void local!.db.close();
  }
  console.log(
    `已导入单位（${creditCode.toUpperCase()}）在 ${cityByCode(cityCode)!.name} 的参保职工 ${docs.length} 人（只存键控哈希）。`,
  );
  return 0;
}

process.exitCode = main(process.argv.slice(2));

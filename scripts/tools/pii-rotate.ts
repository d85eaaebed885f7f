/**
 * npm run pii:rotate [-- --data-dir DIR] [--reseal-only]
 * For the local cloud, stopped: a new personal-data key (the old one stays, as a previous key, to open what
 * it sealed), then every sealed value in every collection re-sealed by the new key, its hash and mask
 * unchanged. Run it again with --reseal-only to finish a re-seal that was interrupted. docs/personal-data.md
 * says how the same is done for CloudBase.
 */
import { EJSON } from 'bson';
import { resolve } from 'node:path';
import { COLLECTIONS } from '../../cloudfunctions/core/documents/collections';
import { type Sealed, reseal, sealedByOldKey } from '../../cloudfunctions/core/identity/personalData';
import { LocalDatabase } from '../local-cloud/database';
import { isRunning } from '../local-cloud/pidfile';
import { piiKeyring, rotatePiiKey } from '../local-cloud/secrets';
import { dataDirOf } from './dataDir';

const PAGE = 500;

const isSealed = (v: unknown): v is Sealed =>
  !!v &&
  typeof v === 'object' &&
  typeof (v as Sealed).enc === 'string' &&
  typeof (v as Sealed).hash === 'string' &&
  typeof (v as Sealed).masked === 'string';

/** The document with every sealed value re-sealed by the current key, and how many were. */
function resealed(value: unknown): { value: unknown; count: number } {
  if (isSealed(value)) return sealedByOldKey(value.enc) ? { value: reseal(value), count: 1 } : { value, count: 0 };
  if (Array.isArray(value)) {
    const items = value.map(resealed);
    return { value: items.map((i) => i.value), count: items.reduce((n, i) => n + i.count, 0) };
  }
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    let count = 0;
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      const r = resealed(v);
      out[key] = r.value;
      count += r.count;
    }
    return { value: out, count };
  }
  return { value, count: 0 };
}

function main(argv: string[]): number {
  const dataDir = dataDirOf(argv);
  if (isRunning(dataDir)) {
    console.error(`本地云正在使用 ${dataDir}：请先停止 npm start。`);
    return 2;
  }
  const ring = argv.includes('--reseal-only') ? piiKeyring(dataDir) : rotatePiiKey(dataDir);
  process.env.PII_KEY = ring.current;
  process.env.PII_PREVIOUS_KEYS = ring.previous.join(',');
  const db = new LocalDatabase(resolve(dataDir, 'db'), COLLECTIONS);
  let documents = 0;
  let values = 0;
  try {
    for (const collectionName of Object.keys(COLLECTIONS)) {
      for (let offset = 0; ; offset += PAGE) {
        const page = db.ask('database.getDocument', {
          collectionName,
          query: '{}',
          order: JSON.stringify({ _id: 1 }),
          offset,
          limit: PAGE,
        }).data as { list: string[] };
        for (const text of page.list) {
          const doc = EJSON.parse(text, { relaxed: false }) as Record<string, unknown>;
          const { value, count } = resealed(doc);
          if (!count) continue;
          const { _id, ...data } = value as Record<string, unknown>;
          db.ask('database.modifyDocument', {
            collectionName,
            query: EJSON.stringify({ _id }, { relaxed: false }),
            data: EJSON.stringify(data, { relaxed: false }),
            merge: false,
            multi: false,
          });
          documents += 1;
          values += count;
        }
        if (page.list.length < PAGE) break;
      }
    }
  } finally {
    void db.close();
  }
  // Counts only: nothing personal, no key.
  console.log(
    `${argv.includes('--reseal-only') ? '' : '已换用新的个人信息密钥；'}重新加密 ${values} 项（${documents} 条记录）。旧密钥保留在 dev-pii.previous 中，请一并备份。`,
  );
  return 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  console.error(`没有完成：${error instanceof Error ? error.message : String(error)}。可用 --reseal-only 再运行一次。`);
  process.exitCode = 1;
}

/**
 * How the tools (npm run staff:add, employer:add) put a document into a data directory's database: through the
 * local cloud that serves it (POST /local/put, with the directory's control key) while it runs, directly when
 * none does. Either way the process holding the database writes with `putOne`.
 */
import { request } from 'node:http';
import { COLLECTIONS } from '../../cloudfunctions/core/documents/collections';
import type { LocalDatabase } from './database';
import { runningCloud } from './pidfile';
import { putDocument } from './putDocument';
import { developmentKey, openLocalData } from './secrets';

/** Whoever can read this data directory's files may write through its local cloud; nobody else. */
export const controlKey = (dataDir: string) => developmentKey(dataDir, 'dev-control.key');
export const CONTROL_KEY_HEADER = 'x-control-key';

/** A whole document as a tool writes it. */
export type StoredDoc = { _id: string } & Record<string, unknown>;

/** The one write: a whole document put by its _id (replaced, or inserted when absent). An error's message, or null. */
export function putOne(db: LocalDatabase, collectionName: string, doc: StoredDoc): string | null {
  if (!(collectionName in COLLECTIONS)) return `没有名为 ${collectionName} 的集合。`;
  const reply = db.handle('database.modifyDocument', putDocument(collectionName, doc));
  return reply.code ? (reply.message ?? reply.code) : null;
}

export interface PutOutcome {
  /** Where it went: the running local cloud, or the database files. */
  via: 'local cloud' | 'database';
  error: string | null;
}

export async function putIntoDataDir(dataDir: string, collectionName: string, doc: StoredDoc): Promise<PutOutcome> {
  const running = runningCloud(dataDir);
  if (running && !running.url)
    return {
      via: 'local cloud',
      error: `本地云（进程 ${running.pid}）正在使用 ${dataDir}，还没有开始监听（或由较早的版本启动）：请稍后再试，或重启 npm start。`,
    };
  if (running)
    return { via: 'local cloud', error: await postPut(running.url!, controlKey(dataDir), collectionName, doc) };
  const { db } = openLocalData(dataDir, COLLECTIONS);
  try {
    return { via: 'database', error: putOne(db, collectionName, doc) };
  } finally {
    await db.close();
  }
}

function postPut(url: string, key: string, collection: string, doc: StoredDoc): Promise<string | null> {
  return new Promise((resolve) => {
    const req = request(
      `${url}/local/put`,
      { method: 'POST', headers: { 'content-type': 'application/json', [CONTROL_KEY_HEADER]: key } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          try {
            const body = JSON.parse(text) as { ok: boolean; message?: string };
            resolve(body.ok ? null : (body.message ?? `HTTP ${res.statusCode}`));
          } catch {
            resolve(`本地云的回答不是 JSON（HTTP ${res.statusCode}）：${text.slice(0, 200)}`);
          }
        });
      },
    );
    req.on('error', (error) => resolve(`连不上正在运行的本地云 ${url}：${error.message}`));
    req.end(JSON.stringify({ collection, doc }));
  });
}

import { timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { COLLECTIONS, type CollectionDeclaration } from '../../cloudfunctions/core/documents/collections';
import { servePreview } from '../preview/serve';
import { CONTROL_KEY_HEADER, type StoredDoc, controlKey, putOne } from './control';
import type { LocalDatabase } from './database';
import { FunctionPool, discoverFunctions } from './functions';
import { markRunning } from './pidfile';
import { developmentKey, openLocalData } from './secrets';
import { seedDemoData, seedDemoRatings } from './seed';
import { WeChatStandIn, isFaceOutcome } from './wechatStandIn';

export const MAX_BODY_BYTES = 100 * 1024;
/** Local storage accepts larger files than a function event, so a function can refuse an oversized one itself. */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
export const LOCAL_APPID = 'wx-local-cloud';
/** Subscription template ids the local cloud gives its functions (production: function environment variables). */
export const LOCAL_TEMPLATES = {
  facilityEffective: 'local-facility-effective',
  filingExpiring: 'local-filing-expiring',
};

export interface LocalCloudOptions {
  port: number;
  host?: string;
  dataDir: string;
  functionDirs: string[];
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

const refuse = (res: ServerResponse, status: number, code: string, message: string) =>
  send(res, status, { ok: false, code, message });

function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? 'too-large' : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** The local cloud: POST /api/<function> runs the function's built bundle against the embedded database. */
export async function startLocalCloud(options: LocalCloudOptions) {
  const declarations = { ...COLLECTIONS, ...extraDeclarations(options.functionDirs) };
  const { db, pii } = openLocalData(options.dataDir, declarations);
  const seeded = seedDemoData(db);
  seedDemoRatings(db);
  const mark = markRunning(options.dataDir);
  const key = controlKey(options.dataDir);
  const appSecret = developmentKey(options.dataDir, 'dev-wechat-secret');
  const wechat = new WeChatStandIn(LOCAL_APPID, appSecret);
  const env = {
    PII_KEY: pii.current,
    PII_PREVIOUS_KEYS: pii.previous.join(','),
    WECHAT_APPID: LOCAL_APPID,
    WECHAT_APP_SECRET: appSecret,
    TEMPLATE_FACILITY_EFFECTIVE: LOCAL_TEMPLATES.facilityEffective,
    TEMPLATE_FILING_EXPIRING: LOCAL_TEMPLATES.filingExpiring,
  };
  const outbox = (api: string, data: Record<string, unknown>, nowMs: number, fn: string) => {
    db.appendOutbox({ api, data, fn, at: new Date(nowMs).toISOString() });
    if (api === 'security.msgSecCheck') return contentCheck(String(data.content ?? ''));
    if (api === 'wxacode.getUnlimited') return { binary: STAND_IN_CODE_PNG, contentType: 'image/png' };
    return { errcode: 0, errmsg: 'ok' };
  };
  const storage = localStorage(options.dataDir);
  // Recorded by path only: these requests carry the app secret, names and ID numbers.
  const wechatApi = (method: string, url: string, body: string, nowMs: number, fn: string) => {
    db.appendOutbox({ api: `https:${new URL(url).pathname}`, data: {}, fn, at: new Date(nowMs).toISOString() });
    return wechat.handle(method, url, body, nowMs);
  };
  const pools = new Map(
    discoverFunctions(options.functionDirs).map((spec) => [
      spec.name,
      new FunctionPool(spec, db, env, outbox, storage.handle, wechatApi),
    ]),
  );

  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://local');
      if (req.method === 'GET' && url.pathname === '/health') {
        return send(res, 200, { ok: true, functions: [...pools.keys()] });
      }
      if (req.method === 'GET' && url.pathname === '/outbox') {
        return send(res, 200, { ok: true, messages: db.outbox() });
      }
      // What wx.cloud.uploadFile does from the mini-program: store the bytes, answer a fileID.
      if (req.method === 'POST' && url.pathname === '/storage/upload') {
        const cloudPath = url.searchParams.get('cloudPath') ?? '';
        if (!/^[\w\-./\u4e00-\u9fa5]{1,200}$/.test(cloudPath) || cloudPath.includes('..'))
          return refuse(res, 400, 'BAD_PATH', 'cloudPath is not a valid storage path');
        const body = await readBody(req, MAX_UPLOAD_BYTES);
        if (body === 'too-large')
          return refuse(res, 413, 'PAYLOAD_TOO_LARGE', `File over ${MAX_UPLOAD_BYTES / 1024 / 1024} MB`);
        return send(res, 200, { ok: true, fileID: storage.write(cloudPath, body) });
      }
      // Local-only control: deletions of this file are refused as CloudBase refuses one the function may not
      // delete (per file, STORAGE_EXCEED_AUTHORITY; wx-server-sdk reports it as status -503002), until lifted.
      if (req.method === 'POST' && url.pathname === '/storage/refuse-delete') {
        const { fileID, refuse: on } = JSON.parse((await readBody(req, 4096)).toString() || '{}');
        storage.refuseDelete(String(fileID), on !== false);
        return send(res, 200, { ok: true });
      }
      // Local-only control for the tools (control.ts): a document put while the database is held here.
      if (req.method === 'POST' && url.pathname === '/local/put') return await localPut(req, res, db, key);
      // Local-only controls standing in for what happens between the WeChat client and WeChat's servers.
      if (req.method === 'POST' && url.pathname.startsWith('/wechat/'))
        return await wechatControl(url.pathname, req, res, wechat);
      // The browser preview (scripts/preview/): its page at / and its files.
      if (req.method === 'GET' && !url.pathname.startsWith('/api/') && servePreview(url.pathname, res)) return;
      const match = /^\/api\/([A-Za-z0-9_-]+)$/.exec(url.pathname);
      if (!match) return refuse(res, 404, 'NOT_FOUND', 'Use POST /api/<function>');
      const pool = pools.get(match[1]);
      if (!pool) return refuse(res, 404, 'FUNCTION_NOT_FOUND', `No function named "${match[1]}"`);
      if (req.method !== 'POST') return refuse(res, 405, 'METHOD_NOT_ALLOWED', 'Use POST');

      const nowMs = clockOf(req);
      if (nowMs === 'bad')
        return refuse(res, 400, 'BAD_CLOCK', 'x-now must be ISO 8601 with a time zone, e.g. 2026-11-24T09:00:00+08:00');
      const body = await readBody(req);
      if (body === 'too-large') return refuse(res, 413, 'PAYLOAD_TOO_LARGE', `Body over ${MAX_BODY_BYTES / 1024} KB`);
      let eventJson = body.length ? body.toString('utf8') : '{}';
      try {
        JSON.parse(eventJson);
      } catch {
        return refuse(res, 400, 'MALFORMED_JSON', 'Body is not valid JSON');
      }
      const openid = openidOf(req);
      // x-trigger fires a timer trigger declared in the function's config.json, as CloudBase's scheduler does.
      const trigger = typeof req.headers['x-trigger'] === 'string' ? req.headers['x-trigger'] : undefined;
      if (trigger)
        eventJson = JSON.stringify({
          Type: 'Timer',
          TriggerName: trigger,
          Time: new Date(nowMs ?? Date.now()).toISOString(),
        });
      const outcome = await pool.invoke({
        eventJson,
        openid: trigger ? '' : openid,
        appid: LOCAL_APPID,
        nowMs,
        trigger,
      });
      if (outcome.ok) {
        // What the call cost in database round trips (the bench and the round-trip tests read these).
        res.setHeader('x-db-calls', String(outcome.db.calls));
        res.setHeader('x-db-round-trips', String(outcome.db.roundTrips));
        res.setHeader('x-db-answer-bytes', String(outcome.db.answerBytes));
        // A fresh instance's first call says where its time went (the bench's first-call table reads it).
        const cold = outcome.coldStart;
        if (cold)
          res.setHeader(
            'server-timing',
            `boot;dur=${cold.bootMs.toFixed(1)}, load;dur=${cold.loadMs.toFixed(1)}, first-answer;dur=${cold.firstAnswerMs.toFixed(1)}`,
          );
        return send(res, 200, outcome.result);
      }
      if (outcome.kind === 'timeout') return refuse(res, 504, 'FUNCTION_TIMEOUT', outcome.message);
      return refuse(res, 500, 'FUNCTION_ERROR', outcome.message);
    } catch (error) {
      return refuse(res, 500, 'LOCAL_CLOUD_ERROR', (error as Error).message);
    }
  });

  await new Promise<void>((resolve) => server.listen(options.port, options.host ?? '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  mark.listening(`http://127.0.0.1:${port}`);
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    functions: [...pools.keys()],
    seeded,
    db,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.all([...pools.values()].map((p) => p.close()));
      await db.close();
      mark.unmark();
    },
  };
}

/**
 * security.msgSecCheck (version 2) as the local cloud answers it, in WeChat's shape: the words of LOCAL_SEC_WORDS
 * (comma-separated; a small default list) act as the custom keywords of the admin console — each one the text
 * holds is a `keyword` entry of `detail`, labelled 21000 其他, and makes the result "risky"; otherwise "pass".
 * Production asks WeChat.
 */
function contentCheck(content: string) {
  const words = (process.env.LOCAL_SEC_WORDS ?? '违禁词,赌博,诈骗').split(',').filter(Boolean);
  const hits = words.filter((w) => content.includes(w));
  const model = { strategy: 'content_model', errcode: 0, suggest: 'pass', label: 100, prob: 90 };
  const keywords = hits.length
    ? hits.map((keyword) => ({ strategy: 'keyword', errcode: 0, suggest: 'risky', label: 21000, prob: 90, keyword }))
    : [{ strategy: 'keyword', errcode: 0 }];
  return {
    errcode: 0,
    errmsg: 'ok',
    trace_id: 'local',
    result: hits.length ? { suggest: 'risky', label: 21000 } : { suggest: 'pass', label: 100 },
    detail: [model, ...keywords],
  };
}

/** What the local cloud answers for a mini-program code (wxacode.getUnlimited): a 1×1 stand-in PNG. */
const STAND_IN_CODE_PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

/** Cloud storage on disk under DATA_DIR/storage; fileIDs look like CloudBase's: cloud://local/<path>. */
function localStorage(dataDir: string) {
  const root = join(dataDir, 'storage');
  const refused = new Set<string>();
  return {
    refuseDelete(fileID: string, on: boolean): void {
      if (on) refused.add(fileID);
      else refused.delete(fileID);
    },
    write(cloudPath: string, bytes: Buffer): string {
      const file = join(root, cloudPath);
      mkdirSync(join(file, '..'), { recursive: true });
      writeFileSync(file, bytes);
      return `cloud://local/${cloudPath}`;
    },
    /** What cloud.downloadFile and cloud.deleteFile ask of CloudBase storage. */
    handle(api: string, data: Record<string, unknown>) {
      const fileOf = (fileID: string) => {
        const path = fileID.replace(/^cloud:\/\/local\//, '');
        const file = join(root, path);
        return path.includes('..') || !existsSync(file) ? null : file;
      };
      if (api === 'delete') {
        const fileList = (data.fileList as string[]).map((fileID) => {
          const file = fileOf(fileID);
          if (!file) return { fileID, code: 'STORAGE_FILE_NONEXIST' };
          if (refused.has(fileID)) return { fileID, code: 'STORAGE_EXCEED_AUTHORITY' };
          rmSync(file);
          return { fileID, code: 'SUCCESS' };
        });
        return { fileList, requestId: 'local' };
      }
      const fileID = String(data.fileID);
      const file = fileOf(fileID);
      if (!file) return { code: 'STORAGE_FILE_NONEXIST', message: `storage file not exists: ${fileID}` };
      return { fileContent: readFileSync(file).toString('base64') };
    },
  };
}

/** Functions outside cloudfunctions/ (test fixtures) may declare their own collections in collections.json. */
function extraDeclarations(dirs: string[]) {
  const out: Record<string, CollectionDeclaration> = {};
  for (const spec of discoverFunctions(dirs)) {
    const file = join(spec.bundle, '..', 'collections.json');
    try {
      Object.assign(out, JSON.parse(readFileSync(file, 'utf8')));
    } catch {
      // No declarations beside this function.
    }
  }
  return out;
}

/** POST /local/put {collection, doc} with the data directory's control key: what `npm run staff:add` sends. */
async function localPut(req: IncomingMessage, res: ServerResponse, db: LocalDatabase, key: string) {
  const given = Buffer.from(String(req.headers[CONTROL_KEY_HEADER] ?? ''));
  const expected = Buffer.from(key);
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return refuse(res, 403, 'FORBIDDEN', `${CONTROL_KEY_HEADER} must be the data directory's dev-control.key`);
  const body = await readBody(req);
  let json: { collection?: unknown; doc?: { _id?: unknown } };
  try {
    json = body === 'too-large' ? {} : JSON.parse(body.toString('utf8') || '{}');
  } catch {
    return refuse(res, 400, 'MALFORMED_JSON', 'Body is not valid JSON');
  }
  const { collection, doc } = json;
  if (typeof collection !== 'string' || !doc || typeof doc._id !== 'string' || !doc._id)
    return refuse(res, 400, 'BAD_REQUEST', 'Give {collection, doc} with doc._id a string');
  const error = putOne(db, collection, doc as StoredDoc);
  return error ? refuse(res, 400, 'PUT_FAILED', error) : send(res, 200, { ok: true });
}

/** The x-now header as epoch ms; null when absent; 'bad' when it is not a real ISO 8601 instant with a zone. */
function clockOf(req: IncomingMessage): number | null | 'bad' {
  const header = req.headers['x-now'];
  if (typeof header !== 'string' || !header) return null;
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/.test(header)) return 'bad';
  const ms = Date.parse(header);
  return Number.isNaN(ms) ? 'bad' : ms;
}

/** The caller the x-openid header names (local cloud only); empty when absent. */
function openidOf(req: IncomingMessage): string {
  const header = req.headers['x-openid'];
  return typeof header === 'string' ? header.trim() : '';
}

/**
 * POST /wechat/face-outcome {openid, outcome}: the outcome of that openid's next face check.
 * POST /wechat/face-check {verifyId} (x-openid, x-now): the face check wx.requestFacialVerify runs on the phone.
 */
async function wechatControl(path: string, req: IncomingMessage, res: ServerResponse, wechat: WeChatStandIn) {
  const body = await readBody(req);
  let json: Record<string, unknown>;
  try {
    json = body === 'too-large' ? {} : JSON.parse(body.toString('utf8') || '{}');
  } catch {
    return refuse(res, 400, 'MALFORMED_JSON', 'Body is not valid JSON');
  }
  if (path === '/wechat/face-outcome') {
    const outcome = json.outcome;
    if (typeof json.openid !== 'string' || !json.openid || !isFaceOutcome(outcome)) {
      return refuse(
        res,
        400,
        'BAD_REQUEST',
        'Give {openid, outcome}: outcome is pass, fail, cancel, camera, timeout or a verify_ret number',
      );
    }
    wechat.setOutcome(json.openid, outcome);
    return send(res, 200, { ok: true });
  }
  if (path === '/wechat/face-check') {
    const nowMs = clockOf(req);
    if (nowMs === 'bad') return refuse(res, 400, 'BAD_CLOCK', 'x-now must be ISO 8601 with a time zone');
    return send(res, 200, wechat.faceCheck(openidOf(req), String(json.verifyId ?? ''), nowMs ?? Date.now()));
  }
  return refuse(res, 404, 'NOT_FOUND', 'Use /wechat/face-outcome or /wechat/face-check');
}

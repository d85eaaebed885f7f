import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');

export interface CallOptions {
  openid?: string;
  now?: string;
  headers?: Record<string, string>;
}

/** Database calls of one function call, and how many ran one after another (its critical path). */
export interface DbCost {
  calls: number;
  roundTrips: number;
  /** Bytes of the documents the database answered with. */
  answerBytes: number;
}
export interface PostAnswer {
  status: number;
  json: any;
  db?: DbCost;
  /** A fresh instance's first call: where its time went (Server-Timing: boot, load, first-answer). */
  serverTiming?: string;
}

/** A real local cloud (built bundles, real wx-server-sdk, lmdb on disk) in a child process on a free port. */
export class LocalCloud {
  private child: ChildProcess | null = null;
  url = '';
  output = '';
  /** Every response body this cloud answered, for scans that must find no personal data in them. */
  readonly responses: string[] = [];

  constructor(
    readonly dataDir: string = mkdtempSync(join(tmpdir(), 'yibao-cloud-')),
    /** Settings of the local cloud; tests seed no demo ratings unless they ask (LOCAL_DEMO_RATINGS: a month). */
    private readonly settings: Record<string, string> = {},
  ) {}

  async start(): Promise<this> {
    const child = spawn(process.execPath, [join(ROOT, 'build', 'local-cloud', 'start.cjs')], {
      env: {
        ...process.env,
        LOCAL_DEMO_RATINGS: 'off',
        ...this.settings,
        PORT: '0',
        DATA_DIR: this.dataDir,
        FUNCTION_DIRS: [join(ROOT, 'cloudfunctions'), join(ROOT, 'build', 'test-functions')].join(','),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    this.url = await new Promise<string>((resolvePromise, reject) => {
      // Generous: on a busy machine the first start builds its indexes and seeds; the wait ends as soon as it listens.
      const timer = setTimeout(() => reject(new Error(`local cloud did not start:\n${this.output}`)), 90_000);
      const onData = (chunk: Buffer) => {
        this.output += chunk.toString();
        const match = /listening on (http:\/\/[\d.:]+)/.exec(this.output);
        if (match) {
          clearTimeout(timer);
          resolvePromise(match[1]);
        }
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`local cloud exited (${code}):\n${this.output}`));
      });
    });
    return this;
  }

  /** The local cloud's process id (while it runs). */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  async post(fn: string, body: string, options: CallOptions = {}): Promise<PostAnswer> {
    return this.postPath(`/api/${fn}`, body, options);
  }

  /** A call and what it cost: its database calls and how many of them ran one after another. */
  async traced(fn: string, event: unknown, options: CallOptions = {}): Promise<PostAnswer & { db: DbCost }> {
    const answer = await this.post(fn, JSON.stringify(event), options);
    return { ...answer, db: answer.db! };
  }

  async postPath(path: string, body: string, options: CallOptions): Promise<PostAnswer> {
    const headers: Record<string, string> = { 'content-type': 'application/json', ...options.headers };
    if (options.openid !== undefined) headers['x-openid'] = options.openid;
    // Unless the call names its own instant, the test's clock: in node and page tests testClock.ts's, so no call
    // there runs on the machine's date. The browser project has no testClock (its 真实时间 test compares Chromium's
    // real clock with this one), so a browser test's call without an instant carries the machine's date.
    headers['x-now'] = options.now ?? new Date().toISOString();
    // node:http rather than fetch: page tests run in jsdom, which has no fetch.
    return new Promise((resolvePromise, reject) => {
      const req = request(`${this.url}${path}`, { method: 'POST', headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          try {
            const text = Buffer.concat(chunks).toString('utf8');
            this.responses.push(text);
            const calls = res.headers['x-db-calls'];
            const db = calls
              ? {
                  calls: Number(calls),
                  roundTrips: Number(res.headers['x-db-round-trips']),
                  answerBytes: Number(res.headers['x-db-answer-bytes']),
                }
              : undefined;
            const timing = res.headers['server-timing'];
            const serverTiming = typeof timing === 'string' ? timing : undefined;
            resolvePromise({ status: res.statusCode ?? 0, json: JSON.parse(text), db, serverTiming });
          } catch (error) {
            reject(error);
          }
        });
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  /** Local-only control: CloudBase refuses to delete this file (per-file status -503002) until `refuse` is false. */
  async refuseDelete(fileID: string, refuse = true): Promise<void> {
    const { status } = await this.postPath('/storage/refuse-delete', JSON.stringify({ fileID, refuse }), {});
    if (status !== 200) throw new Error(`refuse-delete HTTP ${status}`);
  }

  /** Local-only control: the outcome of `openid`'s next 人脸核身 (pass, fail, cancel, camera, timeout, or a verify_ret). */
  async setFaceOutcome(openid: string, outcome: string | number): Promise<void> {
    const { status } = await this.postPath('/wechat/face-outcome', JSON.stringify({ openid, outcome }), {});
    if (status !== 200) throw new Error(`face-outcome HTTP ${status}`);
  }

  /** What wx.requestFacialVerify does on the phone of `openid`: the face check of a session. */
  async faceCheck(openid: string, verifyId: string, now?: string): Promise<{ errCode: number; errMsg: string }> {
    return (await this.postPath('/wechat/face-check', JSON.stringify({ verifyId }), { openid, now })).json;
  }

  /** What the functions sent through WeChat open APIs (subscription messages…). */
  async outbox(): Promise<Array<{ api: string; data: any; fn: string; at: string }>> {
    return new Promise((resolvePromise, reject) => {
      request(`${this.url}/outbox`, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolvePromise(JSON.parse(Buffer.concat(chunks).toString('utf8')).messages));
      })
        .on('error', reject)
        .end();
    });
  }

  /** What wx.cloud.uploadFile does: stores bytes in the local cloud's storage, answers the fileID. */
  async upload(cloudPath: string, bytes: Buffer): Promise<{ status: number; json: any }> {
    return new Promise((resolvePromise, reject) => {
      const req = request(
        `${this.url}/storage/upload?cloudPath=${encodeURIComponent(cloudPath)}`,
        { method: 'POST' },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolvePromise({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString('utf8')) }),
          );
        },
      );
      req.on('error', reject);
      req.end(bytes);
    });
  }

  /** Fires a timer trigger declared in a function's config.json, at a given clock. */
  async trigger(fn: string, name: string, now: string): Promise<any> {
    return (await this.post(fn, '{}', { now, headers: { 'x-trigger': name } })).json;
  }

  /** Calls a function and returns what it answered (its envelope). */
  async call(fn: string, event: unknown, options: CallOptions = { openid: 'test-user' }): Promise<any> {
    const { status, json } = await this.post(fn, JSON.stringify(event), options);
    if (status !== 200) throw new Error(`HTTP ${status}: ${JSON.stringify(json)}`);
    return json;
  }

  /** SIGKILL: no chance to flush anything the database had not already made durable. */
  async kill(): Promise<void> {
    await this.stopWith('SIGKILL');
  }

  async stop(): Promise<void> {
    await this.stopWith('SIGTERM');
  }

  private async stopWith(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((done) => {
      child.once('exit', () => done());
      child.kill(signal);
    });
    this.child = null;
  }

  removeData(): void {
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}

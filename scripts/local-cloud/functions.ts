import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { LocalDatabase } from './database';

export interface FunctionSpec {
  name: string;
  bundle: string;
  timeoutMs: number;
}

export interface Invocation {
  /** The event as JSON text: parsed in the instance, as the platform hands a function its event. */
  eventJson: string;
  openid: string;
  appid: string;
  nowMs: number | null;
  /** Set when a timer trigger fires the function (no caller then). */
  trigger?: string;
}

/** What the local cloud answers for a WeChat open API (recorded in the outbox). */
export type OpenApiHandler = (api: string, data: Record<string, unknown>, nowMs: number, fn: string) => unknown;
/** Cloud storage: a stored file's bytes (base64), or CloudBase's error for a missing one. */
export type StorageHandler = (api: string, data: Record<string, unknown>) => unknown;
/** WeChat's HTTPS server APIs (api.weixin.qq.com) as the local cloud answers them. */
export type WeChatHandler = (method: string, url: string, body: string, nowMs: number, fn: string) => unknown;

/**
 * What an invocation asked of the database: how many calls, how many of them one after another, and the bytes
 * of the documents the database answered with (what travels back over CloudBase's network).
 */
export interface DbTrace {
  calls: number;
  roundTrips: number;
  answerBytes: number;
}
/**
 * A fresh instance's first call, in ms: its thread starting, loading the function (wx-server-sdk and the bundle),
 * then the call itself (the SDK's init and the first answer). Reported with that call only.
 */
export interface ColdStart {
  bootMs: number;
  loadMs: number;
  firstAnswerMs: number;
}
/** What is known of a fresh instance once its function is loaded, before its first call. */
type Loaded = Omit<ColdStart, 'firstAnswerMs'>;
export type InvokeResult =
  | { ok: true; result: unknown; db: DbTrace; coldStart?: ColdStart }
  | { ok: false; kind: 'timeout' | 'error'; message: string };

/** Built function bundles under each directory: `<dir>/<name>/index.js` beside a `config.json`. */
export function discoverFunctions(dirs: string[]): FunctionSpec[] {
  const specs: FunctionSpec[] = [];
  for (const dir of dirs) {
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir)) {
      const bundle = join(dir, name, 'index.js');
      const configPath = join(dir, name, 'config.json');
      if (!existsSync(bundle) || !existsSync(configPath)) continue;
      const config = JSON.parse(readFileSync(configPath, 'utf8')) as { timeout?: number };
      // CloudBase's default timeout is 3 s; a function's config.json may set its own (seconds).
      specs.push({ name, bundle, timeoutMs: (config.timeout ?? 3) * 1000 });
    }
  }
  return specs;
}

interface Instance {
  worker: Worker;
  /** Resolves once the function is loaded, with how long the thread and the loading took. */
  ready: Promise<Loaded>;
  served: boolean;
}

const epochMs = () => performance.timeOrigin + performance.now();

/**
 * Runs a function as CloudBase does: each instance serves one request at a time; more concurrent
 * requests get more instances (up to `maxInstances`, then they queue); an instance that overruns the
 * function's timeout is terminated and replaced.
 */
export class FunctionPool {
  private readonly idle: Instance[] = [];
  private readonly queue: Array<() => void> = [];
  private live = 0;
  private invocations = 0;

  constructor(
    readonly spec: FunctionSpec,
    private readonly db: LocalDatabase,
    /** Environment variables as a function's configuration would set them in CloudBase (e.g. PII_KEY). */
    private readonly env: Record<string, string> = {},
    private readonly openapi: OpenApiHandler = () => ({ errcode: 0, errmsg: 'ok' }),
    private readonly storage: StorageHandler = () => ({ code: 'STORAGE_FILE_NONEXIST', message: 'no storage' }),
    private readonly wechat: WeChatHandler = () => ({ errcode: -1, errmsg: 'system error' }),
    /**
     * CloudBase scales instances with concurrent requests; here each is a worker thread, 8 by default. With the
     * latency model on, an instance waits on the network most of its time: FUNCTION_INSTANCES raises the cap so
     * the bench's clients wait for round trips, not for an instance.
     */
    private readonly maxInstances = Number(process.env.FUNCTION_INSTANCES ?? 8) || 8,
    private readonly dbLatencyMs = Number(process.env.DB_LATENCY_MS ?? 0) || 0,
  ) {}

  private spawn(): Instance {
    const spawnedAt = epochMs();
    const worker = new Worker(join(__dirname, 'instance.cjs'), {
      workerData: { bundle: this.spec.bundle },
      env: { ...process.env, ...this.env, TCB_ENV: 'local' },
    });
    this.live += 1;
    const ready = new Promise<Loaded>((resolve, reject) => {
      worker.once('error', reject);
      worker.once('message', (msg: { startedAt: number; loadedAt: number }) =>
        resolve({ bootMs: msg.startedAt - spawnedAt, loadMs: msg.loadedAt - msg.startedAt }),
      );
    });
    worker.on(
      'message',
      (msg: { type: string; id: number; api: string; data: Record<string, unknown>; nowMs: number }) => {
        if (msg.type === 'db')
          void this.networkHop()
            .then(() => this.db.answer(msg.api, msg.data, msg.nowMs))
            .then((reply) => worker.postMessage({ type: 'db', id: msg.id, reply }));
        if (msg.type === 'openapi')
          worker.postMessage({
            type: 'openapi',
            id: msg.id,
            reply: this.openapi(msg.api, msg.data, msg.nowMs, this.spec.name),
          });
        if (msg.type === 'wechat')
          worker.postMessage({
            type: 'wechat',
            id: msg.id,
            reply: this.wechat(String(msg.data.method), msg.api, String(msg.data.body), msg.nowMs, this.spec.name),
          });
        if (msg.type === 'storage')
          worker.postMessage({ type: 'storage', id: msg.id, reply: this.storage(msg.api, msg.data) });
      },
    );
    const instance: Instance = { worker, ready, served: false };
    worker.on('exit', () => {
      const at = this.idle.indexOf(instance);
      if (at >= 0) {
        this.idle.splice(at, 1);
        this.live -= 1;
      }
    });
    return instance;
  }

  private async acquire(): Promise<Instance> {
    const free = this.idle.pop();
    if (free) return free;
    if (this.live < this.maxInstances) return this.spawn();
    await new Promise<void>((resolve) => this.queue.push(resolve));
    return this.acquire();
  }

  private release(instance: Instance | null): void {
    if (instance) this.idle.push(instance);
    else this.live -= 1;
    this.queue.shift()?.();
  }

  async invoke(call: Invocation): Promise<InvokeResult> {
    const instance = await this.acquire();
    let loaded: Loaded;
    try {
      loaded = await instance.ready;
    } catch (error) {
      this.live -= 1;
      this.queue.shift()?.();
      return { ok: false, kind: 'error', message: `function failed to load: ${(error as Error).message}` };
    }
    const id = ++this.invocations;
    const first = !instance.served;
    instance.served = true;
    const sentAt = epochMs();
    const context: Record<string, string> = call.openid ? { WX_OPENID: call.openid, WX_APPID: call.appid } : {};
    // A timer trigger: the SDK reports SOURCE wx_trigger (read from TCB_SOURCE once a context is present).
    if (call.trigger) Object.assign(context, { WX_TRIGGER_NAME: call.trigger, TCB_SOURCE: 'wx_trigger' });
    return new Promise<InvokeResult>((resolve) => {
      const onMessage = (msg: {
        type: string;
        id: number;
        ok: boolean;
        result?: unknown;
        error?: string;
        db?: DbTrace;
      }) => {
        if (msg.type !== 'result' || msg.id !== id) return;
        clearTimeout(timer);
        instance.worker.off('message', onMessage);
        this.release(instance);
        const db = msg.db ?? { calls: 0, roundTrips: 0, answerBytes: 0 };
        const coldStart = first ? { ...loaded, firstAnswerMs: epochMs() - sentAt } : undefined;
        resolve(
          msg.ok
            ? { ok: true, result: msg.result, db, coldStart }
            : { ok: false, kind: 'error', message: msg.error ?? 'error' },
        );
      };
      const timer = setTimeout(() => {
        instance.worker.off('message', onMessage);
        void instance.worker.terminate();
        this.release(null);
        resolve({ ok: false, kind: 'timeout', message: `Task timed out after ${this.spec.timeoutMs / 1000} seconds` });
      }, this.spec.timeoutMs);
      instance.worker.on('message', onMessage);
      instance.worker.postMessage({ type: 'invoke', id, eventJson: call.eventJson, context, nowMs: call.nowMs });
    });
  }

  /**
   * The latency model: CloudBase's database is a network hop away from a function, so every call (each step of
   * a transaction included) waits `DB_LATENCY_MS` (default 0) before the database answers. The figure is an
   * assumption until measured on a real environment (README, Performance).
   */
  private networkHop(): Promise<void> {
    return this.dbLatencyMs > 0 ? new Promise((resolve) => setTimeout(resolve, this.dbLatencyMs)) : Promise.resolve();
  }

  async close(): Promise<void> {
    await Promise.all(this.idle.splice(0).map((i) => i.worker.terminate()));
  }
}

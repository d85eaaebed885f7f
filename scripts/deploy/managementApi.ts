/**
 * The CloudBase environment as the deploy sees it, over @cloudbase/manager-node (the management SDK): every
 * call goes through the SDK's signed Tencent Cloud API 3.0 requests (tcb and scf services). Reads and writes
 * are separate methods so that --dry-run and --check can be shown to call reads only.
 */
import CloudBase from '@cloudbase/manager-node';
import { EJSON } from 'bson';
import type { IndexDeclaration } from '../../cloudfunctions/core/documents/collections';
import type { FunctionDeclaration } from './declarations';
import { HANDLER, RUNTIME } from './declarations';
import type { Credentials } from './settings';
import { zip } from './zip';

export interface IndexState {
  name: string;
  keys: Array<{ field: string; direction: string }>;
  unique: boolean;
}

export interface RuleState {
  aclTag: string;
  rule: unknown;
}

export interface TriggerState {
  name: string;
  type: string;
  config: string;
}

export interface FunctionState {
  runtime: string;
  handler: string;
  memorySize: number;
  timeout: number;
  description: string;
  variables: Record<string, string>;
  triggers: TriggerState[];
}

export type Doc = { _id: string } & Record<string, unknown>;

/** An error from CloudBase (or the way to it), with its Tencent Cloud error code when there is one. */
export class CloudError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

function asCloudError(e: unknown): CloudError {
  const err = e as { message?: unknown; code?: unknown };
  const message = err && err.message !== undefined ? String(err.message) : String(e);
  return new CloudError(message, typeof err?.code === 'string' ? err.code : '');
}

async function call<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    throw asCloudError(e);
  }
}

/** CloudBase key directions are strings ("1", "-1", "2dsphere"). */
export function indexKeys(decl: IndexDeclaration): Array<{ field: string; direction: string }> {
  return Object.entries(decl.keys).map(([field, direction]) => ({ field, direction: String(direction) }));
}

/** Timer triggers come back as `{"cron":"…"}` or as the bare cron text. */
function triggerConfig(desc: unknown): string {
  if (typeof desc !== 'string') return '';
  try {
    const parsed = JSON.parse(desc) as { cron?: unknown };
    if (parsed && typeof parsed.cron === 'string') return parsed.cron;
  } catch {
    // the bare cron text
  }
  return desc;
}

/**
 * RunCommands answers each command with a JSON text: for a query, an array of documents, each a JSON text in
 * canonical Extended JSON — the API reference's example (RunCommands 执行文档型数据库命令,
 * https://cloud.tencent.com/document/api/876/129012) returns `{"$date":{"$numberLong":"…"}}`, so a number comes
 * back as `{"$numberInt":"3"}`. Read as plain JSON, every numeric field would differ from the declaration on every
 * run; relaxed EJSON turns them back into plain numbers (and dates into Dates) before anything is compared.
 */
export function parseQueryResult(data: unknown): Doc[] {
  if (typeof data !== 'string') return [];
  const parsed = JSON.parse(data) as unknown;
  const list = Array.isArray(parsed) ? parsed : [];
  return list.map(
    (d) => (typeof d === 'string' ? EJSON.parse(d, { relaxed: true }) : EJSON.deserialize(d, { relaxed: true })) as Doc,
  );
}

export const codeMarker = (hash: string) => `code sha256 ${hash}`;

export interface CloudOptions {
  region?: string;
  /**
   * The mini-program's appid. DescribeSafeRule documents `WxAppId` as 微信必传 (required for a WeChat
   * environment: https://cloud.tencent.com/document/api/876/128118), so reading a rule needs it.
   */
  wxAppId: string;
}

export class Cloud {
  private readonly app: CloudBase;
  private readonly wxAppId: string;

  constructor(
    readonly envId: string,
    credentials: Credentials,
    options: CloudOptions,
  ) {
    this.app = new CloudBase({ ...credentials, envId, region: options.region });
    this.wxAppId = options.wxAppId;
  }

  // ---- reads

  /** Loads the environment's description (database instance, function namespace); fails if it is not there. */
  async environment(): Promise<void> {
    await call(() => this.app.currentEnvironment().lazyInit());
  }

  async listCollections(): Promise<Set<string>> {
    const names = new Set<string>();
    for (let offset = 0; ; offset += 100) {
      const page = await call(() => this.app.database.listCollections({ MgoOffset: offset, MgoLimit: 100 }));
      for (const c of page.Collections) names.add(c.CollectionName);
      if (page.Collections.length < 100 || names.size >= (page.Pager?.Total ?? 0)) return names;
    }
  }

  async indexes(collection: string): Promise<IndexState[]> {
    const info = await call(() => this.app.database.describeCollection(collection));
    return (info.Indexes ?? [])
      .filter((i) => i.Name !== '_id_')
      .map((i) => ({
        name: i.Name,
        keys: (i.Keys ?? []).map((k) => ({ field: String(k.Name), direction: String(k.Direction) })),
        unique: Boolean(i.Unique),
      }));
  }

  async rule(collection: string): Promise<RuleState> {
    const res = (await call(() =>
      this.app.commonService('tcb').call({
        Action: 'DescribeSafeRule',
        Param: { EnvId: this.envId, CollectionName: collection, WxAppId: this.wxAppId },
      }),
    )) as { AclTag?: string; Rule?: string | null };
    return { aclTag: res.AclTag ?? '', rule: parsedRule(res.Rule) };
  }

  async findByIds(collection: string, ids: string[]): Promise<Doc[]> {
    const found: Doc[] = [];
    for (let i = 0; i < ids.length; i += 100) {
      const batch = ids.slice(i, i + 100);
      const res = await call(() =>
        this.app.database.runCommands({
          MgoCommands: [
            {
              TableName: collection,
              CommandType: 'QUERY',
              Command: JSON.stringify({ find: collection, filter: { _id: { $in: batch } }, limit: batch.length }),
            },
          ],
        }),
      );
      found.push(...parseQueryResult(res.Data?.[0]));
    }
    return found;
  }

  async getFunction(name: string): Promise<FunctionState | null> {
    try {
      const f = await this.app.functions.getFunctionDetail(name);
      return {
        runtime: f.Runtime,
        handler: f.Handler,
        memorySize: Number(f.MemorySize),
        timeout: Number(f.Timeout),
        description: f.Description ?? '',
        variables: Object.fromEntries((f.Environment?.Variables ?? []).map((v) => [v.Key, String(v.Value)])),
        triggers: (f.Triggers ?? []).map((t) => ({
          name: t.TriggerName,
          type: t.Type,
          config: triggerConfig(t.TriggerDesc),
        })),
      };
    } catch (e) {
      const err = asCloudError(e);
      if (err.code.startsWith('ResourceNotFound')) return null;
      throw err;
    }
  }

  /**
   * Runs a function once with `event` (SCF Invoke through manager-node's invokeFunction: the event travels as
   * ClientContext, the answer's Result.RetMsg is the function's return value as JSON text, InvokeResult 0 when the
   * function ran; https://cloud.tencent.com/document/api/583/17243). The execution log (Result.Log) is not kept.
   */
  async invoke(name: string, event: Record<string, unknown>): Promise<unknown> {
    const res = await call(() => this.app.functions.invokeFunction(name, event));
    if (res.InvokeResult !== 0)
      throw new CloudError(
        `函数 ${name} 运行失败：${res.ErrMsg || `InvokeResult ${res.InvokeResult}`}`,
        'InvokeFailed',
      );
    try {
      return JSON.parse(res.RetMsg) as unknown;
    } catch {
      throw new CloudError(`函数 ${name} 的返回值不是 JSON`, 'InvokeFailed');
    }
  }

  // ---- writes

  async createCollection(name: string): Promise<void> {
    await call(() => this.app.database.createCollection(name));
  }

  async setRule(collection: string, rule: unknown): Promise<void> {
    await call(() =>
      this.app.commonService('tcb').call({
        Action: 'ModifySafeRule',
        Param: { EnvId: this.envId, CollectionName: collection, AclTag: 'CUSTOM', Rule: JSON.stringify(rule) },
      }),
    );
  }

  async createIndex(collection: string, decl: IndexDeclaration): Promise<void> {
    await call(() =>
      this.app.database.updateCollection(collection, {
        CreateIndexes: [
          {
            IndexName: decl.name,
            MgoKeySchema: {
              MgoIndexKeys: indexKeys(decl).map((k) => ({ Name: k.field, Direction: k.direction })),
              MgoIsUnique: Boolean(decl.unique),
            },
          },
        ],
      }),
    );
  }

  async dropIndex(collection: string, name: string): Promise<void> {
    await call(() => this.app.database.updateCollection(collection, { DropIndexes: [{ IndexName: name }] }));
  }

  /** Writes each document whole (replacing what was there under its _id), 50 per command. */
  async upsert(collection: string, docs: Doc[]): Promise<void> {
    for (let i = 0; i < docs.length; i += 50) {
      const updates = docs
        .slice(i, i + 50)
        .map(({ _id, ...fields }) => ({ q: { _id }, u: fields, upsert: true, multi: false }));
      const res = await call(() =>
        this.app.database.runCommands({
          MgoCommands: [
            { TableName: collection, CommandType: 'UPDATE', Command: JSON.stringify({ update: collection, updates }) },
          ],
        }),
      );
      const answer = res.Data?.[0] ? (JSON.parse(res.Data[0]) as { writeErrors?: Array<{ errmsg?: string }> }) : {};
      if (answer.writeErrors?.length)
        throw new CloudError(`写入 ${collection} 失败：${answer.writeErrors[0].errmsg ?? ''}`, 'WriteError');
    }
  }

  private code(fn: FunctionDeclaration): string {
    return zip(Object.entries(fn.files).map(([name, data]) => ({ name, data }))).toString('base64');
  }

  async createFunction(fn: FunctionDeclaration, variables: Record<string, string>): Promise<void> {
    await call(() =>
      this.app.functions.createFunction({
        func: {
          name: fn.name,
          runtime: RUNTIME,
          handler: HANDLER,
          timeout: fn.timeout,
          memorySize: fn.memorySize,
          description: codeMarker(fn.codeHash),
          installDependency: true,
          envVariables: variables,
          triggers: fn.triggers,
        },
        base64Code: this.code(fn),
      }),
    );
  }

  async updateFunctionCode(fn: FunctionDeclaration): Promise<void> {
    await call(() =>
      this.app.functions.updateFunctionCode({
        func: { name: fn.name, runtime: RUNTIME, handler: HANDLER, installDependency: true },
        base64Code: this.code(fn),
      }),
    );
    await call(() => this.app.functions.waitFunctionActive(fn.name));
  }

  async updateFunctionConfig(fn: FunctionDeclaration, variables: Record<string, string>): Promise<void> {
    await call(() =>
      this.app.functions.updateFunctionConfig({
        name: fn.name,
        timeout: fn.timeout,
        memorySize: fn.memorySize,
        description: codeMarker(fn.codeHash),
        envVariables: variables,
      }),
    );
    await call(() => this.app.functions.waitFunctionActive(fn.name));
  }

  async createTriggers(fnName: string, triggers: TriggerState[]): Promise<void> {
    await call(() => this.app.functions.createFunctionTriggers(fnName, triggers));
  }

  async deleteTrigger(fnName: string, triggerName: string): Promise<void> {
    await call(() => this.app.functions.deleteFunctionTrigger(fnName, triggerName));
  }
}

/** A security rule as CloudBase stores it: JSON text, or (for a rule it cannot parse) the text itself. */
function parsedRule(text: string | null | undefined): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * A stand-in for CloudBase's management API (Tencent Cloud API 3.0, services tcb and scf), installed at the
 * lowest layer @cloudbase/manager-node sends through: the `node-fetch` call in its http-request module. The
 * SDK's own signing, request building, error wrapping and result parsing all run; only the HTTPS round trip is
 * answered here, the way the API documents it ({ Response: { …, RequestId } } or { Response: { Error } }).
 * Every call is recorded (service, action, parameters); faults can be planted per action.
 */
import { EJSON } from 'bson';
import { createHash, createHmac } from 'node:crypto';
import { dirname } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { type HealthProbes, answerHealth } from '../../cloudfunctions/core/platform/health';

type NodeFetchModule = {
  default: (
    url: string,
    init: { method: string; headers: Record<string, string | number>; body?: string },
  ) => Promise<unknown>;
  FetchError: new (message: string, type: string, systemError?: { code: string }) => Error;
};

// The test runner's own require, so that the SDK (loaded through it too) sees the same node-fetch module.
const load = require as unknown as {
  (id: string): unknown;
  resolve(id: string, options?: { paths: string[] }): string;
};
const sdkHttp = load.resolve('@cloudbase/manager-node/lib/utils/http-request');
const nodeFetch = load(load.resolve('node-fetch', { paths: [dirname(sdkHttp)] })) as NodeFetchModule;

export interface Call {
  service: string;
  action: string;
  params: Record<string, unknown>;
}

export type Fault = { code: string; message: string } | 'network';

interface StoredIndex {
  Name: string;
  Keys: Array<{ Name: string; Direction: string }>;
  Unique: boolean;
}

interface Table {
  indexes: StoredIndex[];
  rule: { AclTag: string; Rule?: string };
  docs: Map<string, Record<string, unknown>>;
}

export interface StoredFunction {
  Runtime: string;
  Handler: string;
  MemorySize: number;
  Timeout: number;
  Description: string;
  InstallDependency: string;
  Variables: Array<{ Key: string; Value: string }>;
  Triggers: Array<{ TriggerName: string; Type: string; TriggerDesc: string }>;
  Status: string;
  /** Files in the uploaded ZIP, unpacked. */
  files: Record<string, Buffer>;
}

class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Reads a ZIP (central directory, deflate or stored), as SCF does when it unpacks the code. */
export function unzip(buf: Buffer): Record<string, Buffer> {
  const end = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0) throw new ApiError('InvalidParameterValue.ZipFile', 'ZipFile 不是有效的 zip 文件');
  const count = buf.readUInt16LE(end + 10);
  let p = buf.readUInt32LE(end + 16);
  const files: Record<string, Buffer> = {};
  for (let i = 0; i < count; i++) {
    const method = buf.readUInt16LE(p + 10);
    const size = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    const dataStart = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const raw = buf.subarray(dataStart, dataStart + size);
    files[name] = method === 8 ? inflateRawSync(raw) : Buffer.from(raw);
    p += 46 + nameLen + extraLen + commentLen;
  }
  return files;
}

function hmac(key: string | Buffer, text: string): Buffer {
  return createHmac('sha256', key).update(text).digest();
}

export class CloudBaseStandIn {
  readonly calls: Call[] = [];
  readonly tables = new Map<string, Table>();
  readonly functions = new Map<string, StoredFunction>();
  private faults: Array<{
    action: string;
    when: (params: Record<string, unknown>) => boolean;
    fault: Fault;
    times: number;
  }> = [];
  private restore: (() => void) | null = null;
  /** Actions the key may call; others answer AuthFailure.UnauthorizedOperation. Null: all. */
  allowed: Set<string> | null = null;
  /** Functions whose 云调用 permissions (config.json permissions.openapi) WeChat has not applied. */
  readonly openApiWithheld = new Set<string>();
  /** The database does not answer the functions. */
  databaseDown = false;

  constructor(
    readonly envId: string,
    private readonly secretId: string,
    private readonly secretKey: string,
  ) {}

  install(): this {
    const original = nodeFetch.default;
    nodeFetch.default = (url, init) => this.answer(url, init);
    this.restore = () => {
      nodeFetch.default = original;
    };
    return this;
  }

  uninstall(): void {
    this.restore?.();
    this.restore = null;
  }

  /** The next `times` calls of `action` (matching `when`) fail with `fault`. */
  fail(
    action: string,
    fault: Fault,
    options: { when?: (params: Record<string, unknown>) => boolean; times?: number } = {},
  ): void {
    this.faults.push({ action, when: options.when ?? (() => true), fault, times: options.times ?? 1 });
  }

  writes(): Call[] {
    return this.calls.filter((c) => !READS.has(c.action) && !(c.action === 'RunCommands' && isQueryOnly(c.params)));
  }

  /** A collection as created through the console, with a rule and documents. */
  addTable(name: string, table: Partial<Table> = {}): void {
    this.tables.set(name, {
      indexes: table.indexes ?? [],
      rule: table.rule ?? { AclTag: 'PRIVATE' },
      docs: table.docs ?? new Map(),
    });
  }

  private async answer(
    url: string,
    init: { method: string; headers: Record<string, string | number>; body?: string },
  ): Promise<unknown> {
    const host = new URL(url).host;
    const service = host.split('.')[0];
    const action = String(init.headers['X-TC-Action']);
    const params = JSON.parse(init.body ?? '{}') as Record<string, unknown>;
    this.calls.push({ service, action, params });
    const requestId = `standin-${this.calls.length}`;
    const fault = this.faults.find((f) => f.action === action && f.times > 0 && f.when(params));
    if (fault) {
      fault.times -= 1;
      if (fault.fault === 'network')
        throw new nodeFetch.FetchError(`request to ${url} failed, reason: socket hang up`, 'system', {
          code: 'ECONNRESET',
        });
      return this.reply({ Error: { Code: fault.fault.code, Message: fault.fault.message }, RequestId: requestId });
    }
    try {
      this.verifySignature(host, service, init);
      if (this.allowed && !this.allowed.has(action)) {
        throw new ApiError(
          'AuthFailure.UnauthorizedOperation',
          `请求未授权。当前子账号没有 ${service}:${action} 的权限`,
        );
      }
      const result =
        service === 'scf' && action === 'Invoke'
          ? await this.invoke(params)
          : service === 'scf'
            ? this.scf(action, params)
            : this.tcb(action, params);
      return this.reply({ ...result, RequestId: requestId });
    } catch (e) {
      if (e instanceof ApiError)
        return this.reply({ Error: { Code: e.code, Message: e.message }, RequestId: requestId });
      throw e;
    }
  }

  private reply(response: Record<string, unknown>): { text: () => Promise<string> } {
    const text = JSON.stringify({ Response: response });
    return { text: async () => text };
  }

  /** TC3-HMAC-SHA256, as Tencent Cloud checks it: a request signed with another key is refused. */
  private verifySignature(
    host: string,
    service: string,
    init: { headers: Record<string, string | number>; body?: string },
  ): void {
    const auth = String(init.headers.Authorization ?? '');
    const m =
      /^TC3-HMAC-SHA256 Credential=([^/]+)\/(\d{4}-\d{2}-\d{2})\/([a-z]+)\/tc3_request, SignedHeaders=content-type;host, Signature=([0-9a-f]{64})$/.exec(
        auth,
      );
    if (!m || m[1] !== this.secretId || m[3] !== service)
      throw new ApiError('AuthFailure.SecretIdNotFound', '密钥不存在');
    const timestamp = String(init.headers['X-TC-Timestamp']);
    const canonical = `POST\n/\n\ncontent-type:application/json\nhost:${host}\n\ncontent-type;host\n${createHash(
      'sha256',
    )
      .update(init.body ?? '')
      .digest('hex')}`;
    const toSign = `TC3-HMAC-SHA256\n${timestamp}\n${m[2]}/${service}/tc3_request\n${createHash('sha256').update(canonical).digest('hex')}`;
    const key = hmac(hmac(hmac(`TC3${this.secretKey}`, m[2]), service), 'tc3_request');
    if (hmac(key, toSign).toString('hex') !== m[4]) throw new ApiError('AuthFailure.SignatureFailure', '签名错误');
  }

  private table(name: unknown): Table {
    const t = this.tables.get(String(name));
    if (!t) throw new ApiError('ResourceNotFound.TableNotExist', `集合 ${String(name)} 不存在`);
    return t;
  }

  private tcb(action: string, p: Record<string, unknown>): Record<string, unknown> {
    switch (action) {
      case 'DescribeEnvInfo':
        if (p.EnvId !== this.envId)
          throw new ApiError('ResourceNotFound.EnvNotExist', `环境 ${String(p.EnvId)} 不存在`);
        return {
          EnvInfo: {
            EnvBaseInfo: {
              EnvId: this.envId,
              Status: 'NORMAL',
              Databases: [{ InstanceId: 'tnt-standin', Status: 'RUNNING' }],
              Functions: [{ Namespace: this.envId }],
              Storages: [{ Bucket: `${this.envId}-1250000000`, AppId: '1250000000' }],
              LogServices: [],
            },
          },
        };
      case 'ListTables': {
        const names = [...this.tables.keys()].sort();
        const offset = Number(p.MgoOffset ?? 0);
        const limit = Number(p.MgoLimit ?? 100);
        const page = names.slice(offset, offset + limit);
        return {
          Tables: page.length
            ? page.map((n) => ({
                TableName: n,
                Count: this.tables.get(n)!.docs.size,
                Size: 0,
                IndexCount: 0,
                IndexSize: 0,
              }))
            : null,
          Pager: { Offset: offset, Limit: limit, Total: names.length },
        };
      }
      case 'DescribeTable': {
        const t = this.table(p.TableName);
        const indexes = [
          { Name: '_id_', Keys: [{ Name: '_id', Direction: '1' }], Unique: true, Size: 0 },
          ...t.indexes.map((i) => ({ ...i, Size: 0 })),
        ];
        return { Indexes: indexes, IndexNum: indexes.length };
      }
      case 'CreateTable': {
        const name = String(p.TableName);
        if (this.tables.has(name)) throw new ApiError('ResourceInUse', `集合 ${name} 已存在`);
        this.addTable(name);
        return {};
      }
      case 'UpdateTable': {
        const t = this.table(p.TableName);
        for (const d of (p.DropIndexes as Array<{ IndexName: string }> | undefined) ?? []) {
          if (!t.indexes.some((i) => i.Name === d.IndexName))
            throw new ApiError('ResourceNotFound', `索引 ${d.IndexName} 不存在`);
          t.indexes = t.indexes.filter((i) => i.Name !== d.IndexName);
        }
        for (const c of (p.CreateIndexes as
          | Array<{
              IndexName: string;
              MgoKeySchema: { MgoIndexKeys: Array<{ Name: string; Direction: string }>; MgoIsUnique: boolean };
            }>
          | undefined) ?? []) {
          if (t.indexes.some((i) => i.Name === c.IndexName))
            throw new ApiError('FailedOperation', `索引名 ${c.IndexName} 已存在`);
          const keys = c.MgoKeySchema.MgoIndexKeys;
          const same = t.indexes.find((i) => JSON.stringify(i.Keys) === JSON.stringify(keys));
          if (same)
            throw new ApiError(
              'FailedOperation',
              `Index with name: ${c.IndexName} already exists with a different name: ${same.Name}`,
            );
          if (c.MgoKeySchema.MgoIsUnique) {
            const seen = new Set<string>();
            for (const doc of t.docs.values()) {
              const key = JSON.stringify(keys.map((k) => doc[k.Name]));
              if (seen.has(key))
                throw new ApiError(
                  'FailedOperation',
                  `E11000 duplicate key error collection: ${String(p.TableName)} index: ${c.IndexName}`,
                );
              seen.add(key);
            }
          }
          t.indexes.push({
            Name: c.IndexName,
            Keys: keys.map((k) => ({ Name: k.Name, Direction: String(k.Direction) })),
            Unique: Boolean(c.MgoKeySchema.MgoIsUnique),
          });
        }
        return {};
      }
      case 'DescribeSafeRule': {
        // The API reference (https://cloud.tencent.com/document/api/876/128118) lists WxAppId as "微信AppId，微信必传";
        // every environment here is a WeChat one. A missing required parameter is the common error MissingParameter
        // (腾讯云 API 3.0 公共错误码: "缺少参数").
        if (typeof p.WxAppId !== 'string' || !p.WxAppId)
          throw new ApiError('MissingParameter', '缺少参数错误：WxAppId（微信环境必传）');
        const t = this.table(p.CollectionName);
        return { AclTag: t.rule.AclTag, Rule: t.rule.Rule ?? null };
      }
      case 'ModifySafeRule': {
        const t = this.table(p.CollectionName);
        if (p.AclTag === 'CUSTOM') {
          if (typeof p.Rule !== 'string') throw new ApiError('MissingParameter', 'AclTag=CUSTOM 时 Rule 必填');
          JSON.parse(p.Rule);
        }
        t.rule = { AclTag: String(p.AclTag), Rule: p.AclTag === 'CUSTOM' ? String(p.Rule) : undefined };
        return {};
      }
      case 'RunCommands':
        return {
          Data: (p.MgoCommands as Array<{ TableName: string; CommandType: string; Command: string }>).map((c) =>
            this.command(c),
          ),
        };
      default:
        throw new ApiError('InvalidAction', `接口 ${action} 不存在`);
    }
  }

  private command(c: { TableName: string; CommandType: string; Command: string }): string {
    const t = this.table(c.TableName);
    const cmd = JSON.parse(c.Command) as {
      find?: string;
      filter?: { _id?: { $in?: string[] } };
      update?: string;
      updates?: Array<{ q: { _id: string }; u: Record<string, unknown>; upsert: boolean }>;
    };
    if (c.CommandType === 'QUERY') {
      const ids = cmd.filter?._id?.$in;
      const docs = [...t.docs.values()].filter((d) => !ids || ids.includes(String(d._id)));
      // As the API reference's example (https://cloud.tencent.com/document/api/876/129012): a JSON array of
      // documents, each a JSON text in canonical Extended JSON ({"$numberInt":"3"}, {"$date":{"$numberLong":…}}).
      return JSON.stringify(docs.map((d) => EJSON.stringify(d, { relaxed: false })));
    }
    if (c.CommandType === 'UPDATE') {
      let n = 0;
      for (const u of cmd.updates ?? []) {
        if (Object.keys(u.u).some((k) => k.startsWith('$')))
          throw new ApiError('InvalidParameter', 'stand-in: only whole-document replacement');
        if (!t.docs.has(u.q._id) && !u.upsert) continue;
        t.docs.set(u.q._id, { _id: u.q._id, ...u.u });
        n += 1;
      }
      return JSON.stringify({ n, ok: 1 });
    }
    throw new ApiError('InvalidParameter', `CommandType ${c.CommandType} 不支持`);
  }

  private fn(name: unknown): StoredFunction {
    const f = this.functions.get(String(name));
    if (!f) throw new ApiError('ResourceNotFound.Function', `未找到指定的Function，请创建后再试。[${String(name)}]`);
    return f;
  }

  /**
   * SCF Invoke (https://cloud.tencent.com/document/api/583/17243): the event is ClientContext, the answer is
   * Result { RetMsg: the return value as JSON text, InvokeResult: 0, Log, ErrMsg, … }. The function runtime is
   * stood in for by what the deployed handler does with a call that has no WeChat caller: the health hook
   * (core/platform/health.ts, the same module the bundle runs) over this environment — the function's own
   * variables, this stand-in's collections, and WeChat's 云调用 answers: -604101 for an interface the function's
   * config.json does not declare or whose permission was not applied (openApiWithheld), otherwise the error
   * WeChat gives the harmless call's arguments (40003 invalid openid, 41030 invalid page) or 0 for the text check.
   * Anything else is refused by the function's contract (VALIDATION_FAILED), as the real handler does.
   */
  private async invoke(p: Record<string, unknown>): Promise<Record<string, unknown>> {
    if (p.Namespace !== undefined && p.Namespace !== this.envId)
      throw new ApiError('ResourceNotFound.Namespace', `命名空间 ${String(p.Namespace)} 不存在`);
    const name = String(p.FunctionName);
    const f = this.fn(name);
    const event = JSON.parse(String(p.ClientContext ?? '{}')) as Record<string, unknown>;
    const declared = (
      JSON.parse(f.files['config.json']?.toString('utf8') ?? '{}') as { permissions?: { openapi?: string[] } }
    ).permissions?.openapi;
    const probes: HealthProbes = {
      env: (key) => f.Variables.find((v) => v.Key === key)?.Value,
      database: async (collection) => {
        if (this.databaseDown) throw Object.assign(new Error('system error'), { errCode: -501001 });
        if (!this.tables.has(collection)) throw Object.assign(new Error('collection not exists'), { errCode: -502005 });
      },
      openapi: async (api) => {
        if (!declared?.includes(api) || this.openApiWithheld.has(name))
          throw Object.assign(new Error('system error: error code: -604101'), { errCode: -604101 });
        return { 'subscribeMessage.send': 40003, 'security.msgSecCheck': 0, 'wxacode.getUnlimited': 41030 }[api] ?? 0;
      },
    };
    const answer = (await answerHealth(event, '', probes)) ?? {
      ok: false,
      code: 'VALIDATION_FAILED',
      message: '提交的内容有误，请按提示修改',
    };
    return {
      Result: {
        MemUsage: 3207168,
        Log: '',
        RetMsg: JSON.stringify(answer),
        BillDuration: 1,
        FunctionRequestId: `standin-invoke-${this.calls.length}`,
        Duration: 1,
        ErrMsg: '',
        InvokeResult: 0,
      },
    };
  }

  private scf(action: string, p: Record<string, unknown>): Record<string, unknown> {
    if (p.Namespace !== undefined && p.Namespace !== this.envId)
      throw new ApiError('ResourceNotFound.Namespace', `命名空间 ${String(p.Namespace)} 不存在`);
    switch (action) {
      case 'GetFunction': {
        const f = this.fn(p.FunctionName);
        const answer = {
          FunctionName: p.FunctionName,
          Runtime: f.Runtime,
          Handler: f.Handler,
          MemorySize: f.MemorySize,
          Timeout: f.Timeout,
          Description: f.Description,
          InstallDependency: f.InstallDependency,
          Environment: { Variables: f.Variables },
          Triggers: f.Triggers,
          Status: f.Status,
        };
        // Creating/Updating lasts until it is looked at once: the SDK's wait sees it change.
        if (f.Status !== 'Active') f.Status = 'Active';
        return answer;
      }
      case 'CreateFunction': {
        const name = String(p.FunctionName);
        if (this.functions.has(name)) throw new ApiError('ResourceInUse.Function', `函数 ${name} 已存在`);
        const code = p.Code as { ZipFile?: string };
        if (!code?.ZipFile) throw new ApiError('InvalidParameterValue.Code', '代码为空');
        this.functions.set(name, {
          Runtime: String(p.Runtime),
          Handler: String(p.Handler),
          MemorySize: Number(p.MemorySize ?? 128),
          Timeout: Number(p.Timeout ?? 3),
          Description: String(p.Description ?? ''),
          InstallDependency: String(p.InstallDependency ?? 'FALSE'),
          Variables: ((p.Environment as { Variables?: Array<{ Key: string; Value: string }> })?.Variables ?? []).map(
            (v) => ({ Key: v.Key, Value: String(v.Value) }),
          ),
          Triggers: [],
          Status: 'Creating',
          files: unzip(Buffer.from(code.ZipFile, 'base64')),
        });
        return {};
      }
      case 'UpdateFunctionCode': {
        const f = this.fn(p.FunctionName);
        if (f.Status !== 'Active')
          throw new ApiError('FailedOperation.UpdateFunctionCode', '当前函数状态无法进行此操作，请稍后重试');
        const code = p.Code as { ZipFile?: string };
        f.files = unzip(Buffer.from(String(code.ZipFile), 'base64'));
        f.Handler = String(p.Handler ?? f.Handler);
        f.InstallDependency = String(p.InstallDependency ?? f.InstallDependency);
        f.Status = 'Updating';
        return {};
      }
      case 'UpdateFunctionConfiguration': {
        const f = this.fn(p.FunctionName);
        if (f.Status !== 'Active')
          throw new ApiError('FailedOperation.UpdateFunctionConfiguration', '当前函数状态无法进行此操作，请稍后重试');
        if (p.Timeout !== undefined) f.Timeout = Number(p.Timeout);
        if (p.MemorySize !== undefined) f.MemorySize = Number(p.MemorySize);
        if (p.Description !== undefined) f.Description = String(p.Description);
        const env = p.Environment as { Variables?: Array<{ Key: string; Value: string }> } | undefined;
        if (env?.Variables) f.Variables = env.Variables.map((v) => ({ Key: v.Key, Value: String(v.Value) }));
        f.Status = 'Updating';
        return {};
      }
      case 'BatchCreateTrigger': {
        const f = this.fn(p.FunctionName);
        const triggers = JSON.parse(String(p.Triggers)) as Array<{
          TriggerName: string;
          Type: string;
          TriggerDesc: string;
        }>;
        // Backstop for WeChat's one timer trigger per function (its trigger documentation: "目前仅支持一个触发器").
        // SCF documents no error for it; LimitExceeded is the common "超过配额限制" code, chosen by this stand-in.
        const timers =
          f.Triggers.filter((x) => x.Type === 'timer').length + triggers.filter((t) => t.Type === 'timer').length;
        if (timers > 1)
          throw new ApiError('LimitExceeded', `stand-in: 函数 ${String(p.FunctionName)} 只能有一个定时触发器`);
        for (const t of triggers) {
          if (f.Triggers.some((x) => x.TriggerName === t.TriggerName))
            throw new ApiError('ResourceInUse.Trigger', `触发器 ${t.TriggerName} 已存在`);
          if (t.Type !== 'timer' || t.TriggerDesc.split(' ').length !== 7)
            throw new ApiError('InvalidParameterValue.TriggerDesc', '定时触发器的 cron 表达式不正确');
        }
        for (const t of triggers)
          f.Triggers.push({
            TriggerName: t.TriggerName,
            Type: t.Type,
            TriggerDesc: JSON.stringify({ cron: t.TriggerDesc }),
          });
        return {};
      }
      case 'DeleteTrigger': {
        const f = this.fn(p.FunctionName);
        if (!f.Triggers.some((t) => t.TriggerName === p.TriggerName))
          throw new ApiError('ResourceNotFound.Trigger', `触发器 ${String(p.TriggerName)} 不存在`);
        f.Triggers = f.Triggers.filter((t) => t.TriggerName !== p.TriggerName);
        return {};
      }
      default:
        throw new ApiError('InvalidAction', `接口 ${action} 不存在`);
    }
  }
}

const READS = new Set(['DescribeEnvInfo', 'ListTables', 'DescribeTable', 'DescribeSafeRule', 'GetFunction']);

function isQueryOnly(params: Record<string, unknown>): boolean {
  return (params.MgoCommands as Array<{ CommandType: string }>).every((c) => c.CommandType === 'QUERY');
}

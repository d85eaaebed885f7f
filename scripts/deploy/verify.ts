/**
 * npm run deploy -- --verify (run after a deploy): asks each function in the environment for its health
 * (cloudfunctions/core/platform/health.ts) through the management API's Invoke, and reads every declared index
 * back (DescribeTable: wx-server-sdk has no way to list indexes from inside a function). Prints one row per
 * check and, for each failure, the console step that fixes it. Nothing secret is printed: the health token is
 * read from the function's configuration and redacted; the function answers names and yes/no only.
 */
import {
  HEALTH_FIELD,
  HEALTH_TOKEN_VARIABLE,
  type HealthReport,
  OPENAPI_NOT_PERMITTED,
} from '../../cloudfunctions/core/platform/health';
import type { Envelope } from '../../cloudfunctions/core/platform/envelope';
import type { Declarations, FunctionDeclaration } from './declarations';
import { type Cloud, indexKeys } from './managementApi';
import type { Output } from './output';
import { canonical } from './plan';
import { VARIABLES } from './variables';

export interface HealthRow {
  target: string;
  ok: boolean;
  detail: string;
  fix?: string;
}

/** The collection each function reads one count from: the catalogue, which every environment has after a deploy. */
const PROBE_COLLECTION = 'services';

const UPLOAD_FROM_DEVTOOLS = (fn: string) =>
  `从微信开发者工具上传一次以授予云调用：右键 cloudfunctions/${fn} →「上传并部署：云端安装依赖」（按 config.json 的 permissions.openapi 授权；权限约有 10 分钟缓存），再运行 npm run deploy -- --verify`;

async function indexRows(cloud: Cloud, decl: Declarations): Promise<HealthRow[]> {
  const rows: HealthRow[] = [];
  for (const c of decl.collections) {
    if (!c.indexes.length) continue;
    let have;
    try {
      have = await cloud.indexes(c.name);
    } catch (e) {
      rows.push({
        target: `集合 ${c.name} 索引`,
        ok: false,
        detail: e instanceof Error ? e.message : String(e),
        fix: '运行 npm run deploy 创建集合与索引',
      });
      continue;
    }
    const missing = c.indexes.filter((ix) => {
      const h = have.find((x) => x.name === ix.name);
      return !h || h.unique !== Boolean(ix.unique) || canonical(h.keys) !== canonical(indexKeys(ix));
    });
    rows.push({
      target: `集合 ${c.name} 索引`,
      ok: !missing.length,
      detail: missing.length ? `缺少或不符：${missing.map((ix) => ix.name).join('、')}` : `${c.indexes.length} 个均在`,
      fix: missing.length
        ? `运行 npm run deploy（或 云开发控制台 → 数据库 → ${c.name} → 索引管理，按 collections.ts 建立）`
        : undefined,
    });
  }
  return rows;
}

async function functionRows(cloud: Cloud, fn: FunctionDeclaration, out: Output): Promise<HealthRow[]> {
  const target = `函数 ${fn.name}`;
  const state = await cloud.getFunction(fn.name).catch((e: unknown) => e as Error);
  if (state instanceof Error || !state) {
    return [
      {
        target,
        ok: false,
        detail: state instanceof Error ? state.message : '不存在',
        fix: '运行 npm run deploy',
      },
    ];
  }
  const token = state.variables[HEALTH_TOKEN_VARIABLE] ?? '';
  out.addSecret(token);
  if (!token) {
    return [
      {
        target,
        ok: false,
        detail: `没有 ${HEALTH_TOKEN_VARIABLE}`,
        fix: '运行 npm run deploy（会为函数生成健康检查口令）',
      },
    ];
  }
  // The app secret, the personal-data key and the appid: the required variables this function reads.
  const variables = fn.variables.filter((n) => VARIABLES[n].required);
  let answer: Envelope<HealthReport>;
  try {
    answer = (await cloud.invoke(fn.name, {
      [HEALTH_FIELD]: { token, collection: PROBE_COLLECTION, variables, openapi: fn.openapi },
    })) as Envelope<HealthReport>;
  } catch (e) {
    return [
      {
        target,
        ok: false,
        detail: `调用失败：${e instanceof Error ? e.message : String(e)}`,
        fix: '查看 云开发控制台 → 云函数 → 日志；代码不是本次部署的时运行 npm run deploy',
      },
    ];
  }
  if (!answer || answer.ok !== true) {
    return [
      {
        target,
        ok: false,
        detail: `未回答健康检查（${answer && answer.ok === false ? answer.code : '回答格式不对'}）`,
        fix: '运行 npm run deploy（函数代码或变量不是本工具部署的）',
      },
    ];
  }
  const report = answer.data;
  const rows: HealthRow[] = [
    {
      target: `${target} 数据库`,
      ok: report.database.ok,
      detail: report.database.ok ? `可读 ${PROBE_COLLECTION}` : `读取失败（${String(report.database.errCode)}）`,
      fix: report.database.ok
        ? undefined
        : '在 云开发控制台 → 数据库 确认数据库已开通、集合 services 存在，然后运行 npm run deploy',
    },
  ];
  for (const name of variables) {
    const present = report.variables[name] === true;
    rows.push({
      target: `${target} 变量 ${name}`,
      ok: present,
      detail: present ? '已设置' : '未设置',
      fix: present
        ? undefined
        : `在环境变量或 .deploy.env 中提供 ${name}（${VARIABLES[name].what}）后运行 npm run deploy`,
    });
  }
  for (const api of fn.openapi) {
    const r = report.openapi[api];
    const permitted = r?.ok === true;
    rows.push({
      target: `${target} 云调用 ${api}`,
      ok: permitted,
      detail: permitted
        ? `可调用（errcode ${r.errCode}）`
        : `errcode ${r?.errCode ?? '无'}${r?.errCode === OPENAPI_NOT_PERMITTED ? '：function has no permission to call this API' : ''}`,
      fix: permitted ? undefined : UPLOAD_FROM_DEVTOOLS(fn.name),
    });
  }
  return rows;
}

export async function verify(cloud: Cloud, decl: Declarations, out: Output): Promise<number> {
  out.line();
  out.line('健康检查（--verify）：');
  const rows = [
    ...(await indexRows(cloud, decl)),
    ...(await Promise.all(decl.functions.map((fn) => functionRows(cloud, fn, out)))).flat(),
  ];
  const width = Math.max(...rows.map((r) => r.target.length));
  for (const r of rows) out.line(`  ${r.ok ? '✓' : '✗'}  ${r.target.padEnd(width)}  ${r.detail}`);
  const failed = rows.filter((r) => !r.ok);
  out.line(`健康检查：通过 ${rows.length - failed.length} 项，失败 ${failed.length} 项。`);
  if (!failed.length) return 0;
  out.error('健康检查未通过，处理方法：');
  for (const r of failed) out.error(`  ${r.target}：${r.fix ?? '见上方说明'}`);
  return 1;
}

/**
 * The plan: every declared thing, what the environment has of it (when it could be read), and the step that
 * makes it match. A plan made without reading the environment lists what must exist ("应为").
 */
import type { IndexDeclaration } from '../../cloudfunctions/core/documents/collections';
import {
  type Cloud,
  type Doc,
  type FunctionState,
  type IndexState,
  type RuleState,
  codeMarker,
  indexKeys,
} from './managementApi';
import { type Declarations, type FunctionDeclaration, HANDLER, RUNTIME } from './declarations';
import { VARIABLES } from './variables';

export type Action = 'create' | 'update' | 'replace' | 'delete' | 'keep' | 'unknown' | 'blocked';

export interface Step {
  id: string;
  section: 'database' | 'functions' | 'data';
  /** Steps of one group run in order; a step whose `after` did not succeed is not attempted. */
  group: string;
  after?: string;
  target: string;
  action: Action;
  detail: string;
  run?: (cloud: Cloud) => Promise<void>;
}

export interface Observed {
  collections: Set<string>;
  indexes: Map<string, IndexState[]>;
  rules: Map<string, RuleState>;
  functions: Map<string, FunctionState | null>;
  documents: Map<string, Map<string, Doc>>;
}

/** Reads everything the plan compares (read-only calls). */
export async function observe(cloud: Cloud, decl: Declarations): Promise<Observed> {
  await cloud.environment();
  const collections = await cloud.listCollections();
  const indexes = new Map<string, IndexState[]>();
  const rules = new Map<string, RuleState>();
  for (const c of decl.collections) {
    if (!collections.has(c.name)) continue;
    indexes.set(c.name, await cloud.indexes(c.name));
    rules.set(c.name, await cloud.rule(c.name));
  }
  const functions = new Map<string, FunctionState | null>();
  await Promise.all(decl.functions.map(async (f) => functions.set(f.name, await cloud.getFunction(f.name))));
  const documents = new Map<string, Map<string, Doc>>();
  for (const d of decl.data) {
    const found = collections.has(d.collection)
      ? await cloud.findByIds(
          d.collection,
          d.documents.map((doc) => doc._id),
        )
      : [];
    documents.set(d.collection, new Map(found.map((doc) => [doc._id, doc])));
  }
  return { collections, indexes, rules, functions, documents };
}

// ---- comparison helpers

/** JSON with sorted keys; fields starting with "_" (CloudBase's own, and _id) are left out. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([k, v]) => !k.startsWith('_') && v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

const describeKeys = (keys: Array<{ field: string; direction: string }>, unique: boolean) =>
  `(${keys.map((k) => `${k.field} ${k.direction}`).join(', ')}${unique ? '，唯一' : ''})`;

const sameIndex = (decl: IndexDeclaration, have: IndexState) =>
  Boolean(decl.unique) === have.unique && canonical(indexKeys(decl)) === canonical(have.keys);

const sameRule = (want: unknown, have: RuleState) =>
  have.aclTag === 'CUSTOM' && canonical(have.rule) === canonical(want);

const nodeMajor = (runtime: string) => Number(/^Nodejs(\d+)/.exec(runtime)?.[1] ?? 0);

/** The values a function is deployed with: provided declared variables; a value the cloud has for one not provided is kept. */
export function wantedVariables(
  fn: FunctionDeclaration,
  provided: Record<string, string>,
  have: FunctionState | null,
): Record<string, string> {
  const vars: Record<string, string> = { ...(have?.variables ?? {}) };
  for (const name of fn.variables) {
    if (VARIABLES[name].generated && vars[name]) continue;
    if (provided[name] !== undefined) vars[name] = provided[name];
  }
  return vars;
}

function variableSummary(fn: FunctionDeclaration, provided: Record<string, string>): string {
  if (!fn.variables.length) return '变量 无';
  const note = (n: string) =>
    VARIABLES[n].generated
      ? '（部署时生成）'
      : provided[n] !== undefined
        ? ''
        : VARIABLES[n].required
          ? '（未提供！）'
          : '（未提供，可选）';
  return `变量 ${fn.variables.map((n) => `${n}${note(n)}`).join('、')}`;
}

const triggerText = (t: { name: string; config: string }) => `${t.name} "${t.config}"`;

// ---- the plan

function databaseSteps(decl: Declarations, seen: Observed | null): Step[] {
  const steps: Step[] = [];
  for (const c of decl.collections) {
    const exists = seen?.collections.has(c.name) ?? false;
    const collectionId = `collection:${c.name}`;
    const after = seen && !exists ? collectionId : undefined;
    steps.push({
      id: collectionId,
      section: 'database',
      group: 'database',
      target: `集合 ${c.name}`,
      action: !seen ? 'unknown' : exists ? 'keep' : 'create',
      detail: '',
      run: seen && !exists ? (cloud) => createCollection(cloud, c.name) : undefined,
    });
    const rule = seen?.rules.get(c.name);
    const ruleOk = rule ? sameRule(c.rule, rule) : false;
    steps.push({
      id: `rule:${c.name}`,
      section: 'database',
      group: 'database',
      after,
      target: `${c.name} 安全规则`,
      action: !seen ? 'unknown' : !exists ? 'create' : ruleOk ? 'keep' : 'update',
      detail: `${JSON.stringify(c.rule)}${seen && exists && !ruleOk && rule ? `（现为 ${rule.aclTag}${rule.rule ? ` ${JSON.stringify(rule.rule)}` : ''}）` : ''}`,
      run: seen && ruleOk ? undefined : seen ? (cloud) => cloud.setRule(c.name, c.rule) : undefined,
    });
    const have = seen?.indexes.get(c.name) ?? [];
    for (const ix of c.indexes) {
      const current = have.find((h) => h.name === ix.name);
      const action: Action = !seen ? 'unknown' : !current ? 'create' : sameIndex(ix, current) ? 'keep' : 'replace';
      steps.push({
        id: `index:${c.name}.${ix.name}`,
        section: 'database',
        group: 'database',
        after,
        target: `${c.name} 索引 ${ix.name}`,
        action,
        detail: `${describeKeys(indexKeys(ix), Boolean(ix.unique))}${action === 'replace' && current ? `，现为 ${describeKeys(current.keys, current.unique)}：先删除再按声明重建` : ''}`,
        run:
          action === 'create'
            ? (cloud) => createIndex(cloud, c.name, ix)
            : action === 'replace'
              ? (cloud) => replaceIndex(cloud, c.name, ix)
              : undefined,
      });
    }
    for (const extra of have.filter((h) => !c.indexes.some((ix) => ix.name === h.name))) {
      steps.push({
        id: `index:${c.name}.${extra.name}`,
        section: 'database',
        group: 'database',
        target: `${c.name} 索引 ${extra.name}`,
        action: 'keep',
        detail: `${describeKeys(extra.keys, extra.unique)}：未在 collections.ts 声明，保留不动`,
      });
    }
  }
  return steps;
}

function functionSteps(fn: FunctionDeclaration, provided: Record<string, string>, seen: Observed | null): Step[] {
  const have = seen?.functions.get(fn.name) ?? null;
  const group = `function:${fn.name}`;
  const config = `${fn.memorySize} MB · 超时 ${fn.timeout} s · ${variableSummary(fn, provided)}`;
  const triggers = fn.triggers.length ? fn.triggers.map(triggerText).join('、') : '无';
  if (!seen || !have) {
    return [
      {
        id: group,
        section: 'functions',
        group,
        target: `函数 ${fn.name}`,
        action: seen ? 'create' : 'unknown',
        detail: `${RUNTIME} · ${config} · 触发器 ${triggers} · 代码 sha256 ${fn.codeHash}（${Object.keys(fn.files).join('、')}，云端安装依赖）`,
        run: seen ? (cloud) => cloud.createFunction(fn, wantedVariables(fn, provided, null)) : undefined,
      },
    ];
  }
  const steps: Step[] = [];
  if (nodeMajor(have.runtime) < 18) {
    steps.push({
      id: `${group}:runtime`,
      section: 'functions',
      group,
      target: `函数 ${fn.name} 运行时`,
      action: 'blocked',
      detail: `现为 ${have.runtime}，需要 Node.js 18 或更高；运行时无法原地更改：在控制台删除该函数后重新运行 npm run deploy`,
    });
  }
  const codeOk = have.description.includes(codeMarker(fn.codeHash)) && have.handler === HANDLER;
  steps.push({
    id: `${group}:code`,
    section: 'functions',
    group,
    target: `函数 ${fn.name} 代码`,
    action: codeOk ? 'keep' : 'update',
    detail: `sha256 ${fn.codeHash}${codeOk ? '' : `（云端：${/code sha256 (\w+)/.exec(have.description)?.[1] ?? '不是本工具部署的代码'}）`}`,
    run: codeOk ? undefined : (cloud) => cloud.updateFunctionCode(fn),
  });
  const vars = wantedVariables(fn, provided, have);
  const changedVars = fn.variables.filter((n) => vars[n] !== undefined && have.variables[n] !== vars[n]);
  const differences = [
    have.timeout !== fn.timeout ? `超时 ${have.timeout} → ${fn.timeout} s` : '',
    have.memorySize !== fn.memorySize ? `内存 ${have.memorySize} → ${fn.memorySize} MB` : '',
    changedVars.length ? `变量 ${changedVars.join('、')} 将更新` : '',
    codeOk ? '' : '代码标记',
  ].filter(Boolean);
  steps.push({
    id: `${group}:config`,
    section: 'functions',
    group,
    after: codeOk ? undefined : `${group}:code`,
    target: `函数 ${fn.name} 配置`,
    action: differences.length ? 'update' : 'keep',
    detail: `${config}${differences.length ? `（${differences.join('；')}）` : ''}`,
    run: differences.length ? (cloud) => cloud.updateFunctionConfig(fn, vars) : undefined,
  });
  for (const t of fn.triggers) {
    const current = have.triggers.find((h) => h.name === t.name);
    const action: Action = !current
      ? 'create'
      : current.config === t.config && current.type === t.type
        ? 'keep'
        : 'replace';
    steps.push({
      id: `${group}:trigger:${t.name}`,
      section: 'functions',
      group,
      target: `函数 ${fn.name} 触发器 ${t.name}`,
      action,
      detail: `"${t.config}"${action === 'replace' && current ? `（现为 "${current.config}"）` : ''}`,
      run:
        action === 'create'
          ? (cloud) => cloud.createTriggers(fn.name, [t])
          : action === 'replace'
            ? async (cloud) => {
                await cloud.deleteTrigger(fn.name, t.name);
                await cloud.createTriggers(fn.name, [t]);
              }
            : undefined,
    });
  }
  for (const extra of have.triggers.filter((h) => !fn.triggers.some((t) => t.name === h.name))) {
    steps.push({
      id: `${group}:trigger:${extra.name}`,
      section: 'functions',
      group,
      target: `函数 ${fn.name} 触发器 ${extra.name}`,
      action: 'delete',
      detail: `"${extra.config}"：config.json 未声明`,
      run: (cloud) => cloud.deleteTrigger(fn.name, extra.name),
    });
  }
  return steps;
}

function dataSteps(decl: Declarations, seen: Observed | null): Step[] {
  return decl.data.map((d) => {
    const id = `data:${d.collection}`;
    const have = seen?.documents.get(d.collection) ?? new Map<string, Doc>();
    const missing = d.documents.filter((doc) => !have.has(doc._id));
    const changed = d.documents.filter((doc) => have.has(doc._id) && canonical(have.get(doc._id)) !== canonical(doc));
    const writes = [...missing, ...changed];
    const kept = d.documents.length - writes.length;
    const action: Action = !seen ? 'unknown' : missing.length ? 'create' : changed.length ? 'update' : 'keep';
    const counts = seen ? `：新增 ${missing.length}，更新 ${changed.length}，不变 ${kept}` : '';
    const sample = changed.length
      ? `（更新 ${changed
          .slice(0, 3)
          .map((doc) => doc._id)
          .join('、')}${changed.length > 3 ? ' 等' : ''}）`
      : '';
    return {
      id,
      section: 'data',
      group: 'data',
      after: seen && !seen.collections.has(d.collection) ? `collection:${d.collection}` : undefined,
      target: `${d.collection} 数据`,
      action,
      detail: `${d.what} ${d.documents.length} 条，按 _id 写入${counts}${sample}`,
      run: writes.length && seen ? (cloud) => cloud.upsert(d.collection, writes) : undefined,
    } satisfies Step;
  });
}

export function makePlan(decl: Declarations, provided: Record<string, string>, seen: Observed | null): Step[] {
  return [
    ...databaseSteps(decl, seen),
    ...decl.functions.flatMap((f) => functionSteps(f, provided, seen)),
    ...dataSteps(decl, seen),
  ];
}

// ---- writes that check what happened when CloudBase refuses

async function createCollection(cloud: Cloud, name: string): Promise<void> {
  try {
    await cloud.createCollection(name);
  } catch (e) {
    // Created meanwhile (or an earlier run's answer was lost): fine if it is there now.
    if ((await cloud.listCollections()).has(name)) return;
    throw e;
  }
}

async function createIndex(cloud: Cloud, collection: string, ix: IndexDeclaration): Promise<void> {
  try {
    await cloud.createIndex(collection, ix);
  } catch (e) {
    const now = (await cloud.indexes(collection)).find((h) => h.name === ix.name);
    if (now && sameIndex(ix, now)) return;
    throw e;
  }
}

async function replaceIndex(cloud: Cloud, collection: string, ix: IndexDeclaration): Promise<void> {
  await cloud.dropIndex(collection, ix.name);
  await createIndex(cloud, collection, ix);
}

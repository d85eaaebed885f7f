/**
 * npm run deploy -- [--dry-run | --check] [--institutions FILE]
 *
 * From the repository's declarations to a CloudBase environment: collections, security rules, indexes,
 * functions (code, runtime, memory, timeout, variables, timer triggers) and the catalogue data.
 *   --dry-run  prints the plan and calls nothing that writes (without credentials: what must exist)
 *   --check    compares the environment with the declarations; exit 1 on any difference
 *   --verify   run after a deploy: reads every declared index back and asks each function for its health
 *              (database, variables, 云调用) through Invoke; exit 1 on any failure, with the step that fixes it
 * Exit codes: 0 done / no difference, 1 a step failed or (--check) a difference, 2 nothing done (usage,
 * configuration, declarations).
 */
import { z } from 'zod';
import { apply } from './apply';
import { Cloud } from './managementApi';
import { DeclarationError, type DataDeclaration, type Declarations, RUNTIME, loadDeclarations } from './declarations';
import { loadInstitutions } from './institutions';
import { Output, printPlan } from './output';
import { type Observed, makePlan, observe } from './plan';
import { LOCAL_FILE, type Settings, loadSettings } from './settings';
import { VARIABLES } from './variables';
import { verify } from './verify';

type Mode = 'dry-run' | 'check' | 'deploy' | 'verify';

const USAGE = '用法：npm run deploy -- [--dry-run | --check | --verify] [--institutions 文件.csv|文件.json]';

const options = z
  .object({
    dryRun: z.boolean(),
    check: z.boolean(),
    verify: z.boolean(),
    institutions: z.string().min(1).optional(),
  })
  .refine(
    (o) => [o.dryRun, o.check, o.verify].filter(Boolean).length <= 1,
    '--dry-run、--check 与 --verify 只能选一个',
  );

function parseArgs(argv: string[]): z.SafeParseReturnType<unknown, z.infer<typeof options>> {
  const known = new Set(['--dry-run', '--check', '--verify', '--institutions']);
  const unknown = argv.filter((a, i) => a.startsWith('--') && !known.has(a) && argv[i - 1] !== '--institutions');
  const i = argv.indexOf('--institutions');
  return options.safeParse(
    unknown.length
      ? null
      : {
          dryRun: argv.includes('--dry-run'),
          check: argv.includes('--check'),
          verify: argv.includes('--verify'),
          institutions: i >= 0 ? argv[i + 1] : undefined,
        },
  );
}

export interface RunContext {
  argv: string[];
  env: NodeJS.ProcessEnv;
  root: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/** Required variables a function reads that were not provided, as "NAME（函数 a、b）". */
function missingVariables(decl: Declarations, settings: Settings): string[] {
  const users = new Map<string, string[]>();
  for (const f of decl.functions) for (const v of f.variables) users.set(v, [...(users.get(v) ?? []), f.name]);
  return [...users]
    .filter(([name]) => VARIABLES[name].required && settings.variables[name] === undefined)
    .map(([name, fns]) => `${name}（${VARIABLES[name].what}；函数 ${fns.join('、')}）`);
}

/** SDK messages (console.log/warn) go through the same redaction, to stderr. */
async function withConsole<T>(out: Output, work: () => Promise<T>): Promise<T> {
  const saved = { log: console.log, info: console.info, warn: console.warn, error: console.error };
  const forward = (...args: unknown[]) =>
    out.error(`  （SDK）${args.map((a) => (a instanceof Error ? a.message : String(a))).join(' ')}`);
  Object.assign(console, { log: forward, info: forward, warn: forward, error: forward });
  try {
    return await work();
  } finally {
    Object.assign(console, saved);
  }
}

export async function run(ctx: RunContext): Promise<number> {
  const args = parseArgs(ctx.argv);
  const early = new Output(ctx.stdout, ctx.stderr, []);
  if (!args.success) {
    early.error(
      `${args.error.issues[0]?.message === 'Required' || !args.error.issues.length ? '' : `${args.error.issues[0].message}\n`}${USAGE}`,
    );
    return 2;
  }
  const mode = args.data.dryRun ? 'dry-run' : args.data.check ? 'check' : args.data.verify ? 'verify' : 'deploy';
  const settings = loadSettings(ctx.root, ctx.env);
  const out = new Output(ctx.stdout, ctx.stderr, settings.secrets);
  try {
    return await deploy(ctx, args.data.institutions, mode, settings, out);
  } catch (e) {
    // Unexpected: the message only, redacted like everything else.
    out.error(`部署工具内部错误：${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
}

async function deploy(
  ctx: RunContext,
  institutions: string | undefined,
  mode: Mode,
  settings: Settings,
  out: Output,
): Promise<number> {
  let decl: Declarations;
  try {
    const extra: DataDeclaration[] = institutions ? loadInstitutions(institutions) : [];
    decl = loadDeclarations(ctx.root, extra);
  } catch (e) {
    if (e instanceof DeclarationError) {
      out.error(e.message);
      return 2;
    }
    throw e;
  }

  // WeChat: "triggers 字段是触发器数组，目前仅支持一个触发器" — one timer trigger per function
  // (https://developers.weixin.qq.com/miniprogram/dev/wxcloudservice/wxcloud/guide/functions/triggers.md). SCF's own
  // API documents no such refusal (its quota is 10 triggers of a kind per function), so the deploy refuses up front.
  const manyTimers = decl.functions.filter((f) => f.triggers.filter((t) => t.type === 'timer').length > 1);
  if (manyTimers.length && mode !== 'verify') {
    for (const f of manyTimers)
      out.error(
        `cloudfunctions/${f.name}/config.json 声明了 ${f.triggers.length} 个定时触发器（${f.triggers.map((t) => t.name).join('、')}）：微信云开发每个函数目前只支持一个定时触发器，请合并为一个后再部署。`,
      );
    return 2;
  }

  const title = {
    'dry-run': '部署计划（--dry-run：不做任何写入）',
    check: '核对环境与声明（--check：只读）',
    deploy: '部署',
    verify: '健康检查（--verify：在部署之后运行；只读取并调用函数，不做改动）',
  }[mode];
  out.line(`${title}`);
  out.line(
    `环境：${settings.envId ? `${settings.envId}（来自 ${settings.envIdFrom}）` : '未设置'} · 凭据：${settings.credentials ? `已提供（SecretId ${settings.credentials.secretId.slice(0, 6)}…）` : '未提供'}`,
  );
  out.line(
    `云函数 ${decl.functions.length} 个，运行时 ${RUNTIME}；集合 ${decl.collections.length} 个；数据 ${decl.data.map((d) => `${d.collection} ${d.documents.length} 条`).join('、')}`,
  );
  for (const w of settings.warnings) out.error(`注意：${w}`);

  const missing = missingVariables(decl, settings);
  const problems = [...settings.problems.map((p) => `格式不对：${p}`), ...missing.map((m) => `未提供：${m}`)];
  if (problems.length) {
    const where = `在环境变量或 ${LOCAL_FILE} 中提供`;
    if (mode === 'deploy') {
      out.error(`函数变量有问题（${where}），未做任何改动：\n  ${problems.join('\n  ')}`);
      return 2;
    }
    out.error(`注意：函数变量有问题（${where}；部署前必须解决）：\n  ${problems.join('\n  ')}`);
  }

  // Reading a collection's security rule (DescribeSafeRule) needs the mini-program's appid: WECHAT_APPID.
  const wxAppId = settings.variables.WECHAT_APPID;
  const connection =
    settings.credentials && settings.envId && wxAppId
      ? new Cloud(settings.envId, settings.credentials, { region: settings.region, wxAppId })
      : null;
  if (!connection) {
    const need = [
      !settings.envId ? 'CLOUDBASE_ENV_ID（或 npm run configure）' : '',
      !settings.credentials ? 'TENCENTCLOUD_SECRETID 与 TENCENTCLOUD_SECRETKEY' : '',
      !wxAppId ? 'WECHAT_APPID（读取集合安全规则 DescribeSafeRule 时必传）' : '',
    ]
      .filter(Boolean)
      .join('、');
    if (mode !== 'dry-run') {
      out.error(`需要 ${need}（环境变量或 ${LOCAL_FILE}），未做任何改动。`);
      return 2;
    }
    out.line(`未读取环境（缺少 ${need}）：以下是声明要求环境具备的全部内容。`);
    out.line();
    printPlan(out, makePlan(decl, settings.variables, null));
    return 0;
  }

  return withConsole(out, async () => {
    if (mode === 'verify') return verify(connection, decl, out);
    let seen: Observed;
    try {
      seen = await observe(connection, decl);
    } catch (e) {
      out.error(`读取环境 ${settings.envId} 失败，未做任何改动：${e instanceof Error ? e.message : String(e)}`);
      return 1;
    }
    const steps = makePlan(decl, settings.variables, seen);
    out.line();
    printPlan(out, steps);
    const pending = steps.filter((s) => s.action !== 'keep');
    if (mode === 'dry-run') return 0;
    if (mode === 'check') {
      if (!pending.length) {
        out.line('环境与声明一致。');
        return 0;
      }
      out.error(`有 ${pending.length} 处与声明不一致（见上方 非“= 不变”的行）。`);
      return 1;
    }
    if (!pending.length) {
      out.line('环境已与声明一致，未做任何改动。');
      return 0;
    }
    out.line();
    out.line('执行：');
    const outcomes = await apply(connection, steps);
    for (const o of outcomes) {
      if (o.status === 'done') out.line(`  ✓ ${o.step.target}`);
      else if (o.status === 'failed') out.line(`  ✗ ${o.step.target}：${o.error}`);
      else out.line(`  – ${o.step.target}：未执行（${o.because} 未完成）`);
    }
    const failed = outcomes.filter((o) => o.status === 'failed').length;
    const skipped = outcomes.filter((o) => o.status === 'skipped').length;
    const done = outcomes.length - failed - skipped;
    out.line(`完成 ${done} 项，失败 ${failed} 项，未执行 ${skipped} 项。`);
    if (failed || skipped) {
      out.error('部署未全部完成：处理上面的失败后再次运行 npm run deploy，已完成的部分会保持不变。');
      return 1;
    }
    return 0;
  });
}

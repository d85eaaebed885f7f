import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { shippedCatalogue } from '../../cloudfunctions/core/catalog/data';
import { COLLECTIONS } from '../../cloudfunctions/core/documents/collections';
import { loadFunctions } from '../../scripts/deploy/declarations';
import { ENV, ROOT, SECRETS, deploy, expectNoSecret, scratchRoot } from './harness';
import { CloudBaseStandIn } from './standIn';

// Each deploy waits (as the SDK does, 1 s a poll) for every function to be ready: slow on a busy machine.
jest.setTimeout(300_000);

const functions = loadFunctions(ROOT);
const root = scratchRoot();
let cloud: CloudBaseStandIn;
const outputs: string[] = [];
/** Every management API action called in this file, and those called by --dry-run / --check runs. */
const called = new Set<string>();
const calledReadOnly = new Set<string>();

async function go(argv: string[], env: NodeJS.ProcessEnv = ENV) {
  const mark = cloud.calls.length;
  const res = await deploy(root, argv, env);
  outputs.push(res.all);
  for (const c of cloud.calls.slice(mark)) {
    called.add(`${c.service}:${c.action}`);
    if (!argv.includes('--check') && !argv.includes('--dry-run')) continue;
    // RunCommands both reads and writes: a read-only run may send queries only.
    const queries =
      c.action === 'RunCommands' &&
      (c.params.MgoCommands as Array<{ CommandType: string }>).every((m) => m.CommandType === 'QUERY');
    calledReadOnly.add(queries ? 'tcb:RunCommands QUERY' : `${c.service}:${c.action}`);
  }
  return res;
}

beforeEach(() => {
  cloud = new CloudBaseStandIn(
    ENV.CLOUDBASE_ENV_ID,
    ENV.TENCENTCLOUD_SECRETID,
    SECRETS.TENCENTCLOUD_SECRETKEY,
  ).install();
});
afterEach(() => cloud.uninstall());
afterAll(() => rmSync(root, { recursive: true, force: true }));

function expectMatchesDeclarations(standIn: CloudBaseStandIn): void {
  expect([...standIn.tables.keys()].sort()).toEqual(expect.arrayContaining(Object.keys(COLLECTIONS).sort()));
  for (const [name, decl] of Object.entries(COLLECTIONS)) {
    const table = standIn.tables.get(name)!;
    expect([name, table.rule.AclTag, JSON.parse(table.rule.Rule ?? 'null')]).toEqual([name, 'CUSTOM', decl.rule]);
    for (const ix of decl.indexes) {
      const have = table.indexes.find((i) => i.Name === ix.name);
      expect([name, ix.name, have?.Keys, have?.Unique]).toEqual([
        name,
        ix.name,
        Object.entries(ix.keys).map(([k, d]) => ({ Name: k, Direction: String(d) })),
        Boolean(ix.unique),
      ]);
    }
  }
  for (const fn of functions) {
    const f = standIn.functions.get(fn.name)!;
    const config = JSON.parse(fn.files['config.json'].toString()) as {
      timeout: number;
      triggers?: Array<{ name: string; config: string }>;
    };
    expect([fn.name, f.Runtime, f.Handler, f.Timeout, f.MemorySize, f.InstallDependency]).toEqual([
      fn.name,
      'Nodejs18.15',
      'index.main',
      config.timeout,
      256,
      'TRUE',
    ]);
    // The bundle, its configuration, and (filing) the 花名表 parser it loads only when a 花名表 is read.
    const lazy = fn.name === 'filing' ? ['batch.js'] : [];
    expect(Object.keys(f.files).sort()).toEqual([...lazy, 'config.json', 'index.js', 'package.json']);
    for (const [file, data] of Object.entries(f.files))
      expect([fn.name, file, data.equals(readFileSync(join(fn.dir, file)))]).toEqual([fn.name, file, true]);
    expect(f.Triggers.map((t) => [t.TriggerName, JSON.parse(t.TriggerDesc).cron])).toEqual(
      (config.triggers ?? []).map((t) => [t.name, t.config]),
    );
  }
  const services = standIn.tables.get('services')!.docs;
  for (const item of shippedCatalogue()) expect(services.get(item.code)).toEqual({ _id: item.code, ...item });
}

describe('npm run deploy against the CloudBase stand-in', () => {
  it('--dry-run without credentials prints every declared collection, rule, index, function and the catalogue, and calls nothing', async () => {
    const env = { PII_KEY: SECRETS.PII_KEY };
    const res = await go(['--dry-run'], env);
    expect(res.code).toBe(0);
    expect(cloud.calls).toEqual([]);
    expect(res.out).toContain('未读取环境');
    for (const [name, decl] of Object.entries(COLLECTIONS)) {
      expect(res.out).toContain(`? 应为  集合 ${name}\n`);
      expect(res.out).toContain(`? 应为  ${name} 安全规则 ${JSON.stringify(decl.rule)}`);
      for (const ix of decl.indexes)
        expect(res.out).toContain(
          `${name} 索引 ${ix.name} (${Object.entries(ix.keys)
            .map(([k, d]) => `${k} ${d}`)
            .join(', ')}${ix.unique ? '，唯一' : ''})`,
        );
    }
    for (const fn of functions) {
      const line = res.out.split('\n').find((l) => l.includes(`函数 ${fn.name} `))!;
      expect(line).toContain(`Nodejs18.15 · 256 MB · 超时 ${fn.timeout} s`);
      expect(line).toContain(`sha256 ${fn.codeHash}`);
      for (const t of fn.triggers) expect(line).toContain(`${t.name} "${t.config}"`);
    }
    expect(res.out).toContain(`函数 user `);
    expect(res.out).toMatch(
      /函数 user .*变量 PII_KEY、PII_PREVIOUS_KEYS（未提供，可选）、WECHAT_APPID（未提供！）、WECHAT_APP_SECRET（未提供！）/,
    );
    expect(res.out).toContain(
      `services 数据 办事指南（cloudfunctions/core/catalog/data） ${shippedCatalogue().length} 条`,
    );
    expect(res.err).toContain('未提供：WECHAT_APPID');
  });

  it('deploys an empty environment from the declarations, then a second run and --check find nothing to do', async () => {
    const dry = await go(['--dry-run']);
    expect(dry.code).toBe(0);
    expect(cloud.writes()).toEqual([]);
    expect(dry.out).toContain(`+ 新建  集合 services`);

    const first = await go([]);
    expect(first.err).toBe('');
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/完成 \d+ 项，失败 0 项，未执行 0 项/);
    expectMatchesDeclarations(cloud);
    // Variables follow each bundle: the user function gets the WeChat pair and the key, catalog none.
    const vars = (name: string) =>
      Object.fromEntries(cloud.functions.get(name)!.Variables.map((v) => [v.Key, v.Value]));
    // Every function also gets the health token (--verify), made by the deploy: one random value, never printed.
    const token = vars('catalog').DEPLOY_HEALTH_TOKEN;
    expect(token).toMatch(/^[0-9a-f]{48}$/);
    expect(vars('user')).toEqual({
      PII_KEY: SECRETS.PII_KEY,
      WECHAT_APPID: ENV.WECHAT_APPID,
      WECHAT_APP_SECRET: SECRETS.WECHAT_APP_SECRET,
      DEPLOY_HEALTH_TOKEN: token,
    });
    expect(vars('catalog')).toEqual({ DEPLOY_HEALTH_TOKEN: token });
    expect(vars('facility')).toEqual({
      TEMPLATE_FACILITY_EFFECTIVE: ENV.TEMPLATE_FACILITY_EFFECTIVE,
      DEPLOY_HEALTH_TOKEN: token,
    });
    expect(first.all).not.toContain(token);

    const mark = cloud.calls.length;
    const second = await go([]);
    expect(second.code).toBe(0);
    expect(second.out).toContain('环境已与声明一致，未做任何改动。');
    expect(second.out).not.toMatch(/^ {2}[+~±-] /m);
    const check = await go(['--check']);
    expect(check.code).toBe(0);
    expect(check.out).toContain('环境与声明一致。');
    expect(cloud.writes().filter((c) => cloud.calls.indexOf(c) >= mark)).toEqual([]);
    // Every rule read carried the appid (DescribeSafeRule: WxAppId 微信必传); the stand-in refuses one without it.
    const ruleReads = cloud.calls.filter((c) => c.action === 'DescribeSafeRule');
    expect(ruleReads.length).toBeGreaterThan(0);
    expect(new Set(ruleReads.map((c) => c.params.WxAppId))).toEqual(new Set([ENV.WECHAT_APPID]));
  });

  it('--check and --dry-run need WECHAT_APPID to read security rules, and say so before any call', async () => {
    const { WECHAT_APPID: _omit, ...env } = ENV;
    const check = await go(['--check'], env);
    expect(check.code).toBe(2);
    expect(check.err).toContain('WECHAT_APPID（读取集合安全规则 DescribeSafeRule 时必传）');
    const dry = await go(['--dry-run'], env);
    expect(dry.code).toBe(0);
    expect(dry.out).toContain('未读取环境（缺少 WECHAT_APPID');
    expect(cloud.calls).toEqual([]);
  });

  it('--check exits 1 on each kind of drift and writes nothing; deploy then repairs exactly that', async () => {
    expect((await go([])).code).toBe(0);
    cloud.tables.get('members')!.rule = { AclTag: 'READONLY' };
    cloud.tables.get('filings')!.indexes = cloud.tables.get('filings')!.indexes.filter((i) => i.Name !== 'remind_due');
    cloud.functions.get('rating')!.Timeout = 3;
    cloud.functions.get('user')!.Variables.find((v) => v.Key === 'PII_KEY')!.Value = 'c3RhbGU=';
    cloud.functions.get('filing')!.Triggers = cloud.functions
      .get('filing')!
      .Triggers.filter((t) => t.TriggerName !== 'hourly');
    cloud.functions.get('catalog')!.Description = '';
    cloud.functions
      .get('catalog')!
      .Triggers.push({ TriggerName: 'oldTimer', Type: 'timer', TriggerDesc: '{"cron":"0 0 1 * * * *"}' });
    cloud.functions.get('rating')!.Triggers.find((t) => t.TriggerName === 'defaultRatings')!.TriggerDesc =
      '{"cron":"0 30 3 * * * *"}';
    const some = shippedCatalogue()[3];
    cloud.tables.get('services')!.docs.set(some.code, { _id: some.code, ...some, name: '被改过的名称' });

    const writesBefore = cloud.writes().length;
    const check = await go(['--check']);
    expect(check.code).toBe(1);
    expect(cloud.writes().length).toBe(writesBefore);
    const drift = check.out.split('\n').filter((l) => /^ {2}[+~±-] /.test(l));
    expect(
      drift.map((l) =>
        l
          .replace(/^ {2}\S+ \S+ {2}/, '')
          .split(' ')
          .slice(0, 2)
          .join(' '),
      ),
    ).toEqual([
      'members 安全规则',
      'filings 索引',
      '函数 catalog',
      '函数 catalog',
      '函数 catalog',
      '函数 filing',
      '函数 rating',
      '函数 rating',
      '函数 user',
      'services 数据',
    ]);
    expect(check.out).toContain('（现为 READONLY）');
    expect(check.out).toContain('超时 3 → 20 s');
    expect(check.out).toContain('变量 PII_KEY 将更新');
    expect(check.out).toContain(`更新 1，不变 ${shippedCatalogue().length - 1}（更新 ${some.code}）`);
    expect(check.out).toContain('± 重建  函数 rating 触发器 defaultRatings "0 30 2 * * * *"（现为 "0 30 3 * * * *"）');
    expect(check.out).toContain('- 删除  函数 catalog 触发器 oldTimer "0 0 1 * * * *"：config.json 未声明');
    expect(check.err).toContain('有 10 处与声明不一致');

    const repair = await go([]);
    expect(repair.code).toBe(0);
    expect(repair.out).toMatch(/完成 10 项，失败 0 项/);
    expectMatchesDeclarations(cloud);
    expect((await go(['--check'])).code).toBe(0);
  });

  it('keeps what the console made: an existing collection, its documents and an undeclared index', async () => {
    const stale = shippedCatalogue()[0];
    cloud.addTable('services', {
      rule: { AclTag: 'ADMINONLY' },
      indexes: [{ Name: 'by_title', Keys: [{ Name: 'title', Direction: '1' }], Unique: false }],
      docs: new Map<string, Record<string, unknown>>([
        ['old-item', { _id: 'old-item', name: '控制台里加的' }],
        [stale.code, { _id: stale.code, ...stale, phones: [] }],
      ]),
    });
    const plan = await go(['--dry-run']);
    expect(plan.out).toContain('= 不变  集合 services');
    expect(plan.out).toContain('= 不变  services 索引 by_title (title 1)：未在 collections.ts 声明，保留不动');
    expect(plan.out).toContain(`新增 ${shippedCatalogue().length - 1}，更新 1，不变 0`);
    expect((await go([])).code).toBe(0);
    expect(cloud.calls.filter((c) => c.action === 'CreateTable' && c.params.TableName === 'services')).toEqual([]);
    const services = cloud.tables.get('services')!;
    expect(services.indexes.map((i) => i.Name)).toContain('by_title');
    expect(services.docs.get('old-item')).toEqual({ _id: 'old-item', name: '控制台里加的' });
    expect(services.docs.get(stale.code)).toEqual({ _id: stale.code, ...stale });
    expectMatchesDeclarations(cloud);
  });

  it('takes a collection CloudBase says already exists and an index that appeared meanwhile as done', async () => {
    // Someone creates them between our read and our write: CloudBase refuses, the deploy checks and goes on.
    cloud.fail(
      'CreateTable',
      { code: 'ResourceInUse', message: '集合 users 已存在' },
      { when: (p) => p.TableName === 'users' && (cloud.addTable('users'), true) },
    );
    cloud.fail(
      'UpdateTable',
      { code: 'FailedOperation', message: '索引名 year_unique 已存在' },
      {
        when: (p) => {
          if (p.TableName !== 'calendars' || !p.CreateIndexes) return false;
          cloud.tables
            .get('calendars')!
            .indexes.push({ Name: 'year_unique', Keys: [{ Name: 'year', Direction: '1' }], Unique: true });
          return true;
        },
      },
    );
    const res = await go([]);
    expect(res.code).toBe(0);
    expectMatchesDeclarations(cloud);
  });

  it('reports a duplicate index and a permission refusal step by step, does the rest, and a rerun finishes', async () => {
    // The console has the declared keys under another name: CloudBase refuses a second index on them.
    cloud.addTable('staff', {
      rule: { AclTag: 'ADMINONLY' },
      indexes: [{ Name: 'cityCode_1', Keys: [{ Name: 'cityCode', Direction: '1' }], Unique: false }],
    });
    // The key may not change security rules.
    cloud.allowed = new Set([
      'DescribeEnvInfo',
      'ListTables',
      'DescribeTable',
      'DescribeSafeRule',
      'CreateTable',
      'UpdateTable',
      'RunCommands',
      'GetFunction',
      'CreateFunction',
      'UpdateFunctionCode',
      'UpdateFunctionConfiguration',
      'BatchCreateTrigger',
      'DeleteTrigger',
    ]);
    const res = await go([]);
    expect(res.code).toBe(1);
    const failed = res.out.split('\n').filter((l) => l.startsWith('  ✗ '));
    expect(failed.length).toBe(Object.keys(COLLECTIONS).length + 1);
    expect(res.out).toContain(
      '✗ members 安全规则：[ModifySafeRule] 请求未授权。当前子账号没有 tcb:ModifySafeRule 的权限',
    );
    expect(res.out).toContain(
      '✗ staff 索引 city：[UpdateTable] Index with name: city already exists with a different name: cityCode_1',
    );
    expect(res.out).toMatch(new RegExp(`完成 \\d+ 项，失败 ${failed.length} 项，未执行 0 项。`));
    expect(res.err).toContain('部署未全部完成');
    // Everything else is in place.
    expect(cloud.functions.size).toBe(functions.length);
    expect(cloud.tables.get('services')!.docs.size).toBe(shippedCatalogue().length);

    cloud.allowed = null;
    cloud.tables.get('staff')!.indexes = [];
    const again = await go([]);
    expect(again.code).toBe(0);
    expect(again.out).toMatch(new RegExp(`完成 ${Object.keys(COLLECTIONS).length + 1} 项，失败 0 项`));
    expectMatchesDeclarations(cloud);
  });

  it('survives a network error halfway: the report says what was not done, the rerun completes it', async () => {
    expect((await go([])).code).toBe(0);
    // Work left for a second run: one function's code and one collection's indexes; the connection drops during both.
    cloud.functions.get('rating')!.Description = 'code sha256 0000000000000000';
    cloud.tables.get('members')!.indexes = [];
    cloud.fail('UpdateTable', 'network', { when: (p) => p.TableName === 'members' });
    cloud.fail('UpdateFunctionCode', 'network');
    const res = await go([]);
    expect(res.code).toBe(1);
    expect(res.out).toContain(
      '✗ members 索引 owner_person_unique：FetchError: request to https://tcb.tencentcloudapi.com/ failed, reason: socket hang up',
    );
    expect(res.out).toMatch(/✗ 函数 rating 代码：.*socket hang up/);
    expect(res.out).toContain('– 函数 rating 配置：未执行（函数 rating 代码 未完成）');
    expect(res.out).toContain('✓ members 索引 owner_request_unique');
    const check = await go(['--check']);
    expect(check.code).toBe(1);
    expect(check.out).toContain('~ 修改  函数 rating 代码');
    const rerun = await go([]);
    expect(rerun.code).toBe(0);
    expectMatchesDeclarations(cloud);
    expect((await go(['--check'])).code).toBe(0);
  });

  it('stops before any call when a required variable is missing or malformed, naming it but not its value', async () => {
    const { PII_KEY: _omit, ...withoutKey } = ENV;
    const missing = await go([], withoutKey);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('未提供：PII_KEY（个人信息加密密钥；函数 filing、rating、user）');
    const badSecret = 'NOT-A-SECRET-FORMAT-but-still-secret';
    const bad = await go([], { ...ENV, WECHAT_APP_SECRET: badSecret });
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('格式不对：WECHAT_APP_SECRET：应为 32 位十六进制');
    expect(bad.all).not.toContain(badSecret);
    expect(cloud.calls).toEqual([]);
    const noKey = await go(['--check'], { ...ENV, TENCENTCLOUD_SECRETKEY: '' });
    expect(noKey.code).toBe(2);
    expect(noKey.err).toContain('需要 TENCENTCLOUD_SECRETID 与 TENCENTCLOUD_SECRETKEY');
  });

  it('never prints a secret, even when CloudBase echoes one back in an error', async () => {
    cloud.fail('UpdateFunctionConfiguration', {
      code: 'InvalidParameterValue',
      message: `环境变量值 ${SECRETS.PII_KEY} 不合法`,
    });
    expect((await go([])).code).toBe(0);
    cloud.functions.get('user')!.Timeout = 3;
    const res = await go([]);
    expect(res.code).toBe(1);
    expect(res.out).toContain('环境变量值 *** 不合法');
    expect(await go([])).toMatchObject({ code: 0 });
    for (const text of outputs) expectNoSecret(text);
  });

  it('reads values from the gitignored .deploy.env (the environment wins) and warns when others can read it', async () => {
    const file = join(root, '.deploy.env');
    writeFileSync(
      file,
      `# local\nPII_KEY=${SECRETS.PII_KEY}\nWECHAT_APP_SECRET="${SECRETS.WECHAT_APP_SECRET}"\nCLOUDBASE_ENV_ID=someone-else\n`,
      { mode: 0o644 },
    );
    try {
      const { PII_KEY: _a, WECHAT_APP_SECRET: _b, ...env } = ENV;
      const res = await go([], env);
      expect(res.code).toBe(0);
      expect(res.out).toContain(`环境：${ENV.CLOUDBASE_ENV_ID}（来自 CLOUDBASE_ENV_ID） · 凭据`);
      expect(res.err).toContain('.deploy.env 可被其他用户读取');
      expect(cloud.functions.get('user')!.Variables.find((v) => v.Key === 'PII_KEY')!.Value).toBe(SECRETS.PII_KEY);
    } finally {
      rmSync(file);
    }
    expect(readFileSync(join(ROOT, '.gitignore'), 'utf8').split('\n')).toContain('.deploy.env');
  });

  it('refuses to update a function whose runtime is older than Node.js 18, and says what to do', async () => {
    expect((await go([])).code).toBe(0);
    cloud.functions.get('catalog')!.Runtime = 'Nodejs16.13';
    const res = await go([]);
    expect(res.code).toBe(1);
    expect(res.out).toContain('✗ 函数 catalog 运行时：现为 Nodejs16.13，需要 Node.js 18 或更高；运行时无法原地更改');
  });

  it('loads an institutions file idempotently, and refuses a bad one before any call', async () => {
    const fixture = (name: string) => join(ROOT, 'test', 'fixtures', 'institutions', name);
    const bad = await go(['--institutions', fixture('bad.csv')]);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('第 3 行 · code：机构编码只能含字母、数字和连字符');
    expect(cloud.calls).toEqual([]);
    const first = await go(['--institutions', fixture('good.csv')]);
    expect(first.code).toBe(0);
    expect(first.out).toContain('institutions 数据 定点医疗机构');
    expect(cloud.tables.get('institutions')!.docs.size).toBe(3);
    const again = await go(['--check', '--institutions', fixture('good.csv')]);
    expect(again.code).toBe(0);
  });

  it('calls only the actions docs/deploy.md grants, and --check/--dry-run only its read-only ones', () => {
    const doc = readFileSync(join(ROOT, 'docs', 'deploy.md'), 'utf8');
    const rows = [...doc.matchAll(/^\| `((?:tcb|scf):\w+)` \| (read|write) \|/gm)];
    const granted = new Set(rows.map((r) => r[1]));
    const reads = new Set(rows.filter((r) => r[2] === 'read').map((r) => r[1]));
    expect([...called].sort()).toEqual([...granted].sort());
    expect(calledReadOnly).toContain('tcb:RunCommands QUERY');
    for (const action of calledReadOnly)
      expect([action, reads.has(action) || action === 'tcb:RunCommands QUERY']).toEqual([action, true]);
  });
});

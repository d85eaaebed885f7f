/**
 * npm run deploy -- --verify against the management-API stand-in: Invoke answered as SCF documents it, the
 * function side being the health hook the bundles run (cloudfunctions/core/platform/health.ts).
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  HEALTH_FIELD,
  HEALTH_TOKEN_VARIABLE,
  type HealthProbes,
  answerHealth,
} from '../../cloudfunctions/core/platform/health';
import { ENV, ROOT, SECRETS, deploy, expectNoSecret, scratchRoot } from './harness';
import { CloudBaseStandIn } from './standIn';

// Each deploy waits (as the SDK does, 1 s a poll) for every function to be ready.
jest.setTimeout(300_000);

// Functions that together use every 云调用 (facility: subscribeMessage.send; rating: security.msgSecCheck,
// wxacode.getUnlimited) and every required variable (user: the app secret; rating, user: the personal-data key).
const root = scratchRoot(['catalog', 'facility', 'rating', 'user']);
let cloud: CloudBaseStandIn;

afterAll(() => rmSync(root, { recursive: true, force: true }));

const row = (out: string, target: string) => out.split('\n').find((l) => l.includes(` ${target} `)) ?? '';

describe('npm run deploy -- --verify', () => {
  beforeEach(async () => {
    cloud = new CloudBaseStandIn(
      ENV.CLOUDBASE_ENV_ID,
      ENV.TENCENTCLOUD_SECRETID,
      SECRETS.TENCENTCLOUD_SECRETKEY,
    ).install();
    const first = await deploy(root, []);
    expect([first.code, first.err]).toEqual([0, '']);
  });
  afterEach(() => cloud.uninstall());

  it('after a deploy: indexes, database, variables and each 云调用 pass; it only reads and invokes; no secret is printed', async () => {
    const mark = cloud.calls.length;
    const res = await deploy(root, ['--verify']);
    expect(res.err).toBe('');
    expect(res.code).toBe(0);
    expect(row(res.out, '集合 members 索引')).toMatch(/^ {2}✓ {2}/);
    expect(row(res.out, '函数 user 数据库')).toMatch(/^ {2}✓ .*可读 services/);
    expect(row(res.out, '函数 user 变量 WECHAT_APP_SECRET')).toMatch(/^ {2}✓ .*已设置/);
    expect(row(res.out, '函数 rating 变量 PII_KEY')).toMatch(/^ {2}✓ /);
    expect(row(res.out, '函数 facility 云调用 subscribeMessage.send')).toMatch(/^ {2}✓ .*errcode 40003/);
    expect(row(res.out, '函数 rating 云调用 security.msgSecCheck')).toMatch(/^ {2}✓ /);
    expect(row(res.out, '函数 rating 云调用 wxacode.getUnlimited')).toMatch(/^ {2}✓ .*errcode 41030/);
    expect(res.out).toMatch(/健康检查：通过 \d+ 项，失败 0 项。/);

    const calls = cloud.calls.slice(mark);
    expect(new Set(calls.map((c) => c.action))).toEqual(
      new Set(['DescribeEnvInfo', 'DescribeTable', 'GetFunction', 'Invoke']),
    );
    const invokes = calls.filter((c) => c.action === 'Invoke');
    expect(invokes.map((c) => c.params.FunctionName).sort()).toEqual(['catalog', 'facility', 'rating', 'user']);
    // The token is each function's own variable, sent in the event and never printed.
    for (const c of invokes) {
      const token = cloud.functions
        .get(String(c.params.FunctionName))!
        .Variables.find((v) => v.Key === HEALTH_TOKEN_VARIABLE)!.Value;
      expect(JSON.parse(String(c.params.ClientContext))[HEALTH_FIELD].token).toBe(token);
      expect(res.all).not.toContain(token);
    }
    expectNoSecret(res.all);
    // docs/deploy.md grants every action --verify calls.
    const doc = readFileSync(join(ROOT, 'docs', 'deploy.md'), 'utf8');
    for (const c of calls) expect(doc).toContain(`| \`${c.service}:${c.action}\` |`);
    // Running --verify and the deploy again changes nothing (the token is kept, not made anew).
    expect((await deploy(root, ['--check'])).code).toBe(0);
  });

  it('a missing index fails, naming it, with the step that fixes it', async () => {
    const filings = cloud.tables.get('members')!;
    filings.indexes = filings.indexes.filter((i) => i.Name !== 'owner_person_unique');
    const res = await deploy(root, ['--verify']);
    expect(res.code).toBe(1);
    expect(row(res.out, '集合 members 索引')).toMatch(/^ {2}✗ .*缺少或不符：owner_person_unique/);
    expect(res.err).toContain('集合 members 索引：运行 npm run deploy（或 云开发控制台 → 数据库 → members → 索引管理');
  });

  it('a missing app secret fails for the function that reads it, without printing any value', async () => {
    const user = cloud.functions.get('user')!;
    user.Variables = user.Variables.filter((v) => v.Key !== 'WECHAT_APP_SECRET');
    const res = await deploy(root, ['--verify']);
    expect(res.code).toBe(1);
    expect(row(res.out, '函数 user 变量 WECHAT_APP_SECRET')).toMatch(/^ {2}✗ .*未设置/);
    expect(row(res.out, '函数 user 变量 PII_KEY')).toMatch(/^ {2}✓ /);
    expect(res.err).toContain(
      '在环境变量或 .deploy.env 中提供 WECHAT_APP_SECRET（小程序 AppSecret）后运行 npm run deploy',
    );
    expectNoSecret(res.all);
  });

  it('a 云调用 WeChat has not permitted (errcode -604101) fails with "upload once from DevTools"', async () => {
    cloud.openApiWithheld.add('rating');
    const res = await deploy(root, ['--verify']);
    expect(res.code).toBe(1);
    expect(row(res.out, '函数 rating 云调用 security.msgSecCheck')).toMatch(
      /^ {2}✗ .*errcode -604101：function has no permission to call this API/,
    );
    expect(row(res.out, '函数 facility 云调用 subscribeMessage.send')).toMatch(/^ {2}✓ /);
    expect(res.err).toContain('右键 cloudfunctions/rating →「上传并部署：云端安装依赖」');
  });

  it('an unreachable database and a function without its health token fail, each with its step', async () => {
    cloud.databaseDown = true;
    const catalog = cloud.functions.get('catalog')!;
    catalog.Variables = catalog.Variables.filter((v) => v.Key !== HEALTH_TOKEN_VARIABLE);
    const res = await deploy(root, ['--verify']);
    expect(res.code).toBe(1);
    expect(row(res.out, '函数 user 数据库')).toMatch(/^ {2}✗ .*读取失败（-501001）/);
    expect(row(res.out, '函数 catalog')).toMatch(/^ {2}✗ .*没有 DEPLOY_HEALTH_TOKEN/);
    expect(res.err).toContain('函数 catalog：运行 npm run deploy（会为函数生成健康检查口令）');
  });
});

describe('the health hook: only the deployer can reach it', () => {
  const token = 'a'.repeat(48);
  const probes: HealthProbes = {
    env: (name) => ({ [HEALTH_TOKEN_VARIABLE]: token, PII_KEY: 'set' })[name],
    database: async () => undefined,
    openapi: async () => 0,
  };
  const event = (t: string) => ({
    [HEALTH_FIELD]: { token: t, collection: 'services', variables: ['PII_KEY'], openapi: [] },
  });

  it('answers the right token when there is no WeChat caller, with names and yes/no only', async () => {
    await expect(answerHealth(event(token), '', probes)).resolves.toEqual({
      ok: true,
      data: { database: { ok: true, errCode: null }, variables: { PII_KEY: true }, openapi: {} },
    });
  });

  it('leaves a WeChat caller to the ordinary contract (which refuses the field), even with the right token', async () => {
    await expect(answerHealth(event(token), 'o-some-user', probes)).resolves.toBeNull();
  });

  it('refuses a wrong token, a malformed request, and any token when the function has none', async () => {
    await expect(answerHealth(event('b'.repeat(48)), '', probes)).resolves.toMatchObject({
      ok: false,
      code: 'UNAUTHENTICATED',
    });
    await expect(answerHealth({ [HEALTH_FIELD]: 'x' }, '', probes)).resolves.toMatchObject({ ok: false });
    await expect(answerHealth(event(''), '', { ...probes, env: () => undefined })).resolves.toMatchObject({
      ok: false,
    });
    await expect(answerHealth({ action: 'list' }, '', probes)).resolves.toBeNull();
  });
});

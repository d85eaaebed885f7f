/** One timer trigger per function (WeChat's trigger documentation), with a fixture function, not the real folders. */
import CloudBase from '@cloudbase/manager-node';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ENV, ROOT, SECRETS, deploy, scratchRoot } from './harness';
import { CloudBaseStandIn } from './standIn';

let cloud: CloudBaseStandIn;
beforeEach(() => {
  cloud = new CloudBaseStandIn(
    ENV.CLOUDBASE_ENV_ID,
    ENV.TENCENTCLOUD_SECRETID,
    SECRETS.TENCENTCLOUD_SECRETKEY,
  ).install();
});
afterEach(() => cloud.uninstall());

it('the deploy refuses a config.json with a second timer trigger before any call, naming the function', async () => {
  const root = scratchRoot([]);
  const fixture = join(root, 'cloudfunctions', 'twotimers');
  cpSync(join(ROOT, 'cloudfunctions', 'catalog'), fixture, { recursive: true });
  const config = JSON.parse(readFileSync(join(fixture, 'config.json'), 'utf8')) as Record<string, unknown>;
  config.triggers = [
    { name: 'first', type: 'timer', config: '0 0 9 * * * *' },
    { name: 'second', type: 'timer', config: '0 0 * * * * *' },
  ];
  writeFileSync(join(fixture, 'config.json'), JSON.stringify(config));
  try {
    for (const argv of [[], ['--check'], ['--dry-run']]) {
      const res = await deploy(root, argv);
      expect(res.code).toBe(2);
      expect(res.err).toContain(
        'cloudfunctions/twotimers/config.json 声明了 2 个定时触发器（first、second）：微信云开发每个函数目前只支持一个定时触发器',
      );
    }
    expect(cloud.calls).toEqual([]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

it('the stand-in refuses a second timer trigger on a function as a backstop', async () => {
  cloud.functions.set('f', {
    Runtime: 'Nodejs18.15',
    Handler: 'index.main',
    MemorySize: 256,
    Timeout: 3,
    Description: '',
    InstallDependency: 'TRUE',
    Variables: [],
    Triggers: [{ TriggerName: 'first', Type: 'timer', TriggerDesc: '{"cron":"0 0 9 * * * *"}' }],
    Status: 'Active',
    files: {},
  });
  const app = new CloudBase({
    secretId: ENV.TENCENTCLOUD_SECRETID,
    secretKey: SECRETS.TENCENTCLOUD_SECRETKEY,
    envId: ENV.CLOUDBASE_ENV_ID,
  });
  await expect(
    app.functions.createFunctionTriggers('f', [{ name: 'second', type: 'timer', config: '0 0 * * * * *' }]),
  ).rejects.toMatchObject({ code: 'LimitExceeded' });
  expect(cloud.functions.get('f')!.Triggers).toHaveLength(1);
});

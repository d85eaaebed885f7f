import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { COLLECTIONS } from '../../cloudfunctions/core/documents/collections';
import { loadFunctions } from '../../scripts/deploy/declarations';
import { VARIABLES, variablesReadBy } from '../../scripts/deploy/variables';
import { ROOT } from './harness';

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : sources(path);
    return e.name.endsWith('.ts') ? [path] : [];
  });
}

describe('what the deploy reads from the repository', () => {
  it('knows every environment variable the functions read, and gives each function the ones its bundle reads', () => {
    const used = new Set<string>();
    for (const file of sources(join(ROOT, 'cloudfunctions'))) {
      for (const m of readFileSync(file, 'utf8').matchAll(/process\.env\.([A-Z0-9_]+)/g)) used.add(m[1]);
    }
    expect([...used].sort()).toEqual(Object.keys(VARIABLES).sort());
    const byName = Object.fromEntries(loadFunctions(ROOT).map((f) => [f.name, f.variables]));
    expect(byName.user).toEqual(expect.arrayContaining(['PII_KEY', 'WECHAT_APPID', 'WECHAT_APP_SECRET']));
    expect(byName.catalog).toEqual(['DEPLOY_HEALTH_TOKEN']);
    expect(variablesReadBy('x = process.env.PII_KEYS; y = process.env.NODE_DEBUG')).toEqual([]);
  });

  it('reads each function config.json strictly and identifies the code by its files', () => {
    const fns = loadFunctions(ROOT);
    expect(fns.map((f) => f.name)).toEqual(['catalog', 'facility', 'filing', 'rating', 'user']);
    for (const f of fns) {
      expect(f.codeHash).toMatch(/^[0-9a-f]{16}$/);
      expect(f.timeout).toBe(JSON.parse(f.files['config.json'].toString()).timeout);
    }
    expect(new Set(fns.map((f) => f.codeHash)).size).toBe(fns.length);
  });
});

describe('npm run deploy on a fresh clone (the built command, no credentials)', () => {
  const cli = (args: string[], env: NodeJS.ProcessEnv = {}) =>
    spawnSync(process.execPath, [join(ROOT, 'build', 'deploy', 'deploy.cjs'), ...args], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    });

  it('--dry-run prints the whole plan and exits 0', () => {
    const res = cli(['--dry-run']);
    expect(res.status).toBe(0);
    for (const name of Object.keys(COLLECTIONS)) expect(res.stdout).toContain(`集合 ${name}\n`);
    expect(res.stdout).toMatch(/合计：应为 \d+/);
    expect(res.stderr).toContain('未提供：PII_KEY');
  });

  it('--check and a real deploy need credentials and say which; a wrong flag shows the usage', () => {
    const check = cli(['--check'], { CLOUDBASE_ENV_ID: 'prod-x' });
    expect(check.status).toBe(2);
    expect(check.stderr).toContain('需要 TENCENTCLOUD_SECRETID 与 TENCENTCLOUD_SECRETKEY');
    const wrong = cli(['--force']);
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toContain('用法：npm run deploy --');
    expect(cli(['--dry-run', '--check']).stderr).toContain('--dry-run、--check 与 --verify 只能选一个');
  });
});

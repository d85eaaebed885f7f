/** Runs the deploy in-process against the stand-in, capturing everything written to stdout and stderr. */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { run } from '../../scripts/deploy/main';

export const ROOT = resolve(__dirname, '..', '..');

export const SECRETS = {
  TENCENTCLOUD_SECRETKEY: `sk-${randomBytes(12).toString('hex')}`,
  PII_KEY: randomBytes(32).toString('base64'),
  WECHAT_APP_SECRET: randomBytes(16).toString('hex'),
};

export const ENV = {
  TENCENTCLOUD_SECRETID: 'AKIDstandin000000000000000000000001',
  CLOUDBASE_ENV_ID: 'prod-standin-1a2b',
  WECHAT_APPID: 'wx0123456789abcdef',
  TEMPLATE_FACILITY_EFFECTIVE: 'tmpl-facility-effective-0001',
  ...SECRETS,
};

/**
 * A repository root of its own (the real cloudfunctions/ linked in), so a developer's .deploy.env is not read.
 * With `functions`, only those real function folders are linked in (each one as it is).
 */
export function scratchRoot(functions?: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'yibao-deploy-'));
  if (!functions) symlinkSync(join(ROOT, 'cloudfunctions'), join(dir, 'cloudfunctions'));
  else {
    mkdirSync(join(dir, 'cloudfunctions'));
    for (const name of functions) symlinkSync(join(ROOT, 'cloudfunctions', name), join(dir, 'cloudfunctions', name));
  }
  mkdirSync(join(dir, 'miniprogram'));
  writeFileSync(join(dir, 'miniprogram', 'config.ts'), "export const CLOUD_ENV = 'your-cloudbase-env-id';\n");
  return dir;
}

export interface RunResult {
  code: number;
  out: string;
  err: string;
  /** Everything, including what anything else wrote straight to the process streams meanwhile. */
  all: string;
}

export async function deploy(root: string, argv: string[], env: NodeJS.ProcessEnv = ENV): Promise<RunResult> {
  let out = '';
  let err = '';
  let stray = '';
  const spies = [process.stdout, process.stderr].map((stream) =>
    jest.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stray += String(chunk);
      return true;
    }),
  );
  const log = jest.spyOn(console, 'log').mockImplementation((...a: unknown[]) => {
    stray += a.join(' ');
  });
  try {
    const code = await run({ argv, env, root, stdout: (t) => (out += t), stderr: (t) => (err += t) });
    return { code, out, err, all: out + err + stray };
  } finally {
    spies.forEach((s) => s.mockRestore());
    log.mockRestore();
  }
}

export function expectNoSecret(text: string): void {
  for (const [name, value] of Object.entries(SECRETS)) expect([name, text.includes(value)]).toEqual([name, false]);
}

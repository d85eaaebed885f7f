/**
 * Who deploys where, and the functions' variable values: from the environment, or from the gitignored
 * `.deploy.env` at the repository root (KEY=VALUE lines; the environment wins). Values are never printed:
 * every secret is handed to the output's redaction.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { VARIABLES } from './variables';

export const LOCAL_FILE = '.deploy.env';
const PLACEHOLDER_ENV = 'your-cloudbase-env-id';

export interface Credentials {
  secretId: string;
  secretKey: string;
  token?: string;
}

export interface Settings {
  envId: string | null;
  /** Where envId came from, to say so. */
  envIdFrom: string;
  region?: string;
  credentials: Credentials | null;
  /** Declared function variables that were provided (values already checked). */
  variables: Record<string, string>;
  /** Plain messages about provided values that are malformed (names only). */
  problems: string[];
  /** Every value that must never be printed. */
  secrets: string[];
  /** Warnings about the local file (e.g. readable by others). */
  warnings: string[];
}

function parseLocalFile(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    values[line.slice(0, eq).trim()] = line
      .slice(eq + 1)
      .trim()
      .replace(/^(['"])(.*)\1$/, '$2');
  }
  return values;
}

const credentialSchema = z.object({
  TENCENTCLOUD_SECRETID: z.string().min(1),
  TENCENTCLOUD_SECRETKEY: z.string().min(1),
  TENCENTCLOUD_SESSIONTOKEN: z.string().min(1).optional(),
});

/** The env id `npm run configure` wrote into miniprogram/config.ts, unless it is still the placeholder. */
function configuredEnvId(root: string): string | null {
  const file = join(root, 'miniprogram', 'config.ts');
  if (!existsSync(file)) return null;
  const m = /CLOUD_ENV = '([^']*)'/.exec(readFileSync(file, 'utf8'));
  return m && m[1] !== PLACEHOLDER_ENV ? m[1] : null;
}

export function loadSettings(root: string, env: NodeJS.ProcessEnv): Settings {
  const warnings: string[] = [];
  const localPath = join(root, LOCAL_FILE);
  let local: Record<string, string> = {};
  if (existsSync(localPath)) {
    local = parseLocalFile(readFileSync(localPath, 'utf8'));
    if (process.platform !== 'win32' && (statSync(localPath).mode & 0o077) !== 0) {
      warnings.push(`${LOCAL_FILE} 可被其他用户读取：建议 chmod 600 ${LOCAL_FILE}`);
    }
  }
  const value = (name: string): string | undefined => {
    const v = env[name] ?? local[name];
    return v === undefined || v === '' ? undefined : v;
  };

  const secrets: string[] = [];
  const creds = credentialSchema.safeParse({
    TENCENTCLOUD_SECRETID: value('TENCENTCLOUD_SECRETID'),
    TENCENTCLOUD_SECRETKEY: value('TENCENTCLOUD_SECRETKEY'),
    TENCENTCLOUD_SESSIONTOKEN: value('TENCENTCLOUD_SESSIONTOKEN'),
  });
  let credentials: Credentials | null = null;
  if (creds.success) {
    credentials = {
      secretId: creds.data.TENCENTCLOUD_SECRETID,
      secretKey: creds.data.TENCENTCLOUD_SECRETKEY,
      token: creds.data.TENCENTCLOUD_SESSIONTOKEN,
    };
    secrets.push(credentials.secretKey, ...(credentials.token ? [credentials.token] : []));
  }

  const variables: Record<string, string> = {};
  const problems: string[] = [];
  for (const [name, decl] of Object.entries(VARIABLES)) {
    // A generated variable (DEPLOY_HEALTH_TOKEN) gets this run's random value; a function that has one keeps it.
    const v = value(name) ?? (decl.generated ? randomBytes(24).toString('hex') : undefined);
    if (v === undefined) continue;
    if (decl.secret) secrets.push(v);
    const checked = decl.check.safeParse(v);
    if (checked.success) variables[name] = v;
    else problems.push(`${name}：${checked.error.issues[0]?.message ?? '格式不对'}`);
  }

  const fromEnv = value('CLOUDBASE_ENV_ID');
  const configured = configuredEnvId(root);
  return {
    envId: fromEnv ?? configured,
    envIdFrom: fromEnv ? 'CLOUDBASE_ENV_ID' : configured ? 'miniprogram/config.ts' : '未设置',
    region: value('TENCENTCLOUD_REGION'),
    credentials,
    variables,
    problems,
    secrets,
    warnings,
  };
}

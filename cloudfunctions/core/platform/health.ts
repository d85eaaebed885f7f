import { createHash, timingSafeEqual } from 'node:crypto';
import { type Envelope, type Failure, ok } from './envelope';
import { getCloud, getDb } from './sdk';

/**
 * The deployer's health request (`npm run deploy -- --verify`): is the database reachable, are the variables the
 * function needs set, and may it make each 云调用 it uses? Answered only when
 *   - there is no WeChat caller (the management API's Invoke carries no OPENID; a call from the mini-program always
 *     does, and is left to the ordinary contract, which refuses the unknown field), and
 *   - the event's token equals the function's own DEPLOY_HEALTH_TOKEN variable (set by the deploy, readable only
 *     through the management API by whoever may deploy).
 * The answer holds names and yes/no only, never a value.
 */
export const HEALTH_FIELD = 'deployHealth';
export const HEALTH_TOKEN_VARIABLE = 'DEPLOY_HEALTH_TOKEN';

export interface HealthRequest {
  token: string;
  /** A collection to read one document count from. */
  collection: string;
  /** Variable names whose presence is reported (never their values). */
  variables: string[];
  /** 云调用 interfaces (config.json permissions.openapi) to call once, harmlessly. */
  openapi: string[];
}

export interface HealthReport {
  database: { ok: boolean; errCode: string | number | null };
  variables: Record<string, boolean>;
  openapi: Record<string, { ok: boolean; errCode: number | null }>;
}

/** What the check touches; the defaults are the function's own SDK and environment. */
export interface HealthProbes {
  env(name: string): string | undefined;
  database(collection: string): Promise<void>;
  /** Makes the harmless call; resolves to WeChat's errcode (0 when it succeeded), rejects as the SDK does. */
  openapi(api: string): Promise<number>;
}

/** WeChat's answer for a 云调用 the function may not make (config.json permissions not applied). */
export const OPENAPI_NOT_PERMITTED = -604101;

/**
 * One call per 云调用 that changes nothing: each is refused by WeChat for its arguments (an openid or template that
 * does not exist, a page that does not exist) after the permission check, so any answer other than -604101 shows
 * the permission is there. security.msgSecCheck checks a fixed harmless text.
 */
const HARMLESS: Record<string, (cloud: ReturnType<typeof getCloud>) => Promise<unknown>> = {
  'subscribeMessage.send': (cloud) =>
    cloud.openapi.subscribeMessage.send({ touser: 'deploy-health-check', templateId: 'deploy-health-check', data: {} }),
  'security.msgSecCheck': (cloud) => cloud.openapi.security.msgSecCheck({ content: '部署健康检查' }),
  'wxacode.getUnlimited': (cloud) =>
    cloud.openapi.wxacode.getUnlimited({ scene: 'health', page: 'pages/deploy-health-check/none', checkPath: true }),
};

const errCodeOf = (error: unknown): number | null => {
  const code =
    (error as { errCode?: unknown; errcode?: unknown } | null)?.errCode ?? (error as { errcode?: unknown })?.errcode;
  return typeof code === 'number' ? code : null;
};

export const sdkProbes: HealthProbes = {
  // The token is read by name so that the deploy finds it in every bundle (scripts/deploy/variables.ts).
  env: (name) => (name === HEALTH_TOKEN_VARIABLE ? process.env.DEPLOY_HEALTH_TOKEN : process.env[name]),
  database: async (collection) => {
    await getDb().collection(collection).count();
  },
  openapi: async (api) => {
    const call = HARMLESS[api];
    if (!call) return -1;
    const answer = (await call(getCloud())) as { errCode?: number; errcode?: number } | null;
    return answer?.errCode ?? answer?.errcode ?? 0;
  },
};

function sameSecret(given: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

function parse(value: unknown): HealthRequest | null {
  const v = value as Partial<HealthRequest> | null;
  const names = (list: unknown) =>
    Array.isArray(list) && list.length <= 20 && list.every((n) => typeof n === 'string' && /^[\w.]{1,60}$/.test(n));
  if (!v || typeof v !== 'object' || typeof v.token !== 'string' || typeof v.collection !== 'string') return null;
  if (!/^\w{1,60}$/.test(v.collection) || !names(v.variables) || !names(v.openapi)) return null;
  return v as HealthRequest;
}

const refused: Failure = { ok: false, code: 'UNAUTHENTICATED', message: '健康检查未获授权。' };

/**
 * The handler's hook: null when the event is not a health request the platform let through without a WeChat
 * caller (the handler then goes on as usual); otherwise the answer.
 */
export async function answerHealth(
  event: Record<string, unknown>,
  openid: string,
  probes: HealthProbes = sdkProbes,
): Promise<Envelope<HealthReport> | null> {
  if (!(HEALTH_FIELD in event) || openid) return null;
  const request = parse(event[HEALTH_FIELD]);
  const expected = probes.env(HEALTH_TOKEN_VARIABLE) ?? '';
  if (!request || expected.length < 32 || !sameSecret(request.token, expected)) return refused;

  let database: HealthReport['database'];
  try {
    await probes.database(request.collection);
    database = { ok: true, errCode: null };
  } catch (error) {
    const e = error as { errCode?: unknown; code?: unknown } | null;
    const code = e?.errCode ?? e?.code;
    database = { ok: false, errCode: typeof code === 'number' || typeof code === 'string' ? code : null };
  }
  const variables = Object.fromEntries(request.variables.map((name) => [name, Boolean(probes.env(name))]));
  const openapi: HealthReport['openapi'] = {};
  for (const api of request.openapi) {
    let errCode: number | null;
    try {
      errCode = await probes.openapi(api);
    } catch (error) {
      errCode = errCodeOf(error);
    }
    // -6041xx: the call never reached the interface (no permission, illegal source); -1: no harmless call known.
    openapi[api] = { ok: errCode !== null && errCode !== -1 && !(errCode <= -604100 && errCode > -604200), errCode };
  }
  return ok({ database, variables, openapi });
}

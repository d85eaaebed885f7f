import { createHash } from 'node:crypto';

/**
 * The one way functions reach WeChat's HTTPS server APIs — the ones that are not cloud-callable and need an
 * access_token made from the appid and the app secret (人脸核身 2.0). Cloud-callable open APIs go through
 * `cloud.openapi` instead. The local cloud answers these requests in WeChat's place at exactly this seam
 * (it swaps `fetch` for this host in each function instance), so nothing here knows where it runs.
 *
 * Needs the Node.js 18 runtime or later (global fetch).
 */
const HOST = 'https://api.weixin.qq.com';

/** The appid and app secret, from the function's environment. The secret is never logged or returned. */
function credentials(): { appid: string; secret: string } {
  const appid = process.env.WECHAT_APPID ?? '';
  const secret = process.env.WECHAT_APP_SECRET ?? '';
  if (!appid || !secret) throw new WeChatError(-2, 'WECHAT_APPID or WECHAT_APP_SECRET is not set');
  return { appid, secret };
}

/** A WeChat answer with a non-zero errcode (or no answer at all: errcode -1). Its text is WeChat's, no user data. */
export class WeChatError extends Error {
  constructor(
    readonly errcode: number,
    errmsg: string,
  ) {
    super(`wechat errcode ${errcode}: ${errmsg}`);
    this.name = 'WeChatError';
  }
}

interface WeChatAnswer {
  errcode?: number;
  errmsg?: string;
}

async function postJson<T>(path: string, body: unknown): Promise<T> {
  let answer: T & WeChatAnswer;
  try {
    const res = await fetch(`${HOST}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    answer = (await res.json()) as T & WeChatAnswer;
  } catch {
    throw new WeChatError(-1, 'no answer from WeChat');
  }
  if (answer.errcode) throw new WeChatError(answer.errcode, String(answer.errmsg ?? ''));
  return answer;
}

/** Refresh this long before WeChat says the token expires, so no call goes out with a dying token. */
const REFRESH_MARGIN_MS = 5 * 60_000;
/** getStableAccessToken: "强制刷新模式每天限用 20 次且需间隔 30 秒" — and a forced refresh invalidates every
 * other instance's token. So this instance forces at most once per 30 s, and only when asking normally did not help. */
const FORCE_INTERVAL_MS = 30_000;
let token: { value: string; expiresAt: number } | null = null;
let lastForcedAt = -Infinity;

/**
 * The access_token, cached per instance. `stable_token` in its normal mode (not `token`) is used so that every
 * function instance gets the same token while it is valid: one instance fetching never invalidates another's.
 */
async function accessToken(forceRefresh = false): Promise<string> {
  if (!forceRefresh && token && token.expiresAt - REFRESH_MARGIN_MS > Date.now()) return token.value;
  const { appid, secret } = credentials();
  const answer = await postJson<{ access_token: string; expires_in: number }>('/cgi-bin/stable_token', {
    grant_type: 'client_credential',
    appid,
    secret,
    ...(forceRefresh ? { force_refresh: true } : {}),
  });
  token = { value: answer.access_token, expiresAt: Date.now() + answer.expires_in * 1000 };
  return token.value;
}

/** 40001 invalid credential, 42001 expired, 40014 invalid token. */
const TOKEN_ERRORS = new Set([40001, 40014, 42001]);

/**
 * A call with the token; when WeChat refuses the token, ask again in the normal mode first (another instance
 * may have renewed it, or WeChat did, 5 minutes before expiry) and force a refresh only if that gives the same
 * refused token and no force was made in the last 30 s.
 */
async function withToken<T>(path: string, body: unknown): Promise<T> {
  const call = (value: string) => postJson<T>(`${path}?access_token=${encodeURIComponent(value)}`, body);
  const used = await accessToken();
  try {
    return await call(used);
  } catch (error) {
    if (!(error instanceof WeChatError) || !TOKEN_ERRORS.has(error.errcode)) throw error;
    token = null;
    const fresh = await accessToken();
    if (fresh !== used) return call(fresh);
    if (Date.now() - lastForcedAt < FORCE_INTERVAL_MS) throw error;
    lastForcedAt = Date.now();
    return call(await accessToken(true));
  }
}

export interface CertInfo {
  cert_type: 'IDENTITY_CARD';
  cert_name: string;
  cert_no: string;
}

/**
 * WeChat's digest of the cert_info given to getVerifyId: each field in standard base64, joined as
 * `cert_type=…&cert_name=…&cert_no=…`, SHA-256, lower-case hex.
 */
export function certHash(cert: CertInfo): string {
  const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
  const joined = `cert_type=${b64(cert.cert_type)}&cert_name=${b64(cert.cert_name)}&cert_no=${b64(cert.cert_no)}`;
  return createHash('sha256').update(joined, 'utf8').digest('hex');
}

/** 人脸核身 2.0 getVerifyId: a session for this person's face check, for the WeChat user `openid`. */
export async function getVerifyId(request: { outSeqNo: string; cert: CertInfo; openid: string }) {
  const answer = await withToken<{ verify_id: string; expires_in: number }>('/cityservice/face/identify/getverifyid', {
    out_seq_no: request.outSeqNo,
    cert_info: request.cert,
    openid: request.openid,
  });
  return { verifyId: answer.verify_id, expiresIn: answer.expires_in ?? 3600 };
}

/** 人脸核身 2.0 queryVerifyInfo: the session's real result (10000 = passed). */
export async function queryVerifyInfo(request: { verifyId: string; outSeqNo: string; cert: CertInfo; openid: string }) {
  const answer = await withToken<{ verify_ret: number }>('/cityservice/face/identify/queryverifyinfo', {
    verify_id: request.verifyId,
    out_seq_no: request.outSeqNo,
    cert_hash: certHash(request.cert),
    openid: request.openid,
  });
  return { verifyRet: answer.verify_ret };
}

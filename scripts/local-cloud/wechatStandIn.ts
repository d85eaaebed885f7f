import { randomBytes } from 'node:crypto';
import { certHash } from '../../cloudfunctions/core/platform/wechat';

/**
 * WeChat's HTTPS server APIs as the local cloud answers them (api.weixin.qq.com): the access token and
 * 人脸核身 2.0. It keeps the state WeChat keeps — tokens, face-check sessions with their 1-hour expiry — and
 * answers with WeChat's documented fields and error codes. The face check itself happens between the WeChat
 * client and WeChat's servers; here a local-only control stands in for it (`faceCheck`), and a developer or
 * test chooses its outcome per openid beforehand (`setOutcome`; a passing check when nothing was chosen).
 */
export type FaceOutcome = 'pass' | 'fail' | 'cancel' | 'camera' | 'timeout' | number;

/** verify_ret values (WeChat's queryVerifyInfo enumeration) for the named outcomes. */
const VERIFY_RET: Record<Exclude<FaceOutcome, number>, number> = {
  pass: 10000,
  fail: 90011, // 人脸数据采集无效
  cancel: 90002, // 用户取消
  camera: 90008, // 相机权限未授权
  timeout: 90017, // 识别过程超时
};

/** A named outcome, or any verify_ret number. */
export function isFaceOutcome(value: unknown): value is FaceOutcome {
  return typeof value === 'number'
    ? Number.isInteger(value)
    : typeof value === 'string' && Object.hasOwn(VERIFY_RET, value);
}

const TOKEN_SECONDS = 7200;
const RENEW_BEFORE_MS = 5 * 60_000;
const FORCE_INTERVAL_MS = 30_000;
const FORCES_PER_DAY = 20;
const SESSION_SECONDS = 3600;

interface Session {
  verifyId: string;
  outSeqNo: string;
  openid: string;
  certHash: string;
  expiresAt: number;
  verifyRet: number | null;
}

type Answer = Record<string, unknown>;
const error = (errcode: number, errmsg: string): Answer => ({ errcode, errmsg });

export class WeChatStandIn {
  private readonly tokens = new Map<string, number>();
  private current: { token: string; expiresAt: number } | null = null;
  private forced = { day: '', count: 0, lastAt: -Infinity };
  private readonly sessions = new Map<string, Session>();
  private readonly seqNos = new Set<string>();
  private readonly outcomes = new Map<string, FaceOutcome>();

  constructor(
    readonly appid: string,
    private readonly secret: string,
  ) {}

  /** One HTTPS request a function sent to api.weixin.qq.com. */
  handle(method: string, url: string, body: string, nowMs: number): Answer {
    const { pathname, searchParams } = new URL(url);
    let json: Record<string, unknown> = {};
    if (method === 'POST') {
      try {
        json = JSON.parse(body || '{}');
      } catch {
        return error(47001, 'data format error');
      }
    }
    if (pathname === '/cgi-bin/stable_token') return this.stableToken(json, nowMs);
    const token = searchParams.get('access_token') ?? '';
    const tokenExpiry = this.tokens.get(token);
    if (tokenExpiry === undefined) return error(40001, 'invalid credential, access_token is invalid or not latest');
    if (tokenExpiry <= nowMs) return error(42001, 'access_token expired');
    if (pathname === '/cityservice/face/identify/getverifyid') return this.getVerifyId(json, nowMs);
    if (pathname === '/cityservice/face/identify/queryverifyinfo') return this.queryVerifyInfo(json);
    return error(48001, 'api unauthorized');
  }

  /**
   * getStableAccessToken as documented (获取稳定版接口调用凭据, 注意事项): the normal mode answers the same token
   * while it is valid, and a new one in its last 5 minutes, the old staying valid until it expires; the forced
   * mode invalidates the previous token, at most 20 times a day (45009 after that) and not within 30 s of the
   * last forced refresh ("否则不会刷新": the current token is answered).
   */
  private stableToken(json: Record<string, unknown>, nowMs: number): Answer {
    if (json.grant_type !== 'client_credential') return error(40002, 'invalid grant_type');
    if (json.appid !== this.appid) return error(40013, 'invalid appid');
    if (json.secret !== this.secret) return error(40125, 'invalid appsecret');
    const day = new Date(nowMs + 8 * 3600_000).toISOString().slice(0, 10);
    if (this.forced.day !== day) this.forced = { day, count: 0, lastAt: this.forced.lastAt };
    let renew = !this.current || this.current.expiresAt - nowMs <= RENEW_BEFORE_MS;
    if (json.force_refresh === true && nowMs - this.forced.lastAt >= FORCE_INTERVAL_MS) {
      if (this.forced.count >= FORCES_PER_DAY) return error(45009, 'reach max api daily quota limit');
      this.forced = { day, count: this.forced.count + 1, lastAt: nowMs };
      if (this.current) this.tokens.delete(this.current.token);
      renew = true;
    }
    if (renew) {
      this.current = {
        token: `local-token-${randomBytes(12).toString('hex')}`,
        expiresAt: nowMs + TOKEN_SECONDS * 1000,
      };
      this.tokens.set(this.current.token, this.current.expiresAt);
    }
    return { access_token: this.current!.token, expires_in: Math.round((this.current!.expiresAt - nowMs) / 1000) };
  }

  /** Forced refreshes made today (Beijing day) — what WeChat limits to 20. */
  get forcedRefreshesToday(): number {
    return this.forced.count;
  }

  /** Local-only control: WeChat stops accepting this token (as it does when another party forces a refresh). */
  revoke(token: string): void {
    this.tokens.delete(token);
  }

  private getVerifyId(json: Record<string, unknown>, nowMs: number): Answer {
    const outSeqNo = String(json.out_seq_no ?? '');
    const cert = json.cert_info as Record<string, unknown> | undefined;
    const openid = String(json.openid ?? '');
    if (!/^[A-Za-z0-9_-]{5,32}$/.test(outSeqNo)) return error(40097, 'invalid args: out_seq_no');
    if (this.seqNos.has(outSeqNo)) return error(40097, 'invalid args: out_seq_no is not unique');
    if (!cert || cert.cert_type !== 'IDENTITY_CARD' || !cert.cert_name || !cert.cert_no || !openid) {
      return error(40097, 'invalid args: cert_info or openid');
    }
    this.seqNos.add(outSeqNo);
    const verifyId = `local-verify-${randomBytes(16).toString('hex')}`;
    this.sessions.set(verifyId, {
      verifyId,
      outSeqNo,
      openid,
      certHash: certHash({
        cert_type: 'IDENTITY_CARD',
        cert_name: String(cert.cert_name),
        cert_no: String(cert.cert_no),
      }),
      expiresAt: nowMs + SESSION_SECONDS * 1000,
      verifyRet: null,
    });
    return { errcode: 0, errmsg: 'ok', verify_id: verifyId, expires_in: SESSION_SECONDS };
  }

  private queryVerifyInfo(json: Record<string, unknown>): Answer {
    const session = this.sessions.get(String(json.verify_id ?? ''));
    if (!session) return error(84001, 'invalid identify id');
    // WeChat checks the identity fields against the session and answers an errcode, not a verify_ret.
    if (json.openid !== session.openid || json.out_seq_no !== session.outSeqNo || json.cert_hash !== session.certHash) {
      return error(40097, 'invalid args: openid, out_seq_no or cert_hash does not match the session');
    }
    if (session.verifyRet === null)
      return error(84001, 'invalid identify id: no face check was made with this verify_id');
    return { errcode: 0, errmsg: 'ok', verify_ret: session.verifyRet };
  }

  /** Local-only control: the outcome of the next face check this openid makes. */
  setOutcome(openid: string, outcome: FaceOutcome): void {
    this.outcomes.set(openid, outcome);
  }

  /**
   * What wx.requestFacialVerify does on the phone: the person's face check for a session. Only the WeChat user
   * the session was made for can run it, once, before it expires.
   */
  faceCheck(openid: string, verifyId: string, nowMs: number): { errCode: number; errMsg: string } {
    const session = this.sessions.get(verifyId);
    if (!session || session.openid !== openid)
      return { errCode: 84001, errMsg: 'requestFacialVerify:fail invalid identify id' };
    if (session.expiresAt <= nowMs) return { errCode: 84002, errMsg: 'requestFacialVerify:fail verify id expired' };
    if (session.verifyRet !== null)
      return { errCode: 84001, errMsg: 'requestFacialVerify:fail verify id already used' };
    const outcome = this.outcomes.get(openid) ?? 'pass';
    this.outcomes.delete(openid);
    session.verifyRet = typeof outcome === 'number' ? outcome : VERIFY_RET[outcome];
    return session.verifyRet === 10000
      ? { errCode: 0, errMsg: 'requestFacialVerify:ok' }
      : { errCode: session.verifyRet, errMsg: 'requestFacialVerify:fail' };
  }
}

import type * as WeChat from '../../cloudfunctions/core/platform/wechat';
import { WeChatStandIn } from '../../scripts/local-cloud/wechatStandIn';
import { setTestClock } from '../helpers/testClock';

// getStableAccessToken as WeChat documents it (获取稳定版接口调用凭据, 注意事项 —
// https://developers.weixin.qq.com/doc/service/api/base/api_getstableaccesstoken): the normal mode gives every
// caller the same token; the forced mode invalidates the token every other instance holds, 20 times a day at
// most and not within 30 s of the last. One stale token in one instance must not cascade across instances.
type WeChatModule = typeof WeChat;
/** The instant every test starts at (the functions' Date, and the stand-in's answers, run on it). */
const NOW = '2026-11-26T10:00:00+08:00';
const APPID = 'wx-local-test';
const SECRET = 'test-secret-not-real';
const CERT = { cert_type: 'IDENTITY_CARD' as const, cert_name: '张三', cert_no: '110101199003070011' };

let wechat: WeChatStandIn;
let seq = 0;
/** One function instance: its own module state (cached token), as a separate process would have. */
function instance(): WeChatModule {
  let mod!: WeChatModule;
  jest.isolateModules(() => {
    mod = require('../../cloudfunctions/core/platform/wechat');
  });
  return mod;
}
const session = (m: WeChatModule) =>
  m.getVerifyId({ outSeqNo: `seq${(seq += 1)}-local`, cert: CERT, openid: 'o-token-test' });
/** Someone else's forced refresh (WeChat's console, another deployment), at `nowMs` — the test clock's. */
const forceRefresh = (nowMs: number) =>
  wechat.handle(
    'POST',
    'https://api.weixin.qq.com/cgi-bin/stable_token',
    JSON.stringify({ grant_type: 'client_credential', appid: APPID, secret: SECRET, force_refresh: true }),
    nowMs,
  );
/** The token an instance holds now: the one WeChat's stand-in saw on its last call. */
let lastToken = '';

beforeEach(() => {
  setTestClock(NOW);
  process.env.WECHAT_APPID = APPID;
  process.env.WECHAT_APP_SECRET = SECRET;
  wechat = new WeChatStandIn(APPID, SECRET);
  global.fetch = (async (url: string, init: { method: string; body: string }) => {
    lastToken = new URL(url).searchParams.get('access_token') ?? lastToken;
    // Date is the test clock (setTestClock), the one the module under test reads too.
    const answer = wechat.handle(init.method, url, init.body, Date.now());
    return { json: async () => answer } as Response;
  }) as unknown as typeof fetch;
});
afterAll(() => setTestClock());

describe('the access token across function instances', () => {
  it('gives every instance the same token in the normal mode, and never forces a refresh', async () => {
    const [a, b] = [instance(), instance()];
    await session(a);
    const tokenOfA = lastToken;
    await session(b);
    expect(lastToken).toBe(tokenOfA);
    expect(wechat.forcedRefreshesToday).toBe(0);
  });

  it('recovers from a token another party replaced without forcing, so no other instance loses its token', async () => {
    const [a, b] = [instance(), instance()];
    await session(a);
    await session(b);
    const stale = lastToken;
    // Someone forces a refresh (WeChat's console, another deployment): every instance's token is now stale.
    expect(forceRefresh(Date.parse(NOW)).access_token).not.toBe(stale);
    expect(wechat.forcedRefreshesToday).toBe(1);
    await expect(session(a)).resolves.toMatchObject({ verifyId: expect.any(String) });
    await expect(session(b)).resolves.toMatchObject({ verifyId: expect.any(String) });
    // Both recovered in the normal mode: the one forced refresh is still the other party's.
    expect(wechat.forcedRefreshesToday).toBe(1);
  });

  it('forces once when the normal mode answers the refused token, and not again within 30 s', async () => {
    const a = instance();
    await session(a);
    wechat.revoke(lastToken);
    await expect(session(a)).resolves.toMatchObject({ verifyId: expect.any(String) });
    expect(wechat.forcedRefreshesToday).toBe(1);
    wechat.revoke(lastToken);
    setTestClock('2026-11-26T10:00:10+08:00');
    await expect(session(a)).rejects.toMatchObject({ errcode: 40001 });
    expect(wechat.forcedRefreshesToday).toBe(1);
    setTestClock('2026-11-26T10:00:45+08:00');
    await expect(session(a)).resolves.toMatchObject({ verifyId: expect.any(String) });
    expect(wechat.forcedRefreshesToday).toBe(2);
  });

  it('stand-in: a forced refresh within 30 s does not refresh, and the 21st of a day is refused with 45009', () => {
    const start = Date.parse('2026-11-26T08:00:00+08:00');
    const first = forceRefresh(start).access_token;
    expect(forceRefresh(start + 10_000).access_token).toBe(first);
    for (let i = 1; i < 20; i += 1) expect(forceRefresh(start + i * 31_000).access_token).not.toBe(first);
    expect(wechat.forcedRefreshesToday).toBe(20);
    expect(forceRefresh(start + 21 * 31_000)).toMatchObject({ errcode: 45009 });
  });
});

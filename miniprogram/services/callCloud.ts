// Type-only imports: nothing from outside miniprogram/ is loaded at run time.
import type { Contracts, ErrorCode, Failure } from '../../cloudfunctions/core/contracts';

type FunctionName = keyof Contracts;
type RequestOf<N extends FunctionName> = Contracts[N]['request'];
type ResponseOf<N extends FunctionName, A> = A extends keyof Contracts[N]['responses']
  ? Contracts[N]['responses'][A]
  : never;

/** A failure as the client sees it: the function's own, or NETWORK when the call did not get through. */
export type CloudFailure = Omit<Failure, 'code'> & { code: ErrorCode | 'NETWORK' };
export type CloudResult<T> = { ok: true; data: T } | CloudFailure;

export interface CallOptions {
  /** Text of the loading toast; false for none (e.g. a list showing its own loading state). */
  loading?: string | false;
}

const NETWORK_FAILURE: CloudFailure = {
  ok: false,
  code: 'NETWORK',
  message: '网络不给力，没能连上服务。请检查网络后重试。',
};

/** The one way pages call cloud functions: typed by the contract, loading and failures handled alike. */
export async function callCloud<N extends FunctionName, R extends RequestOf<N>>(
  name: N,
  request: R,
  options: CallOptions = {},
): Promise<CloudResult<ResponseOf<N, R['action']>>> {
  const loading = options.loading ?? '加载中';
  if (loading) wx.showLoading({ title: loading, mask: true });
  try {
    const res = await wx.cloud.callFunction({ name, data: request as unknown as WechatMiniprogram.IAnyObject });
    const result = res.result as CloudResult<ResponseOf<N, R['action']>> | undefined;
    if (!result || typeof result !== 'object' || typeof result.ok !== 'boolean') return NETWORK_FAILURE;
    return result;
  } catch {
    return NETWORK_FAILURE;
  } finally {
    if (loading) wx.hideLoading();
  }
}

/** Where a refusal leads: the page where the person can do what it asks for. */
export interface NextStep {
  /** On a page's button. */
  text: string;
  /** On a modal's confirm button (WeChat allows at most 4 characters there). */
  short: string;
  url: string;
}

// `back=1`: 我的 offers the way back to the task once the person is verified (the page they came from re-checks).
const NEXT_STEPS: Partial<Record<CloudFailure['code'], NextStep>> = {
  CONSENT_REQUIRED: { text: '阅读并同意', short: '去阅读', url: '/pages/consent/index' },
  PROFILE_REQUIRED: { text: '去填写本人信息', short: '去填写', url: '/pages/me/index?back=1' },
  IDENTITY_UNVERIFIED: { text: '去“我的”刷脸认证', short: '去认证', url: '/pages/me/index?back=1' },
  MEMBER_NOT_AUTHORIZED: { text: '去“家庭成员”请家人授权', short: '去授权', url: '/pages/members/index' },
};

/** The way on from a refusal that only the person can lift (fill in, verify, get authorized); null for others. */
export function nextStepOf(failure: { code: string } | null | undefined): NextStep | null {
  return (failure && NEXT_STEPS[failure.code as CloudFailure['code']]) || null;
}

function isCurrentPage(url: string): boolean {
  const pages = typeof getCurrentPages === 'function' ? getCurrentPages() : [];
  const top = pages[pages.length - 1] as { route?: string } | undefined;
  return !!top?.route && url.startsWith(`/${top.route}`);
}

/**
 * Shows a failure the same way everywhere: its plain-Chinese message, which says what to do next — and, when
 * the next step is on another page (我的, 家庭成员), a button that goes there.
 */
export function explainFailure(failure: CloudFailure, title = '未能完成'): void {
  const next = nextStepOf(failure);
  if (!next || isCurrentPage(next.url)) {
    wx.showModal({ title, content: failure.message, showCancel: false, confirmText: '知道了' });
    return;
  }
  wx.showModal({
    title,
    content: failure.message,
    confirmText: next.short,
    cancelText: '稍后',
    success: (r) => {
      if (r.confirm) wx.navigateTo({ url: next.url });
    },
  });
}

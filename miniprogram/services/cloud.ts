// Type-only imports: nothing from outside miniprogram/ is loaded at run time.
import type { Contracts, ErrorCode, Failure } from '../../cloudfunctions/core/contracts';

type FunctionName = keyof Contracts;
type RequestOf<N extends FunctionName> = Contracts[N]['request'];
type ResponseOf<N extends FunctionName, A> = A extends keyof Contracts[N]['responses'] ? Contracts[N]['responses'][A] : never;

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

/** Shows a failure the same way everywhere: its plain-Chinese message, which says what to do next. */
export function explainFailure(failure: CloudFailure, title = '未能完成'): void {
  wx.showModal({ title, content: failure.message, showCancel: false, confirmText: '知道了' });
}

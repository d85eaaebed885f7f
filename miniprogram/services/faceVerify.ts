import type { UserResponses } from '../../cloudfunctions/core/contracts';
import { type CloudResult, callCloud } from './callCloud';
import { forWhom } from '../utils/forWhom';

/** wx.requestFacialVerify (微信人脸核身 2.0) needs this 基础库 or later. */
export const FACE_MIN_SDK = '3.8.12';
export const OLD_CLIENT_MESSAGE =
  '请升级微信到最新版本后再刷脸。现在的微信版本不支持刷脸核验，升级后重新打开本小程序即可。';

/** -1, 0 or 1 as version a is older, the same or newer than b ('3.8.12' vs '3.10.0'). */
export function compareVersion(a: string, b: string): number {
  const pa = a.split('.').map((n) => Number.parseInt(n, 10) || 0);
  const pb = b.split('.').map((n) => Number.parseInt(n, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i += 1) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d) return d > 0 ? 1 : -1;
  }
  return 0;
}

/** Whether this WeChat can run the face check. */
export function faceVerifySupported(): boolean {
  try {
    const sdk = wx.getAppBaseInfo().SDKVersion;
    return typeof wx.requestFacialVerify === 'function' && compareVersion(sdk, FACE_MIN_SDK) >= 0;
  } catch {
    return false;
  }
}

export const NO_FACE_DEVICE_MESSAGE =
  '这台手机不能使用微信刷脸核验。可以换一台手机登录本人微信后刷脸，或带上证件到医保窗口核验（我的 → 到窗口核验）。';

/** wx.checkIsSupportFacialRecognition (基础库 3.8.12): whether this device can run the face check at all. */
function deviceCanCheckFace(): Promise<boolean> {
  return new Promise((resolve) => {
    try {
      wx.checkIsSupportFacialRecognition({ success: () => resolve(true), fail: () => resolve(false) });
    } catch {
      resolve(false);
    }
  });
}

/**
 * 实人认证 on this phone, for the caller's own profile or (memberId) a family member who is here in person:
 * a session from the server → the face check in WeChat → the server reads the real result from WeChat.
 * What wx.requestFacialVerify reports is not trusted: it only tells us the person has finished, so the result
 * is always the server's confirmation (a failure's message says in plain words what to do next).
 */
export async function verifyFaceHere(memberId?: string): Promise<CloudResult<UserResponses['confirmVerification']>> {
  if (!faceVerifySupported()) return { ok: false, code: 'FACE_NOT_SUPPORTED', message: OLD_CLIENT_MESSAGE };
  if (!(await deviceCanCheckFace())) return { ok: false, code: 'FACE_NOT_SUPPORTED', message: NO_FACE_DEVICE_MESSAGE };
  const start = await callCloud(
    'user',
    { action: 'startVerification', ...forWhom(memberId) },
    { loading: '正在准备刷脸' },
  );
  if (!start.ok) return start;
  const verifyId = start.data.verifyId;
  await new Promise<void>((resolve) => {
    try {
      wx.requestFacialVerify({ verifyId, success: () => resolve(), fail: () => resolve() });
    } catch {
      resolve();
    }
  });
  return callCloud('user', { action: 'confirmVerification', verifyId }, { loading: '正在确认刷脸结果' });
}

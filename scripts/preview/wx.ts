/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * `wx.*` for the browser preview: what WeChat gives the pages on a phone, done with the browser and the local
 * cloud. Dialogs (modal, subscription, face check, picker, phone call) are drawn inside the phone frame.
 */
import { type DialogButton, dialog, pick, toasts } from './dialogs';
import { fileApis, fileAt } from './files';
import { clockHeader, settings } from './settings';
import { type Callbacks, failure, settle } from './wxApi';

export interface PreviewHost {
  frame: HTMLElement;
  navigateTo(url: string): Promise<void>;
  redirectTo(url: string): Promise<void>;
  reLaunch(url: string): Promise<void>;
  navigateBack(delta?: number): void;
  setTitle(title: string): void;
  pick(data: any): Promise<unknown>;
  /** The top page shown again (after a panel change). */
  reload(): void;
}

async function post(path: string, body: unknown, raw = false): Promise<{ status: number; json: any }> {
  const headers: Record<string, string> = {};
  if (!raw) headers['content-type'] = 'application/json';
  if (settings.openid) headers['x-openid'] = settings.openid;
  const now = clockHeader();
  if (now) headers['x-now'] = now;
  const res = await fetch(path, { method: 'POST', headers, body: raw ? (body as Blob) : JSON.stringify(body) });
  return { status: res.status, json: await res.json() };
}

export function installWx(host: PreviewHost): void {
  const storageKey = (key: string) => `wx:${settings.openid}:${key}`;
  const { toast, clearToast } = toasts(host);

  const wx: any = {
    env: { USER_DATA_PATH: 'wxfile://usr' },
    canIUse: () => true,
    nextTick: (fn: () => void) => setTimeout(fn, 0),
    getStorageSync: (key: string) => {
      const v = localStorage.getItem(storageKey(key));
      return v === null ? '' : JSON.parse(v);
    },
    setStorageSync: (key: string, value: unknown) => localStorage.setItem(storageKey(key), JSON.stringify(value)),
    removeStorageSync: (key: string) => localStorage.removeItem(storageKey(key)),
    getAppBaseInfo: () => ({ SDKVersion: '3.8.12', fontSizeSetting: 17, language: 'zh_CN', theme: 'light' }),
    getWindowInfo: () => ({
      pixelRatio: window.devicePixelRatio || 2,
      windowWidth: 375,
      windowHeight: host.frame.clientHeight,
      screenWidth: 375,
      screenHeight: host.frame.clientHeight,
      statusBarHeight: 0,
    }),
    getSystemInfoSync: () => ({ ...wx.getAppBaseInfo(), ...wx.getWindowInfo(), platform: 'devtools' }),
    getDeviceInfo: () => ({ platform: 'devtools', system: 'browser preview' }),

    navigateTo: (a: Callbacks & { url: string }) => settle('navigateTo', a, () => host.navigateTo(a.url)),
    redirectTo: (a: Callbacks & { url: string }) => settle('redirectTo', a, () => host.redirectTo(a.url)),
    reLaunch: (a: Callbacks & { url: string }) => settle('reLaunch', a, () => host.reLaunch(a.url)),
    switchTab: (a: Callbacks & { url: string }) => settle('switchTab', a, () => host.reLaunch(a.url)),
    navigateBack: (a: Callbacks & { delta?: number } = {}) =>
      settle('navigateBack', a, () => host.navigateBack(a.delta ?? 1)),
    // The page scrolls to an element of the page on top (the hidden pages under it hold the same ids).
    pageScrollTo: (a: Callbacks & { selector?: string; scrollTop?: number }) =>
      settle('pageScrollTo', a, () => {
        const found = a.selector ? Array.from(host.frame.querySelectorAll<HTMLElement>(a.selector)) : [];
        const shown = found.reverse().find((el) => el.offsetParent !== null);
        shown?.scrollIntoView({ behavior: 'smooth', block: 'start' });
      }),
    setNavigationBarTitle: (a: Callbacks & { title: string }) =>
      settle('setNavigationBarTitle', a, () => host.setTitle(a.title)),

    showToast: (a: Callbacks & { title: string; icon?: string; duration?: number; mask?: boolean }) =>
      settle('showToast', a, () => toast(a.title, a.icon ?? 'success', a.duration ?? 1500, !!a.mask)),
    hideToast: (a: Callbacks = {}) => settle('hideToast', a, clearToast),
    showLoading: (a: Callbacks & { title: string; mask?: boolean }) =>
      settle('showLoading', a, () => toast(a.title, 'loading', null, !!a.mask)),
    hideLoading: (a: Callbacks = {}) => settle('hideLoading', a, clearToast),
    showModal: (
      a: Callbacks & {
        title?: string;
        content?: string;
        showCancel?: boolean;
        cancelText?: string;
        confirmText?: string;
      },
    ) =>
      settle('showModal', a, async () => {
        const buttons: Array<DialogButton<boolean>> = [];
        if (a.showCancel !== false) buttons.push({ text: a.cancelText ?? '取消', value: false });
        buttons.push({ text: a.confirmText ?? '确定', value: true, primary: true });
        const confirm = await dialog(host, a.title ?? '', a.content ?? '', buttons);
        return { confirm, cancel: !confirm };
      }),
    showActionSheet: (a: Callbacks & { itemList: string[] }) =>
      settle('showActionSheet', a, async () => {
        const tapIndex = await dialog(host, '', '', [
          ...a.itemList.map((text, i) => ({ text, value: i })),
          { text: '取消', value: -1 },
        ]);
        if (tapIndex < 0) throw failure('cancel');
        return { tapIndex };
      }),

    makePhoneCall: (a: Callbacks & { phoneNumber: string }) =>
      settle('makePhoneCall', a, async () => {
        const call = await dialog(host, '拨打电话', `${a.phoneNumber}\n（预览不能拨号：请用手机拨打这个号码）`, [
          { text: '取消', value: false },
          { text: '知道了', value: true, primary: true },
        ]);
        if (!call) throw failure('cancel');
      }),

    getLocation: (a: Callbacks) =>
      settle('getLocation', a, () => {
        if (settings.location === 'denied') throw failure('auth deny');
        const [latitude, longitude] = settings.location.split(',').map(Number);
        return { latitude, longitude, accuracy: 30, speed: 0, altitude: 0 };
      }),

    ...fileApis(host),

    createOffscreenCanvas: (a: { width: number; height: number }) => {
      const canvas = document.createElement('canvas');
      canvas.width = a.width;
      canvas.height = a.height;
      return canvas;
    },

    requestSubscribeMessage: (a: Callbacks & { tmplIds: string[] }) =>
      settle('requestSubscribeMessage', a, async () => {
        const accept = await dialog(
          host,
          '订阅消息',
          '允许“医保服务”给你发送办理结果通知？（预览：通知记入本地云的 /outbox）',
          [
            { text: '拒绝', value: false },
            { text: '允许', value: true, primary: true },
          ],
        );
        return Object.fromEntries(a.tmplIds.map((id) => [id, accept ? 'accept' : 'reject']));
      }),

    // The preview's browser stands in for a phone that can run the face check; the choice comes at requestFacialVerify.
    checkIsSupportFacialRecognition: (a: Callbacks) => settle('checkIsSupportFacialRecognition', a, async () => ({})),

    requestFacialVerify: (a: Callbacks & { verifyId: string }) =>
      settle('requestFacialVerify', a, async () => {
        const outcome = await dialog(
          host,
          '人脸核身（预览）',
          '真机上微信此时打开摄像头核验本人。预览里由你决定结果：',
          [
            { text: '取消', value: 'cancel' },
            { text: '不通过', value: 'fail' },
            { text: '通过', value: 'pass', primary: true },
          ],
        );
        await post('/wechat/face-outcome', { openid: settings.openid, outcome });
        const { json } = await post('/wechat/face-check', { verifyId: a.verifyId });
        if (json.errCode !== 0) throw failure(json.errMsg ?? 'face check failed', { errCode: json.errCode });
        return { errMsg: json.errMsg };
      }),

    onNeedPrivacyAuthorization: () => undefined,
    requirePrivacyAuthorize: (a: Callbacks) => settle('requirePrivacyAuthorize', a, () => undefined),
    openPrivacyContract: (a: Callbacks) =>
      settle('openPrivacyContract', a, () => toast('预览中不打开隐私协议', 'none', 1500, false)),

    cloud: {
      init: () => undefined,
      callFunction: async ({ name, data, success, fail, complete }: Callbacks & { name: string; data?: unknown }) => {
        try {
          const { status, json } = await post(`/api/${encodeURIComponent(name)}`, data ?? {});
          if (status !== 200) throw new Error(`cloud.callFunction:fail HTTP ${status} ${json?.message ?? ''}`);
          const r = { result: json, errMsg: 'cloud.callFunction:ok' };
          success?.(r);
          complete?.(r);
          return r;
        } catch (error) {
          fail?.({ errMsg: String(error) });
          complete?.({ errMsg: String(error) });
          throw error;
        }
      },
      uploadFile: (a: Callbacks & { cloudPath: string; filePath: string }) =>
        settle('cloud.uploadFile', a, async () => {
          const blob = fileAt(a.filePath);
          if (!blob) throw failure('no such file');
          const { status, json } = await post(
            `/storage/upload?cloudPath=${encodeURIComponent(a.cloudPath)}`,
            blob,
            true,
          );
          if (status !== 200) throw failure(json?.message ?? `HTTP ${status}`);
          return { fileID: json.fileID, statusCode: 200 };
        }),
    },
  };
  (globalThis as any).wx = wx;
  host.pick = (data: any) => pick(host, data);
}

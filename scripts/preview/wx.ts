/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * `wx.*` for the browser preview: what WeChat gives the pages on a phone, done with the browser and the local
 * cloud. Dialogs (modal, subscription, face check, picker, phone call) are drawn inside the phone frame.
 */
import { clockHeader, settings } from './settings';

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

type Callbacks = { success?: (r: any) => void; fail?: (r: any) => void; complete?: (r: any) => void };

/** Calls a wx API's callbacks and answers its promise, as WeChat does. */
function settle<T>(api: string, args: Callbacks, work: () => Promise<T> | T): Promise<T> {
  return Promise.resolve()
    .then(work)
    .then(
      (result: any) => {
        const r = { errMsg: `${api}:ok`, ...(result ?? {}) };
        args.success?.(r);
        args.complete?.(r);
        return r;
      },
      (error: any) => {
        const r = { errMsg: `${api}:fail ${error?.message ?? error}`, ...(error?.fields ?? {}) };
        args.fail?.(r);
        args.complete?.(r);
        if (!args.fail && !args.complete && !args.success) throw r;
        return r;
      },
    );
}

const failure = (message: string, fields: Record<string, unknown> = {}) =>
  Object.assign(new Error(message), { fields });

function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

export interface DialogButton<T> {
  text: string;
  value: T;
  primary?: boolean;
}

/** A dialog in the phone frame; answers the chosen button's value. */
export function dialog<T>(
  host: PreviewHost,
  title: string,
  content: string | Node,
  buttons: Array<DialogButton<T>>,
): Promise<T> {
  return new Promise((resolve) => {
    const overlay = el('div', 'pv-overlay');
    const box = el('div', 'pv-dialog');
    box.setAttribute('role', 'dialog');
    if (title) box.appendChild(el('div', 'pv-dialog-title', title));
    const body = el('div', 'pv-dialog-body');
    if (typeof content === 'string') body.textContent = content;
    else body.appendChild(content);
    box.appendChild(body);
    const row = el('div', 'pv-dialog-buttons');
    for (const b of buttons) {
      const button = el('button', b.primary ? 'pv-dialog-button primary' : 'pv-dialog-button', b.text);
      button.addEventListener('click', () => {
        overlay.remove();
        resolve(b.value);
      });
      row.appendChild(button);
    }
    box.appendChild(row);
    overlay.appendChild(box);
    host.frame.appendChild(overlay);
  });
}

const files = new Map<string, Blob>();
let tempSeq = 0;
function tempPath(blob: Blob, name = 'file'): string {
  tempSeq += 1;
  const path = `wxfile://tmp/${tempSeq}-${name}`;
  files.set(path, blob);
  return path;
}
function download(blob: Blob, name: string): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  a.click();
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
  let toastTimer: ReturnType<typeof setTimeout> | undefined;
  let toastEl: HTMLElement | null = null;
  const clearToast = () => {
    if (toastTimer) clearTimeout(toastTimer);
    toastEl?.remove();
    toastEl = null;
  };
  const toast = (text: string, icon: string, duration: number | null, mask: boolean) => {
    clearToast();
    toastEl = el('div', mask ? 'pv-toast-layer masked' : 'pv-toast-layer');
    const box = el('div', `pv-toast ${icon}`);
    box.setAttribute('role', 'status');
    if (icon === 'loading') box.appendChild(el('div', 'pv-spinner'));
    else if (icon === 'success') box.appendChild(el('div', 'pv-toast-icon', '✓'));
    else if (icon === 'error') box.appendChild(el('div', 'pv-toast-icon', '✕'));
    box.appendChild(el('div', 'pv-toast-text', text));
    toastEl.appendChild(box);
    host.frame.appendChild(toastEl);
    if (duration) toastTimer = setTimeout(clearToast, duration);
  };

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

    chooseMessageFile: (a: Callbacks & { count?: number; type?: string; extension?: string[] }) =>
      settle(
        'chooseMessageFile',
        a,
        () =>
          new Promise((resolve, reject) => {
            const extensions = (a.extension ?? []).map((e) => e.replace(/^\./, '').toLowerCase());
            const count = Math.max(1, a.count ?? 1);
            const input = document.createElement('input');
            input.type = 'file';
            input.className = 'pv-file-input';
            input.multiple = count > 1;
            if (extensions.length) input.accept = extensions.map((e) => `.${e}`).join(',');
            input.addEventListener('change', async () => {
              // WeChat lists only the files with the extensions asked for, at most `count` of them; the browser's
              // `accept` is only a hint (a person can show all files), so another kind is refused here as not
              // choosable, and the choice ends as a cancel.
              const chosen = Array.from(input.files ?? []).slice(0, count);
              input.remove();
              if (!chosen.length) return reject(failure('cancel'));
              const wrong = chosen.filter(
                (f) => extensions.length && !extensions.includes(f.name.split('.').pop()?.toLowerCase() ?? ''),
              );
              if (wrong.length) {
                await dialog(
                  host,
                  '不能选择这个文件',
                  `只能选择 ${extensions.map((e) => `.${e}`).join('、')} 文件，“${wrong[0].name}”不是。（微信里只列出这些类型的文件）`,
                  [{ text: '知道了', value: true, primary: true }],
                );
                return reject(failure('cancel'));
              }
              resolve({
                tempFiles: chosen.map((f) => ({
                  path: tempPath(f, f.name),
                  name: f.name,
                  size: f.size,
                  type: 'file',
                  time: Math.floor(f.lastModified / 1000),
                })),
              });
            });
            input.addEventListener('cancel', () => {
              input.remove();
              reject(failure('cancel'));
            });
            document.body.appendChild(input);
            input.click();
          }),
      ),
    getFileSystemManager: () => ({
      writeFile: (a: Callbacks & { filePath: string; data: string | ArrayBuffer; encoding?: string }) =>
        settle('writeFile', a, () => {
          const bytes =
            typeof a.data === 'string' && a.encoding === 'base64'
              ? Uint8Array.from(atob(a.data), (ch) => ch.charCodeAt(0))
              : a.data;
          files.set(a.filePath, new Blob([bytes as BlobPart]));
        }),
      readFile: (a: Callbacks & { filePath: string; encoding?: string }) =>
        settle('readFile', a, async () => {
          const blob = files.get(a.filePath);
          if (!blob) throw failure('no such file');
          return { data: a.encoding === 'utf8' ? await blob.text() : await blob.arrayBuffer() };
        }),
    }),
    openDocument: (a: Callbacks & { filePath: string }) =>
      settle('openDocument', a, () => {
        const blob = files.get(a.filePath);
        if (!blob) throw failure('no such file');
        download(blob, a.filePath.split('/').pop() ?? 'document');
      }),

    createOffscreenCanvas: (a: { width: number; height: number }) => {
      const canvas = document.createElement('canvas');
      canvas.width = a.width;
      canvas.height = a.height;
      return canvas;
    },
    canvasToTempFilePath: (a: Callbacks & { canvas?: HTMLCanvasElement }) =>
      settle(
        'canvasToTempFilePath',
        a,
        () =>
          new Promise((resolve, reject) => {
            if (!a.canvas?.toBlob) return reject(failure('no canvas'));
            a.canvas.toBlob((blob) =>
              blob ? resolve({ tempFilePath: tempPath(blob, 'image.png') }) : reject(failure('empty')),
            );
          }),
      ),
    saveImageToPhotosAlbum: (a: Callbacks & { filePath: string }) =>
      settle('saveImageToPhotosAlbum', a, () => {
        const blob = files.get(a.filePath);
        if (!blob) throw failure('no such file');
        download(blob, 'certificate.png');
      }),

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
          const blob = files.get(a.filePath);
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

/** The native picker: a date field, or a list of the choices. */
async function pick(host: PreviewHost, data: any): Promise<unknown> {
  if (data.mode === 'date' || data.mode === 'time') {
    const input = document.createElement('input');
    input.type = data.mode;
    input.className = 'pv-picker-input';
    input.value = String(data.value ?? '');
    if (data.start) input.min = data.start;
    if (data.end) input.max = data.end;
    const ok = await dialog(host, data.mode === 'date' ? '选择日期' : '选择时间', input, [
      { text: '取消', value: false },
      { text: '确定', value: true, primary: true },
    ]);
    return ok && input.value ? input.value : null;
  }
  const range: unknown[] = data.range ?? [];
  const label = (item: any) => String(data.rangeKey && item && typeof item === 'object' ? item[data.rangeKey] : item);
  const index = await dialog(host, '', '', [
    ...range.map((item, i) => ({ text: label(item), value: i })),
    { text: '取消', value: -1 },
  ]);
  return index < 0 ? null : index;
}

// What WeChat gives every page and that miniprogram-simulate does not: App/Page/getApp/getCurrentPages,
// and the wx APIs the pages call, recorded so tests can assert on them. wx.cloud.callFunction is routed by
// the page harness to a real local cloud; until a test starts one, calling it fails loudly.
type Recorded = Array<{ api: string; args: unknown }>;
const calls: Recorded = [];
const storage = new Map<string, unknown>();

function record(api: string, answer?: (args: any) => unknown) {
  return (args: any = {}) => {
    calls.push({ api, args });
    const result = answer?.(args);
    args.success?.(result ?? { errMsg: `${api}:ok` });
    args.complete?.();
    return result;
  };
}

const g = globalThis as any;
g.__wxCalls = calls;
g.__wxStorage = storage;
g.wx = {
  getStorageSync: (key: string) => (storage.has(key) ? storage.get(key) : ''),
  setStorageSync: (key: string, value: unknown) => {
    storage.set(key, value);
  },
  showLoading: record('showLoading'),
  hideLoading: record('hideLoading'),
  showToast: record('showToast'),
  showModal: record('showModal', () =>
    g.__modalConfirms ? { confirm: true, cancel: false } : { confirm: false, cancel: true },
  ),
  navigateBack: record('navigateBack'),
  pageScrollTo: record('pageScrollTo'),
  chooseMessageFile: record('chooseMessageFile', () => ({ tempFiles: [g.__chosenFile] })),
  // The photo a person takes or picks (a file path a test sets in g.__chosenPhoto).
  chooseMedia: record('chooseMedia', () => ({ tempFiles: [{ tempFilePath: g.__chosenPhoto, fileType: 'image' }] })),
  // 基础库 3.8.12 is the first with wx.requestFacialVerify; a test sets g.__sdkVersion for an older WeChat.
  getAppBaseInfo: () => ({ SDKVersion: g.__sdkVersion ?? '3.8.12', fontSizeSetting: g.__fontSizeSetting ?? 17 }),
  // The face check; the page harness makes it run against the local cloud as the current caller.
  requestFacialVerify: record('requestFacialVerify'),
  // A test sets g.__faceDevice = false for a phone without a usable front camera.
  checkIsSupportFacialRecognition: (args: any = {}) => {
    calls.push({ api: 'checkIsSupportFacialRecognition', args });
    if (g.__faceDevice === false) args.fail?.({ errMsg: 'checkIsSupportFacialRecognition:fail', errCode: 10001 });
    else args.success?.({ errMsg: 'checkIsSupportFacialRecognition:ok' });
    args.complete?.();
  },
  // Where the phone is (g.__location = { latitude, longitude }); unset: the person did not allow it.
  getLocation: (args: any = {}) => {
    calls.push({ api: 'getLocation', args });
    if (g.__location) args.success?.({ ...g.__location, accuracy: 30, errMsg: 'getLocation:ok' });
    else args.fail?.({ errMsg: 'getLocation:fail auth deny' });
    args.complete?.();
  },
  // WeChat's subscription dialog: each template answered g.__subscribeAnswer ('accept' or 'reject'); when a test
  // sets none, the dialog fails (as when the person closes it), so nothing is subscribed.
  requestSubscribeMessage: (args: any = {}) => {
    calls.push({ api: 'requestSubscribeMessage', args });
    const answer = g.__subscribeAnswer;
    if (answer)
      args.success?.({
        ...Object.fromEntries(args.tmplIds.map((id: string) => [id, answer])),
        errMsg: 'requestSubscribeMessage:ok',
      });
    else args.fail?.({ errMsg: 'requestSubscribeMessage:fail cancel' });
    args.complete?.();
  },
  navigateTo: record('navigateTo'),
  redirectTo: record('redirectTo'),
  makePhoneCall: record('makePhoneCall'),
  setNavigationBarTitle: record('setNavigationBarTitle'),
  nextTick: (fn: () => void) => setTimeout(fn, 0),
  cloud: {
    init: () => undefined,
    callFunction: () => Promise.reject(new Error('no local cloud started for this test')),
  },
};
g.getApp = () => ({ globalData: {} });
g.getCurrentPages = () => [];
g.Page = (options: unknown) => g.Component({ methods: options });
g.App = () => undefined;

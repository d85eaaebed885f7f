const KEY = 'elderlyMode';
/** WeChat's font size setting (px) from which the large-text mode turns itself on. The standard size is 17. */
export const LARGE_FONT_SETTING_PX = 20;

/** On when the person turned it on in 我的, or — if they never chose — when WeChat's font size is large. */
export function elderlyMode(): boolean {
  const choice = wx.getStorageSync(KEY);
  if (choice === 'on') return true;
  if (choice === 'off') return false;
  try {
    const info = (wx.getAppBaseInfo ? wx.getAppBaseInfo() : wx.getSystemInfoSync()) as { fontSizeSetting?: number };
    return (info.fontSizeSetting ?? 17) >= LARGE_FONT_SETTING_PX;
  } catch {
    return false;
  }
}

export function chooseElderlyMode(on: boolean): void {
  wx.setStorageSync(KEY, on ? 'on' : 'off');
}

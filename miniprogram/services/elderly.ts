const KEY = 'elderlyMode';
/** WeChat's font size setting (px) from which the large-text mode turns itself on. The standard size is 17. */
export const LARGE_FONT_SETTING_PX = 20;

/** WeChat's font size setting in px (17, the standard size, when it cannot be read). */
function fontSizeSetting(): number {
  try {
    const info = (wx.getAppBaseInfo ? wx.getAppBaseInfo() : wx.getSystemInfoSync()) as { fontSizeSetting?: number };
    return info.fontSizeSetting ?? 17;
  } catch {
    return 17;
  }
}

/** On when the person turned it on in 我的, or — if they never chose — when WeChat's font size is large. */
export function elderlyMode(): boolean {
  const choice = wx.getStorageSync(KEY);
  if (choice === 'on') return true;
  if (choice === 'off') return false;
  return fontSizeSetting() >= LARGE_FONT_SETTING_PX;
}

/** The primary actions' text in 长辈模式: never under 20 px, and 30 px at WeChat's large font sizes (24 and up). */
export const ACTION_FONT_PX = { min: 20, max: 30 } as const;

/**
 * 工信部 适老化: the main functions' text can reach 30 px. In 长辈模式 the primary actions' text follows WeChat's font
 * size (×1.25: 21 px at the standard 17, 25 at 20, 30 from 24), as a CSS variable on the page's root view.
 */
export function actionFontPx(): number {
  return Math.min(ACTION_FONT_PX.max, Math.max(ACTION_FONT_PX.min, Math.round(fontSizeSetting() * 1.25)));
}

/** The root view's style: in 长辈模式, the primary actions' text size (app.wxss reads --action-font-size). */
export function elderlyStyle(elderly: boolean): string {
  return elderly ? `--action-font-size: ${actionFontPx()}px;` : '';
}

export function chooseElderlyMode(on: boolean): void {
  wx.setStorageSync(KEY, on ? 'on' : 'off');
}

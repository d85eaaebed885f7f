const KEY = 'cityCode';

/** The city the person chose, remembered across launches. */
export function rememberedCity(): string | null {
  const code = wx.getStorageSync(KEY);
  return typeof code === 'string' && /^\d{6}$/.test(code) ? code : null;
}

export function rememberCity(code: string): void {
  wx.setStorageSync(KEY, code);
}

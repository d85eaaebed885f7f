/**
 * What the panel beside the phone frame decides and the wx shim reads: who is calling (x-openid), the clock
 * (x-now, and the page's own `Date` through clock.ts; empty = real time), where the phone is (getLocation).
 * Kept in the browser's localStorage.
 */
import { chinaTime } from './clock';

export interface Settings {
  openid: string;
  /** Local time in China, `YYYY-MM-DDTHH:mm`; empty = the real clock. The functions' x-now and the page's `Date`. */
  clock: string;
  /** `lat,lng` or `denied`. */
  location: string;
}

export const CALLERS: Array<{ openid: string; label: string }> = [
  { openid: 'demo-resident', label: '参保人（本人）' },
  { openid: 'demo-family', label: '家庭成员' },
  { openid: 'demo-staff', label: '经办人员（工作台，需 npm run staff:add）' },
  { openid: 'demo-employer', label: '单位经办（需 npm run employer:add）' },
];

/**
 * Where the phone is, for 离我最近: the centre of each city the local cloud seeds (public coordinates of the city
 * government's area, WGS-84), one place outside them all, or no permission. Labelled as preview locations: they
 * are the panel's, never the person's.
 */
export const LOCATIONS: Array<{ value: string; label: string }> = [
  { value: '22.5169,113.3926', label: '中山 东区·市政府一带（预览位置）' },
  { value: '39.9087,116.3975', label: '北京 天安门（预览位置）' },
  { value: '37.8706,112.5489', label: '太原 迎泽区·市政府一带（预览位置）' },
  { value: '39.5238,116.7036', label: '廊坊 广阳区·市政府一带（预览位置）' },
  { value: '31.2304,121.4737', label: '上海 人民广场（预览位置，不在已开通城市）' },
  { value: '23.1170,113.2800', label: '广东 广州 示例医院附近（预览位置）' },
  { value: 'denied', label: '不允许获取位置' },
];

const KEY = 'preview:settings';

export const settings: Settings = {
  openid: CALLERS[0].openid,
  clock: '',
  location: LOCATIONS[0].value,
  ...(JSON.parse(localStorage.getItem(KEY) || '{}') as Partial<Settings>),
};

export function saveSettings(): void {
  localStorage.setItem(KEY, JSON.stringify(settings));
}

/** The x-now header for the chosen clock (China time), or undefined for the real clock. */
export function clockHeader(): string | undefined {
  return chinaTime(settings.clock) ?? undefined;
}

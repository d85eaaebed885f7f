/**
 * Checks and masks for personal data, pure and dependency-free. Shared by both sides (everything in
 * miniprogram/shared/ is): the mini-program uses them for instant feedback, the cloud functions (which
 * bundle this file) for the authoritative check. So no `wx.*` here — the lint rules refuse it.
 */

export type IdType = 'resident' | 'hkMacaoTaiwanResidence' | 'foreignPermanentResidence';

export const ID_TYPES: Array<{ value: IdType; label: string }> = [
  { value: 'resident', label: '居民身份证' },
  { value: 'hkMacaoTaiwanResidence', label: '港澳台居民居住证' },
  { value: 'foreignPermanentResidence', label: '外国人永久居留身份证' },
];

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';
/** Province-level codes of GB/T 2260 (first two digits of a 居民身份证). */
const PROVINCES = new Set([
  '11',
  '12',
  '13',
  '14',
  '15',
  '21',
  '22',
  '23',
  '31',
  '32',
  '33',
  '34',
  '35',
  '36',
  '37',
  '41',
  '42',
  '43',
  '44',
  '45',
  '46',
  '50',
  '51',
  '52',
  '53',
  '54',
  '61',
  '62',
  '63',
  '64',
  '65',
  '71',
  '81',
  '82',
]);

/** GB 11643: the 18th character from the first 17 digits. */
export function checkDigit(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK_CHARS[sum % 11];
}

/** What is wrong with a birth date (YYYYMMDD): not a calendar date, before 1900, or after Beijing's today. */
function birthDateProblem(yyyymmdd: string, now: Date): string | null {
  const y = Number(yyyymmdd.slice(0, 4));
  const m = Number(yyyymmdd.slice(4, 6));
  const d = Number(yyyymmdd.slice(6, 8));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d || y < 1900)
    return '其中的出生日期不存在，请核对';
  // The Beijing calendar decides: a child born today is valid from 00:00 Beijing time, not from 08:00.
  const today = new Date(now.getTime() + 8 * 3600e3).toISOString().slice(0, 10);
  return date.toISOString().slice(0, 10) > today ? '其中的出生日期晚于今天，请核对' : null;
}

/** Upper-case, without spaces: how people type it ("x" for "X", spaces between groups) is accepted. */
export function normaliseIdNumber(input: string): string {
  return input.replace(/\s+/g, '').toUpperCase();
}

/** Null when valid; otherwise what is wrong, in words a person can act on. */
export function idNumberProblem(type: IdType, input: string, now: Date = new Date()): string | null {
  const id = normaliseIdNumber(input);
  if (type === 'foreignPermanentResidence' && /^[A-Z]{3}\d{12}$/.test(id)) return null; // 2017 version, 15 characters
  if (id.length !== 18) return `应为 18 位，现在是 ${id.length} 位`;
  if (!/^\d{17}[\dX]$/.test(id)) return '前 17 位应为数字，最后一位为数字或 X';
  const region = id.slice(0, 2);
  if (type === 'resident' && (!PROVINCES.has(region) || ['71', '81', '82'].includes(region)))
    return '开头的地区代码不正确';
  if (type === 'hkMacaoTaiwanResidence' && !['81', '82', '83'].includes(region))
    return '港澳台居民居住证应以 81、82 或 83 开头';
  if (type === 'foreignPermanentResidence' && id[0] !== '9') return '外国人永久居留身份证应以 9 开头';
  const birthIssue = birthDateProblem(id.slice(6, 14), now);
  if (birthIssue) return birthIssue;
  if (checkDigit(id.slice(0, 17)) !== id[17]) return '校验位不符，请逐位核对';
  return null;
}

/** 11-digit mainland mobile number. */
export function mobileProblem(input: string): string | null {
  const m = input.replace(/[\s-]/g, '');
  if (!/^\d+$/.test(m)) return '只能填数字';
  if (m.length !== 11) return `应为 11 位，现在是 ${m.length} 位`;
  if (!/^1[3-9]/.test(m)) return '应以 13–19 开头';
  return null;
}

/** A contact number: an 11-digit mobile, or a landline with its area code (0 and 9–11 more digits). */
export function contactPhoneProblem(input: string): string | null {
  const m = input.replace(/[\s-]/g, '');
  if (/^1[3-9]\d{9}$/.test(m) || /^0\d{9,11}$/.test(m)) return null;
  return /^\d*$/.test(m) ? '请填写 11 位手机号码，或带区号的固定电话' : '只能填数字（固定电话的区号后可加 -）';
}

export function normaliseMobile(input: string): string {
  return input.replace(/[\s-]/g, '');
}

/** Chinese names, including minority names with the middle dot, or Latin names of foreigners. */
export function nameProblem(input: string): string | null {
  const name = input.trim();
  if (!name) return '请填写姓名';
  if (name.length > 30) return '最多 30 个字';
  if (!/^[\u4e00-\u9fa5·•A-Za-z .'-]+$/.test(name)) return '姓名中有不能识别的字符';
  return null;
}

/** 110***********1234 */
export function maskIdNumber(id: string): string {
  return id.length <= 7 ? '*'.repeat(id.length) : `${id.slice(0, 3)}${'*'.repeat(id.length - 7)}${id.slice(-4)}`;
}

/** 138****5678 */
export function maskMobile(mobile: string): string {
  return mobile.length < 7 ? '*'.repeat(mobile.length) : `${mobile.slice(0, 3)}****${mobile.slice(-4)}`;
}

/** 张*三, 李*, 欧**明 */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length <= 1) return '*';
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

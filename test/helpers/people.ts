import { checkDigit } from '../../miniprogram/utils/personal';

/** Valid test ID numbers (GB 11643 check digit computed), distinct per index. Not real people. */
export function testId(index: number, birth = '19800101'): string {
  const first17 = `110105${birth}${String(100 + index).slice(-3)}`;
  return first17 + checkDigit(first17);
}

export function testMobile(index: number): string {
  return `139${String(10000000 + index).slice(-8)}`;
}

export const profile = (index: number, extra: Record<string, unknown> = {}) => ({
  action: 'updateProfile',
  name: '张三丰',
  idType: 'resident',
  idNumber: testId(index),
  mobile: testMobile(index),
  cityCode: '140100',
  scheme: 'employee',
  category: 'retired',
  ...extra,
});

export const member = (index: number, requestId: string, extra: Record<string, unknown> = {}) => ({
  action: 'addMember',
  requestId,
  relationship: '父母',
  name: '李四',
  idType: 'resident',
  idNumber: testId(index, '19500315'),
  cityCode: '131000',
  scheme: 'employee',
  category: 'retired',
  ...extra,
});

/** The facts the rules need, per served city, for a typical insured person of that city's flows. */
export const FACTS = {
  beijingEmployee: { cityCode: '110000', scheme: 'employee', category: 'employed' },
  zhongshanResident: { cityCode: '442000', scheme: 'resident', category: 'residentAdult' },
  taiyuanRetired: { cityCode: '140100', scheme: 'employee', category: 'retired' },
  langfangEmployee: { cityCode: '131000', scheme: 'employee', category: 'employed' },
} as const;

/** A WeChat user who consented and saved a profile (test person `index`) through the real user function. */
export async function withProfile(
  cloud: { call(fn: string, event: unknown, options: { openid: string }): Promise<any> },
  openid: string,
  index: number,
  facts: Record<string, string>,
): Promise<void> {
  await cloud.call('user', { action: 'consent', version: '2026-11-24' }, { openid });
  expect((await cloud.call('user', profile(index, facts), { openid })).ok).toBe(true);
}

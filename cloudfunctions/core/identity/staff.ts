import { collection } from '../platform/collection';
import { DomainError } from '../platform/envelope';

/** A 医保 staff member: a WeChat user on a city's staff list (npm run staff:add), for the 工作台. */
export interface StaffDoc {
  _id: string;
  cityCode: string;
}

/** Staff are WeChat users on the city's staff list; every staff action checks it first. */
export async function staffOf(openid: string): Promise<StaffDoc> {
  const s = await collection('staff').doc(openid).get();
  if (!s) throw new DomainError('NOT_STAFF', '这项功能只对医保经办工作人员开放。');
  return s;
}

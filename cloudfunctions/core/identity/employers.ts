import { collection } from '../platform/collection';
import { DomainError } from '../platform/envelope';
import { verifiedSelf } from './people';

/** A registered 单位经办人: files a 花名表 for the unit's insured staff (seed 003, 单位批量办理). */
export interface EmployerDoc {
  /** The 经办人's openid. */
  _id: string;
  /** 统一社会信用代码 (GB 32100). */
  creditCode: string;
  cityCode: string;
}

const CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** GB 32100-2015's first character, the 登记管理部门码: 1–9, A, N or Y. */
const REGISTRARS = '123456789ANY';

/**
 * GB 32100-2015: 18 characters of the code's set, the first a 登记管理部门码, the last a check character over the
 * first 17.
 */
export function creditCodeProblem(code: string): string | null {
  if (!/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(code)) return '统一社会信用代码应为 18 位数字或大写字母（不含 I、O、Z、S、V）';
  if (!REGISTRARS.includes(code[0])) return '统一社会信用代码的第 1 位应为 1–9、A、N 或 Y（登记管理部门码），请核对';
  const sum = WEIGHTS.reduce((acc, w, i) => acc + CHARS.indexOf(code[i]) * w, 0);
  const check = CHARS[(31 - (sum % 31)) % 31];
  return code[17] === check ? null : '统一社会信用代码的校验位不符，请逐位核对';
}

/** How a record filed by a unit reads for the person it was filed for. */
export const unitActedBy = (e: EmployerDoc) => `由单位（统一社会信用代码 ${e.creditCode}）代办`;

/**
 * The caller as a registered 单位经办人 of `cityCode`'s insured, who has passed 人脸核身 themselves. Anyone else
 * is refused before anything of the roster is read.
 */
export async function requireEmployer(openid: string, cityCode: string): Promise<EmployerDoc> {
  const employer = await collection('employers').doc(openid).get();
  if (!employer) {
    throw new DomainError(
      'NOT_EMPLOYER',
      '单位批量办理只对已登记的单位经办人开放。请单位到参保地医保经办机构登记经办人；个人请在“异地就医备案”中为本人或家人办理。',
    );
  }
  await verifiedSelf(openid);
  if (employer.cityCode !== cityCode) {
    throw new DomainError('NOT_EMPLOYER', '您登记的单位不在这个参保地。请选择单位所在的参保地办理。');
  }
  return employer;
}

/**
 * A person a unit may file for: the employee accepted the unit's invitation from their own verified account
 * (`invitation`, revocable by them), or 医保 staff imported the unit's 参保 list from the insurance system
 * (`insuranceList`, keyed hashes only). The employer's own word (a row in its 花名表) is never enough.
 */
export interface EmployerStaffDoc {
  /** `${creditCode}:${idHash}` */
  _id: string;
  creditCode: string;
  cityCode: string;
  idHash: string;
  source: 'invitation' | 'insuranceList';
  /** The employee's account, for an accepted invitation. */
  account?: string;
  at: Date;
}

export const staffLinkId = (creditCode: string, idHash: string) => `${creditCode}:${idHash}`;

/** Whether the unit may act for the holder of `idHash`. */
export async function isUnitStaff(employer: EmployerDoc, idHash: string): Promise<boolean> {
  const link = await collection('employer_staff').doc(staffLinkId(employer.creditCode, idHash)).get();
  return link?.cityCode === employer.cityCode;
}

/** An invitation from a unit to its employees to authorize it (单位代办), accepted in the employee's own WeChat. */
export interface UnitInvitationDoc {
  /** The code, typed or scanned by the employee. */
  _id: string;
  creditCode: string;
  cityCode: string;
  createdBy: string;
  expiresAt: Date;
}

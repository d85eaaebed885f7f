import { z } from 'zod';
import {
  ID_TYPES,
  type IdType,
  idNumberProblem,
  mobileProblem,
  nameProblem,
  normaliseIdNumber,
  normaliseMobile,
} from '../../../miniprogram/shared/personal';
import { CATEGORIES, CATEGORY_SCHEME, RELATIONSHIPS, SCHEMES } from '../../../miniprogram/shared/insurance';
import { CONSENT } from '../identity/consent';
import { divisionCode } from '../policies/schema';

// The insurance facts live in miniprogram/shared/insurance.ts (the forms offer the same lists).
export { CATEGORIES, CATEGORY_SCHEME, RELATIONSHIPS, SCHEMES } from '../../../miniprogram/shared/insurance';

const idType = z.enum(ID_TYPES.map((t) => t.value) as [IdType, ...IdType[]]);
const category = z.enum(Object.keys(CATEGORIES) as [keyof typeof CATEGORIES, ...Array<keyof typeof CATEGORIES>]);
const text = (max: number) => z.string().max(max);
const requestId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, '请求编号格式不正确');
const id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, '编号格式不正确');
/**
 * A family invitation: 8 capital letters and digits, typed in either case and with spaces (read out over the
 * phone). Codes of 12 mixed-case characters made before stay valid for their 7 days, exactly as typed.
 */
const inviteCode = z
  .string()
  .transform((v) => v.replace(/\s+/g, ''))
  .pipe(z.string().regex(/^(?:[A-Za-z0-9]{8}|[A-Za-z0-9]{12})$/, '邀请码应为 8 位字母或数字'))
  .transform((v) => (v.length === 8 ? v.toUpperCase() : v));
/** A unit's invitation: 8 letters and digits, typed in either case. */
export const unitInviteCode = z
  .string()
  .transform((v) => v.replace(/\s+/g, '').toUpperCase())
  .pipe(z.string().regex(/^[A-Z0-9]{8}$/, '单位邀请码应为 8 位字母或数字'));
/** A 窗口核验 code: 8 digits, spaces allowed as typed. */
const windowCode = z
  .string()
  .transform((v) => v.replace(/\s+/g, ''))
  .pipe(z.string().regex(/^\d{8}$/, '核验码应为 8 位数字'));
const creditCode = z.string().regex(/^[0-9A-Z]{18}$/, '统一社会信用代码应为 18 位');

/** Facts the rules need, shared by a profile and a family member. */
const person = {
  name: text(30),
  idType,
  cityCode: divisionCode,
  scheme: z.enum(SCHEMES),
  category,
};

type PersonInput = {
  name: string;
  idType: IdType;
  idNumber?: string;
  mobile?: string;
  category: keyof typeof CATEGORIES;
  scheme: string;
};

/** Checks across fields, reported by field so the form can show each next to its input. */
function checkPerson(v: PersonInput, ctx: z.RefinementCtx): void {
  const nameIssue = nameProblem(v.name);
  if (nameIssue) ctx.addIssue({ code: 'custom', path: ['name'], message: nameIssue });
  if (v.idNumber !== undefined) {
    const idIssue = idNumberProblem(v.idType, v.idNumber);
    if (idIssue) ctx.addIssue({ code: 'custom', path: ['idNumber'], message: idIssue });
  }
  if (v.mobile !== undefined) {
    const mobileIssue = mobileProblem(v.mobile);
    if (mobileIssue) ctx.addIssue({ code: 'custom', path: ['mobile'], message: mobileIssue });
  }
  if (CATEGORY_SCHEME[v.category] !== v.scheme) {
    ctx.addIssue({ code: 'custom', path: ['category'], message: '人员类别与参保类型不一致' });
  }
}

export const userRequest = z
  .discriminatedUnion('action', [
    z.object({ action: z.literal('me') }).strict(),
    z.object({ action: z.literal('consent'), version: z.literal(CONSENT.version) }).strict(),
    z
      .object({
        action: z.literal('updateProfile'),
        ...person,
        idNumber: text(24).optional(),
        mobile: text(20).optional(),
      })
      .strict(),
    z
      .object({
        action: z.literal('addMember'),
        requestId,
        relationship: z.enum(RELATIONSHIPS),
        ...person,
        idNumber: text(24),
        /** For a minor: the caller declares they are the child's parent or 监护人, with a photo of the proof. */
        guardianDeclaration: z.literal(true).optional(),
        guardianProof: z.string().min(8).max(300).optional(),
      })
      .strict(),
    z.object({ action: z.literal('members') }).strict(),
    z.object({ action: z.literal('removeMember'), memberId: id }).strict(),
    z.object({ action: z.literal('subject'), memberId: id.optional() }).strict(),
    z.object({ action: z.literal('deleteProfile'), confirm: z.literal(true) }).strict(),
    z.object({ action: z.literal('startVerification'), memberId: id.optional() }).strict(),
    z
      .object({
        action: z.literal('confirmVerification'),
        verifyId: z.string().regex(/^[\w.:~-]{1,256}$/, '核验编号格式不正确'),
      })
      .strict(),
    z.object({ action: z.literal('inviteMember'), memberId: id }).strict(),
    z.object({ action: z.literal('invitation'), code: inviteCode }).strict(),
    z.object({ action: z.literal('acceptInvitation'), code: inviteCode }).strict(),
    z.object({ action: z.literal('agents') }).strict(),
    z.object({ action: z.literal('revokeAgent'), memberId: id }).strict(),
    z.object({ action: z.literal('guardianProofUpload') }).strict(),
    z.object({ action: z.literal('guardianClaims') }).strict(),
    z
      .object({
        action: z.literal('reviewGuardianClaim'),
        memberId: id,
        approve: z.boolean(),
        reason: z.string().min(2).max(100).optional(),
      })
      .strict(),
    z.object({ action: z.literal('startWindowCheck') }).strict(),
    z.object({ action: z.literal('windowCheck'), code: windowCode }).strict(),
    z
      .object({
        action: z.literal('confirmWindowCheck'),
        code: windowCode,
        window: z
          .string()
          .min(1)
          .max(20)
          .regex(/^[\p{L}\p{N} ()（）-]+$/u, '窗口名称只能是文字、数字、空格和括号'),
      })
      .strict(),
    z.object({ action: z.literal('unitInvitation'), code: unitInviteCode }).strict(),
    z.object({ action: z.literal('acceptUnitInvitation'), code: unitInviteCode }).strict(),
    z.object({ action: z.literal('revokeUnit'), creditCode }).strict(),
  ])
  .superRefine((v, ctx) => {
    if (v.action === 'updateProfile' || v.action === 'addMember') checkPerson(v, ctx);
  })
  .transform((v) => {
    if (v.action !== 'updateProfile' && v.action !== 'addMember') return v;
    return {
      ...v,
      name: v.name.trim(),
      ...(v.idNumber !== undefined ? { idNumber: normaliseIdNumber(v.idNumber) } : {}),
      ...('mobile' in v && v.mobile !== undefined ? { mobile: normaliseMobile(v.mobile) } : {}),
    };
  });
export type UserRequest = z.input<typeof userRequest>;

export interface PersonView {
  /** Masked: 张*三 */
  name: string;
  idType: IdType;
  /** Masked: 110***********1234 */
  idNumber: string;
  cityCode: string;
  cityName: string;
  scheme: (typeof SCHEMES)[number];
  category: keyof typeof CATEGORIES;
  categoryLabel: string;
}

export interface ProfileView extends PersonView {
  /** Masked: 138****5678 */
  mobile: string | null;
  updatedAt: string;
  /** When this account passed 人脸核身 for this name + ID; null: not verified, nothing can be done yet. */
  verifiedAt: string | null;
  /** How and when, in words: 刷脸核验（2026-11-24） or 窗口核验（A27 号窗口，2026-11-24）. */
  verifiedHow: string | null;
}

export type AuthorizedBy = 'face' | 'invitation' | 'guardian';

export interface MemberView extends PersonView {
  id: string;
  relationship: (typeof RELATIONSHIPS)[number];
  addedAt: string;
  minor: boolean;
  /** How the member agreed to be acted for; null: not yet (nothing can be done for them). */
  authorizedBy: AuthorizedBy | null;
  authorizedAt: string | null;
  /** An open invitation for the member to accept from their own account. */
  invitation: { code: string; expiresAt: string } | null;
  /** A guardian's declaration for a minor and its review: pending, approved, or refused (with why). */
  guardianClaim: { state: 'pending' | 'approved' | 'refused'; reason: string | null } | null;
}

/** A guardian's declaration waiting for review, as staff see it. */
export interface GuardianClaimView {
  memberId: string;
  childName: string;
  childIdNumber: string;
  /** What the declarant says they are to the child: 父母 or 监护人. */
  declaredAs: string;
  declarantName: string;
  submittedAt: string;
  /** The photo, as a data URL (read from storage by the function; storage is not readable by the page). */
  proof: string | null;
}

/** Someone who may act for the caller (from the caller's side: "子女 张*三 may act for me"). */
export interface AgentView {
  /** The grant's id (the member entry in the other account). */
  id: string;
  /** What the agent is to the caller. */
  relationship: (typeof RELATIONSHIPS)[number];
  agentName: string;
  authorizedBy: AuthorizedBy;
  authorizedAt: string;
}

/** A unit that may file for the caller (单位批量办理), and how it came to. */
export interface UnitAgentView {
  creditCode: string;
  cityName: string;
  /** invitation: the caller accepted it (revocable); insuranceList: on the unit's 参保 list from 医保. */
  source: 'invitation' | 'insuranceList';
  at: string;
}

export interface UserResponses {
  me: {
    profile: ProfileView | null;
    /** Things to tell the person once, e.g. that their unverified ID was released to its verified owner. */
    notices: Array<{ kind: 'idReleased' | 'coGuardian'; at: string; message: string }>;
    consent: { current: typeof CONSENT; given: { version: string; at: string } | null; upToDate: boolean };
  };
  consent: { version: string; at: string };
  updateProfile: { profile: ProfileView };
  addMember: { member: MemberView };
  members: { members: MemberView[]; limit: number };
  removeMember: { removed: string };
  /** Whose insurance an action touches: the caller, or one of the caller's family members. */
  subject: { self: boolean; memberId: string | null; person: PersonView };
  deleteProfile: { deleted: true };
  /** A 人脸核身 session for wx.requestFacialVerify (1 hour, one use). */
  startVerification: { verifyId: string; expiresAt: string; forWhom: string };
  confirmVerification: { verified: true; forWhom: string; profile: ProfileView | null; member: MemberView | null };
  inviteMember: { member: MemberView };
  invitation: { agentName: string; relationship: (typeof RELATIONSHIPS)[number]; expiresAt: string };
  acceptInvitation: { agent: AgentView };
  agents: { agents: AgentView[]; units: UnitAgentView[] };
  guardianProofUpload: { cloudPath: string };
  guardianClaims: { claims: GuardianClaimView[] };
  reviewGuardianClaim: { memberId: string; state: 'approved' | 'refused' };
  /** 窗口核验: the code to show at the window (QR and digits), 10 minutes, once. */
  startWindowCheck: { code: string; expiresAt: string; qr: string[] };
  /** Staff: what the person typed, to compare with the document they show. */
  windowCheck: { name: string; idType: string; idNumber: string; cityName: string; expiresAt: string };
  confirmWindowCheck: { verifiedHow: string };
  unitInvitation: { creditCode: string; cityName: string; expiresAt: string };
  acceptUnitInvitation: { unit: UnitAgentView };
  revokeUnit: { revoked: string };
  revokeAgent: { revoked: string };
}

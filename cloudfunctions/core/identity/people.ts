import { early } from '../platform/early';
import { collection } from '../platform/collection';
import type { CATEGORIES, MemberView, PersonView, ProfileView, RELATIONSHIPS, SCHEMES } from '../contracts/user';
import { CATEGORIES as CATEGORY_LABELS } from '../contracts/user';
import { type Txn } from '../platform/sdk';
import { DomainError } from '../platform/envelope';
import type { Sealed } from './personalData';
import { cityByCode } from '../policies';
import { beijingDate } from '../rules/beijingTime';
import type { IdType } from '../../../miniprogram/shared/personal';
import { CONSENT } from './consent';

/** A person as stored: personal fields sealed (personalData.ts), facts in the clear. */
export interface StoredPerson {
  name: Sealed;
  idType: IdType;
  idNumber: Sealed;
  cityCode: string;
  scheme: (typeof SCHEMES)[number];
  category: keyof typeof CATEGORIES;
}

export interface StoredProfile extends StoredPerson {
  mobile: Sealed | null;
  updatedAt: Date;
  /** When this account passed 人脸核身 for this name + ID; null until then (and again after either changes). */
  verifiedAt?: Date | null;
  /** How: WeChat's face check, or staff at a window who checked the physical document (窗口核验). */
  verifiedBy?: VerifiedBy | null;
}

export type VerifiedBy = { kind: 'face' } | { kind: 'window'; window: string; staff: string };

/** Something the account must be told the next time it opens 我的 (e.g. its unverified ID was released). */
export interface Notice {
  kind: 'idReleased' | 'coGuardian';
  at: Date;
}

export interface UserDoc {
  _id: string;
  profile?: StoredProfile;
  consent?: { version: string; at: Date };
  memberCount?: number;
  notices?: Notice[];
}

/** How a family member agreed to be acted for: their own face check here, their own account, or a guardian. */
export type AuthorizedBy = 'face' | 'invitation' | 'guardian';

export interface MemberDoc extends StoredPerson {
  _id: string;
  owner: string;
  relationship: (typeof RELATIONSHIPS)[number];
  requestId: string;
  addedAt: Date;
  /** Null (or absent, for members added before authorization existed) until the member agreed. */
  authorization?: { by: AuthorizedBy; at: Date; account?: string } | null;
  /** An invitation the member accepts from their own verified account. */
  invitation?: { code: string; expiresAt: Date } | null;
  /** For a minor only: the day they turn 18, when a guardian's declaration stops being enough. */
  minorUntil?: string | null;
  /**
   * A parent's or 监护人's declaration for a minor, with a photo of the 户口簿 page or 出生医学证明 (an upload of
   * `guardian_proofs`), reviewed by staff of the child's 参保地: nothing is done for the child until approved.
   */
  guardianClaim?: GuardianClaim | null;
}

export interface GuardianClaim {
  state: 'pending' | 'approved' | 'refused';
  /** The photo's upload id; deleted once reviewed. */
  proof: string | null;
  at: Date;
  reviewedBy?: string;
  reviewedAt?: Date;
  /** Why it was refused, for the declarant. */
  reason?: string;
}

/** At most this many guardians act for one child (children: _id = the child's ID hash → their member entries). */
export const GUARDIANS_PER_CHILD = 2;

export const MEMBER_LIMIT = 10;

/** Who did what for whom, on every record made for a person (a declaration, a filing). */
export interface ActedFor {
  _id: string;
  /** openid of whoever acted. */
  owner: string;
  /** The client's id for the submission: a retry finds this record instead of making another. */
  requestId: string;
  /** Keyed hash of the person's ID number: their selections and filings, whoever acts for them. */
  subjectKey: string;
  memberId: string | null;
  /** 本人, or the member's relationship and masked name: how the record reads for whoever acted. */
  forWhom: string;
  /** How the record reads for the person it was made for when someone else acted: "由 子女 张*三 代办". */
  actedBy?: string | null;
  cityCode: string;
}

/** The relationship seen from the other side: the member is the caller's 父母, so the caller is their 子女. */
export const INVERSE_RELATIONSHIP: Record<(typeof RELATIONSHIPS)[number], (typeof RELATIONSHIPS)[number]> = {
  配偶: '配偶',
  父母: '子女',
  子女: '父母',
  '祖父母/外祖父母': '孙子女/外孙子女',
  '孙子女/外孙子女': '祖父母/外祖父母',
  兄弟姐妹: '兄弟姐妹',
  被监护人: '监护人',
  监护人: '被监护人',
  其他亲属: '其他亲属',
};

export function personView(p: StoredPerson): PersonView {
  return {
    name: p.name.masked,
    idType: p.idType,
    idNumber: p.idNumber.masked,
    cityCode: p.cityCode,
    cityName: cityByCode(p.cityCode)?.name ?? p.cityCode,
    scheme: p.scheme,
    category: p.category,
    categoryLabel: CATEGORY_LABELS[p.category],
  };
}

export function profileView(p: StoredProfile): ProfileView {
  return {
    ...personView(p),
    mobile: p.mobile?.masked ?? null,
    updatedAt: p.updatedAt.toISOString(),
    verifiedAt: p.verifiedAt ? p.verifiedAt.toISOString() : null,
    verifiedHow: !p.verifiedAt
      ? null
      : p.verifiedBy?.kind === 'window'
        ? `窗口核验（${p.verifiedBy.window}，${beijingDate(p.verifiedAt)}）`
        : `刷脸核验（${beijingDate(p.verifiedAt)}）`,
  };
}

export function memberView(m: MemberDoc, now: Date): MemberView {
  const invitation = m.invitation && m.invitation.expiresAt.getTime() > now.getTime() ? m.invitation : null;
  return {
    ...personView(m),
    id: m._id,
    relationship: m.relationship,
    addedAt: m.addedAt.toISOString(),
    minor: isMinor(m, now),
    authorizedBy: isAuthorized(m, now) ? m.authorization!.by : null,
    authorizedAt: isAuthorized(m, now) ? m.authorization!.at.toISOString() : null,
    invitation: invitation ? { code: invitation.code, expiresAt: invitation.expiresAt.toISOString() } : null,
    guardianClaim: m.guardianClaim ? { state: m.guardianClaim.state, reason: m.guardianClaim.reason ?? null } : null,
  };
}

/** Whether the member's authorization holds on `now`: a guardian's declaration lapses on the 18th birthday. */
export function isAuthorized(m: Pick<MemberDoc, 'authorization' | 'minorUntil'>, now: Date): boolean {
  if (!m.authorization) return false;
  return m.authorization.by !== 'guardian' || isMinor(m, now);
}

/** Under 18 on `now` (Beijing date). */
export function isMinor(m: Pick<MemberDoc, 'minorUntil'>, now: Date): boolean {
  return !!m.minorUntil && m.minorUntil > beijingDate(now);
}

/**
 * The day (YYYY-MM-DD) the holder of an 18-character ID number turns 18, from the birth date it carries;
 * null for the 15-character 外国人永久居留身份证 (no birth date to read: treated as an adult).
 */
export function adultFrom(idNumber: string): string | null {
  if (idNumber.length !== 18) return null;
  const [y, m, d] = [idNumber.slice(6, 10), idNumber.slice(10, 12), idNumber.slice(12, 14)].map(Number);
  // Born on 29 February: adult on 1 March of a year without it (Date.UTC rolls over).
  return new Date(Date.UTC(y + 18, m - 1, d)).toISOString().slice(0, 10);
}

export async function userDoc(openid: string): Promise<UserDoc | null> {
  const [user] = await collection('users').where({ _id: openid }).limit(1).get();
  return user ?? null;
}

/** Gives up the ID's binding (identities) if it is this account's: in a transaction or not. */
export async function releaseBinding(target: Txn, idHash: string, openid: string): Promise<void> {
  const ref = collection('identities', target).doc(idHash);
  const bound = await ref.get();
  if (bound?.openid === openid) await ref.remove();
}

/**
 * The caller's own verified profile. Until the caller has passed 人脸核身 for the ID on file, an account may
 * read public information only: every action on a person's insurance starts here.
 */
export async function verifiedSelf(openid: string): Promise<{ user: UserDoc; profile: StoredProfile }> {
  const user = await userDoc(openid);
  if (!user?.profile)
    throw new DomainError('PROFILE_REQUIRED', '请先在“我的”中填写本人信息并完成实人认证，再办理业务。');
  if (!user.profile.verifiedAt) {
    throw new DomainError(
      'IDENTITY_UNVERIFIED',
      '请先在“我的”中完成实人认证（刷脸核验本人身份；不能刷脸的，可到医保窗口核验），再办理业务。这是为了确保只有您本人能以您的名义办理。',
    );
  }
  // A new text of the notice asks everyone again: nothing is processed on a consent to an older one.
  if (user.consent?.version !== CONSENT.version) {
    throw new DomainError('CONSENT_REQUIRED', '《个人信息收集与使用告知》已更新，请先阅读并同意新的告知，再办理业务。');
  }
  return { user, profile: user.profile };
}

export interface Subject {
  self: boolean;
  memberId: string | null;
  person: StoredPerson;
  /** 本人, or the member's relationship and masked name. */
  forWhom: string;
  /** For a member: how records read for them ("由 子女 张*三 代办"); null when acting for oneself. */
  actedBy: string | null;
  /** The caller's own profile (its mobile is the contact on file for whoever they act for). */
  caller: StoredProfile;
}

/**
 * Whose insurance an action touches: the caller's own verified profile, or a family member the caller added
 * who has authorized them. Anyone else's is refused (docs/identity.md) — the same answer whether the
 * member exists or not.
 */
export function resolveSubject(openid: string, memberId: string | undefined, now: Date): Promise<Subject> {
  return startSubject(openid, memberId, now).subject;
}

/**
 * resolveSubject's reads started at once (one round trip), its answers taken in two steps: `proof`, the
 * caller's own proof; `subject`, after it, the member's authority. An action that must check something else
 * between the two (a record's owner) awaits them apart.
 */
export function startSubject(
  openid: string,
  memberId: string | undefined,
  now: Date,
): { proof: Promise<StoredProfile>; subject: Promise<Subject> } {
  const members = memberId ? early(collection('members').where({ _id: memberId, owner: openid }).limit(1).get()) : null;
  const proof = early(verifiedSelf(openid).then(({ profile }) => profile));
  const subject = early(
    (async (): Promise<Subject> => {
      const profile = await proof;
      if (!members)
        return { self: true, memberId: null, person: profile, forWhom: '本人', actedBy: null, caller: profile };
      const [member] = await members;
      if (!member) {
        throw new DomainError('NOT_YOUR_MEMBER', '只能为您在“家庭成员”中添加的人办理。请先添加该成员，或由本人办理。');
      }
      if (!isAuthorized(member, now)) {
        const who = `${member.relationship} ${member.name.masked}`;
        throw new DomainError(
          'MEMBER_NOT_AUTHORIZED',
          member.authorization
            ? `${who} 已年满 18 周岁，监护人声明不再适用。请让家人本人刷脸确认，或在自己的微信里接受您的邀请。`
            : member.guardianClaim?.state === 'pending'
              ? `${who} 的监护关系材料正在由医保经办人员审核，审核通过后才能为其办理。`
              : `${who} 还没有授权您代办。请在“家庭成员”中让家人本人刷脸确认，或请家人在自己的微信里接受您的邀请。`,
        );
      }
      return {
        self: false,
        memberId: member._id,
        person: member,
        forWhom: `${member.relationship} ${member.name.masked}`,
        actedBy: `由${INVERSE_RELATIONSHIP[member.relationship]} ${profile.name.masked} 代办`,
        caller: profile,
      };
    })(),
  );
  return { proof, subject };
}

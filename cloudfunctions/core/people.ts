import type { CATEGORIES, MemberView, PersonView, ProfileView, RELATIONSHIPS, SCHEMES } from './contracts/user';
import { CATEGORIES as CATEGORY_LABELS } from './contracts/user';
import { getDb, listOf } from './cloud';
import { DomainError } from './envelope';
import type { Sealed } from './personalData';
import { cityByCode } from './policies';
import type { IdType } from '../../miniprogram/utils/personal';

/** A person as stored: personal fields sealed (personalData.ts), facts in the clear. */
export interface StoredPerson {
  name: Sealed;
  idType: IdType;
  idNumber: Sealed;
  cityCode: string;
  scheme: (typeof SCHEMES)[number];
  category: keyof typeof CATEGORIES;
}

export interface UserDoc {
  _id: string;
  profile?: StoredPerson & { mobile: Sealed | null; updatedAt: Date };
  consent?: { version: string; at: Date };
  memberCount?: number;
}

export interface MemberDoc extends StoredPerson {
  _id: string;
  owner: string;
  relationship: (typeof RELATIONSHIPS)[number];
  requestId: string;
  addedAt: Date;
}

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
  /** 本人, or the member's relationship and masked name. */
  forWhom: string;
  cityCode: string;
}

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

export function profileView(p: NonNullable<UserDoc['profile']>): ProfileView {
  return { ...personView(p), mobile: p.mobile?.masked ?? null, updatedAt: p.updatedAt.toISOString() };
}

export function memberView(m: MemberDoc): MemberView {
  return { ...personView(m), id: m._id, relationship: m.relationship, addedAt: m.addedAt.toISOString() };
}

export async function userDoc(openid: string): Promise<UserDoc | null> {
  const [user] = await listOf<UserDoc>(getDb().collection('users').where({ _id: openid }).limit(1));
  return user ?? null;
}

/**
 * Whose insurance an action touches: the caller's own profile, or a family member the caller added.
 * Anyone else's is refused (DESIGN.md principle 4) — the same answer whether the member exists or not.
 */
export async function resolveSubject(openid: string, memberId?: string) {
  if (!memberId) {
    const user = await userDoc(openid);
    if (!user?.profile) throw new DomainError('PROFILE_REQUIRED', '请先在“我的”中填写本人信息，再办理业务。');
    return { self: true as const, memberId: null, person: user.profile };
  }
  const [member] = await listOf<MemberDoc>(getDb().collection('members').where({ _id: memberId, owner: openid }).limit(1));
  if (!member) {
    throw new DomainError('NOT_YOUR_MEMBER', '只能为您在“家庭成员”中添加的人办理。请先添加该成员，或由本人办理。');
  }
  return { self: false as const, memberId: member._id, person: member as StoredPerson };
}

import { collection } from './collection';
import { getDb, type Txn } from './sdk';

export type AuditAction =
  | 'consent.give'
  | 'profile.write'
  | 'profile.delete'
  | 'member.add'
  | 'member.remove'
  | 'personal.read'
  | 'filing.submit'
  | 'rating.claim'
  | 'rating.resolve'
  | 'rating.reply'
  | 'rating.contact'
  | 'rating.visitCode'
  | 'identity.verifyStart'
  | 'identity.verify'
  | 'identity.release'
  | 'member.invite'
  | 'member.authorize'
  | 'member.revoke'
  | 'records.delink'
  | 'roster.delete'
  | 'guardian.declare'
  | 'guardian.review'
  | 'unit.invite'
  | 'unit.authorize'
  | 'unit.revoke';

export interface AuditEntry {
  action: AuditAction;
  /** openid of whoever acted. */
  actor: string;
  /** Whose data: 'self' or a family member's id. */
  subject: string;
  /** Which personal fields were written or read in full — names of fields, never values. */
  fields: string[];
  at: Date;
  /** Why a full value was read (e.g. 'identity.verify': sent to WeChat for 人脸核身). */
  purpose?: string;
  /** The result of an attempt, as a code (a 人脸核身 verify_ret) — never personal values. */
  outcome?: string;
}

/** Every write of personal data and every read of a full value leaves one of these. */
export async function audit(entry: AuditEntry, transaction?: Txn): Promise<void> {
  const target = transaction ?? getDb();
  await collection('audit', target).add({ data: entry });
}

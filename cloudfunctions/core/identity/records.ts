import { collection } from '../platform/collection';
import type { DocumentOf } from '../documents/collections';
import { getDb } from '../platform/sdk';
import { type Order, type Page, mergedPageOf } from '../platform/paging';
import { type ActedFor, verifiedSelf } from './people';

/**
 * Who sees a record made for a person (a 定点 declaration, a 备案): whoever acted, and the person it was made
 * for, from their own verified account — so what a family member or an employer did in someone's name is
 * visible to that person, who can withdraw or cancel it themselves.
 */
export interface Viewer {
  openid: string;
  /** Keyed hash of the viewer's own verified ID number. */
  selfKey: string;
}

/** The caller as a viewer of records: only once verified, so their own ID's records are theirs to see. */
export async function viewerOf(openid: string): Promise<Viewer> {
  const { profile } = await verifiedSelf(openid);
  return { openid, selfKey: profile.idNumber.hash };
}

export const canSee = (r: ActedFor, v: Viewer) => r.owner === v.openid || r.subjectKey === v.selfKey;

/** How the record reads for this viewer: 本人 / 配偶 张*三 for whoever acted, "由 子女 李*四 代办" for the person. */
export const forWhomSeenBy = (r: ActedFor, v: Viewer) => (r.owner === v.openid ? r.forWhom : (r.actedBy ?? '本人'));

const NEWEST_FIRST: Order = { field: 'submittedAt', direction: 'desc', kind: 'date' };

/**
 * One page of the records a viewer sees, newest first: those they made (only for one member when `memberId`
 * is given) and, without `memberId`, those others made for them. Indexed queries, merged.
 */
export async function visibleRecords<N extends 'facility_declarations' | 'filings'>(
  name: N,
  v: Viewer,
  page: { after?: string; limit: number; memberId?: string },
): Promise<Page<DocumentOf<N>> & { total: number }> {
  const db = getDb();
  const coll = collection(name);
  const wheres =
    page.memberId !== undefined
      ? [{ owner: v.openid, memberId: page.memberId }]
      : [{ owner: v.openid }, { subjectKey: v.selfKey, owner: db.command.neq(v.openid) }];
  const [found, totals] = await Promise.all([
    mergedPageOf<DocumentOf<N>>(coll, wheres, NEWEST_FIRST, page),
    Promise.all(wheres.map((w) => coll.where(w).count() as Promise<{ total: number }>)),
  ]);
  return { ...found, total: totals.reduce((sum, c) => sum + c.total, 0) };
}

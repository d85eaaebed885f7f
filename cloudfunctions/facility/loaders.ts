import type { FacilityStateDoc } from '../core/documents/facility';
import type { InstitutionDoc } from '../core/documents/institution';
import { type Listed, SEARCH_FIELDS } from '../core/documents/searchable';
import { collection } from '../core/platform/collection';
import { DomainError } from '../core/platform/envelope';
import type { Txn } from '../core/platform/sdk';
import { getDb } from '../core/platform/sdk';
import type { InstitutionType, SelectionKind } from '../core/policies/schema';

/** What the facility function reads from the database, beside its transactions' own reads. */

/** An institution as read for showing and judging: without the fields only search uses. */
export type Place = Listed<InstitutionDoc>;

export async function institution(code: string): Promise<Place> {
  const doc = await collection('institutions').doc(code).omit(SEARCH_FIELDS).get();
  if (!doc) throw new DomainError('NOT_FOUND', '没有找到这家机构，可能已调整。请重新搜索。');
  return doc;
}

/** A person's 定点 state of one kind (`_id` = ID hash:kind), or null before their first selection. */
export const stateOf = (subjectKey: string, kind: SelectionKind, t?: Txn): Promise<FacilityStateDoc | null> =>
  collection('facility_states', t).doc(stateId(subjectKey, kind)).get();

export const stateId = (subjectKey: string, kind: SelectionKind) => `${subjectKey}:${kind}`;

/** The institutions of `doc`'s 镇街 whose 定点 one selection covers (中山's 镇街 coverage). */
export const sameTown = (doc: Place, types: InstitutionType[]): Promise<Place[]> =>
  collection('institutions')
    .where({ cityCode: doc.cityCode, town: doc.town, type: getDb().command.in(types) })
    .omit(SEARCH_FIELDS)
    .orderBy('type', 'asc')
    .limit(100)
    .get();

/** A city's filter choices: one document, written with the institutions (core/documents/institutionFilters.ts). */
export const filtersOf = (cityCode: string) => collection('facility_filters').doc(cityCode).get();

/** Institutions by code, one read (what a person's 定点 are now on the list); missing codes are absent. */
export async function institutionsByCode(codes: string[]): Promise<Map<string, Place>> {
  if (!codes.length) return new Map();
  const docs = await collection('institutions')
    .where({ _id: getDb().command.in(codes) })
    .omit(SEARCH_FIELDS)
    .limit(codes.length)
    .get();
  return new Map(docs.map((d) => [d.code, d]));
}

import type { InstitutionDoc, InstitutionRow } from './institution';
import { searchableOf } from './toSearchable';

/** An institution as stored, with its search fields (toSearchable.ts). Writers only. */
export function toDoc(row: InstitutionRow): InstitutionDoc {
  const { longitude: _longitude, latitude: _latitude, ...rest } = row; // stored as `location`
  return {
    ...rest,
    town: row.town ?? '',
    address: row.address ?? '',
    level: row.level ?? '',
    publishedType: row.publishedType ?? '',
    classA: row.classA ?? false,
    sample: row.sample ?? false,
    withdrawnOn: null,
    ...searchableOf(row),
  };
}

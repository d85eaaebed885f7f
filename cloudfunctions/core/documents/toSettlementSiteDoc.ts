import { type SettlementSiteDoc, type SettlementSiteRow, SETTLEMENT_KINDS } from './settlementSite';
import { searchableOf } from './toSearchable';

/** A connected institution as stored, with the same search fields as an institution (toSearchable.ts). Writers only. */
export function toSettlementSiteDoc(row: SettlementSiteRow): SettlementSiteDoc {
  const { longitude: _longitude, latitude: _latitude, ...rest } = row; // stored as `location`
  return {
    ...rest,
    level: row.level ?? '',
    address: row.address ?? '',
    settles: SETTLEMENT_KINDS.filter((k) => row.settles.includes(k)),
    sample: row.sample ?? false,
    ...searchableOf(row),
  };
}

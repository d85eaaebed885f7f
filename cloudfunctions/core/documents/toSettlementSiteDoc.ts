import { pinyin } from 'pinyin-pro';
import { type SettlementSiteDoc, type SettlementSiteRow, SETTLEMENT_KINDS } from './settlementSite';
import { SEARCH_VERSION, fold, institutionTokens } from '../rules/searchTokens';

/** A connected institution as stored, with the same search tokens as an institution. Writers only (pinyin-pro). */
export function toSettlementSiteDoc(row: SettlementSiteRow): SettlementSiteDoc {
  const { longitude, latitude, ...rest } = row;
  const { tokens, spell } = institutionTokens(row.name, row.code, (text) =>
    pinyin(text, { toneType: 'none', type: 'array' }),
  );
  const doc: SettlementSiteDoc = {
    ...rest,
    level: row.level ?? '',
    address: row.address ?? '',
    settles: SETTLEMENT_KINDS.filter((k) => row.settles.includes(k)),
    sample: row.sample ?? false,
    _id: row.code,
    search: fold(`${row.name}|${row.code}`),
    tokens,
    spell,
    searchVersion: SEARCH_VERSION,
  };
  if (longitude !== undefined && latitude !== undefined)
    doc.location = { type: 'Point', coordinates: [longitude, latitude] };
  return doc;
}

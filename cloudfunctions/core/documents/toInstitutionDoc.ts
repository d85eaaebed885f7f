import { pinyin } from 'pinyin-pro';
import type { InstitutionDoc, InstitutionRow } from './institution';
import { SEARCH_VERSION, fold, institutionTokens } from '../rules/searchTokens';

/**
 * An institution as stored, with its search tokens (the grid for nearest-first is the 2dsphere index on `location`). Only writers import this (the import tool,
 * the local cloud's seed, the bench): it carries pinyin-pro's dictionary, which no function needs.
 */
export function toDoc(row: InstitutionRow): InstitutionDoc {
  const { longitude, latitude, ...rest } = row;
  const { tokens, spell } = institutionTokens(row.name, row.code, (text) =>
    pinyin(text, { toneType: 'none', type: 'array' }),
  );
  const doc: InstitutionDoc = {
    ...rest,
    town: row.town ?? '',
    address: row.address ?? '',
    level: row.level ?? '',
    publishedType: row.publishedType ?? '',
    classA: row.classA ?? false,
    sample: row.sample ?? false,
    _id: row.code,
    search: fold(`${row.name}|${row.code}`),
    tokens,
    spell,
    searchVersion: SEARCH_VERSION,
    withdrawnOn: null,
  };
  if (longitude !== undefined && latitude !== undefined)
    doc.location = { type: 'Point', coordinates: [longitude, latitude] };
  return doc;
}

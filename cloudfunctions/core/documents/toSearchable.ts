import { pinyin } from 'pinyin-pro';
import { SEARCH_VERSION, fold, institutionTokens } from '../rules/searchTokens';
import type { Searchable } from './searchable';

/**
 * The search fields of a place as stored. Only writers import this (the import tool, the local cloud's seed,
 * the bench): it carries pinyin-pro's dictionary, which no function needs.
 */
export function searchableOf(row: { name: string; code: string; longitude?: number; latitude?: number }): Searchable {
  const { tokens, spell } = institutionTokens(row.name, row.code, (text) =>
    pinyin(text, { toneType: 'none', type: 'array' }),
  );
  const fields: Searchable = {
    _id: row.code,
    search: fold(`${row.name}|${row.code}`),
    tokens,
    spell,
    searchVersion: SEARCH_VERSION,
  };
  if (row.longitude !== undefined && row.latitude !== undefined)
    fields.location = { type: 'Point', coordinates: [row.longitude, row.latitude] };
  return fields;
}

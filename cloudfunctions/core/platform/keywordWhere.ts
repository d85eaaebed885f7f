import { escapeRegExp } from '../rules/searchText';
import type { KeywordQuery } from '../rules/searchTokens';
import { getDb } from './sdk';

/**
 * A keyword's conditions on a collection with search tokens (institutions, settlement sites): every token (one
 * equality, or `$all`, through the tokens index), and the exact check a long keyword needs on the candidates.
 */
export function keywordWhere(
  base: Record<string, unknown>,
  keyword: KeywordQuery,
  extraTokens: string[] = [],
): Record<string, unknown> {
  const _ = getDb().command;
  const tokens = [...keyword.tokens, ...extraTokens];
  const where = { ...base, tokens: tokens.length === 1 ? tokens[0] : _.all(tokens) };
  if (!keyword.verify) return where;
  const pattern = getDb().RegExp({ regexp: escapeRegExp(keyword.verify), options: '' });
  return _.and([where, _.or([{ search: pattern }, { spell: pattern }])]) as unknown as Record<string, unknown>;
}

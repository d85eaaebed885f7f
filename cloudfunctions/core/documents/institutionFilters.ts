import type { InstitutionDoc } from './institution';

/**
 * The choices of the institution list's filters for one city (facility_filters, _id = city code): every
 * 镇街, 区 and type that has an institution. Written by whatever writes institutions (import, seed, deploy),
 * so the filters answer with one read instead of grouping the whole city — which at national scale also ran
 * into the 1,000-group limit and dropped 镇街 without a word. Institutions are never deleted by the tools, so
 * a new list only adds choices.
 */
export interface CityFilters {
  _id: string;
  towns: string[];
  districts: string[];
  types: InstitutionDoc['type'][];
}

const merged = <T extends string>(a: readonly T[], b: readonly T[]): T[] =>
  [...new Set([...a, ...b])].sort((x, y) => x.localeCompare(y, 'zh'));

/** The filters of each city the documents belong to, merged with what was there before. */
export function filtersOf(
  docs: Array<Pick<InstitutionDoc, 'cityCode' | 'town' | 'district' | 'type'>>,
  before: (cityCode: string) => CityFilters | null,
): CityFilters[] {
  const cities = new Map<string, CityFilters>();
  for (const d of docs) {
    const f = cities.get(d.cityCode) ?? before(d.cityCode) ?? { _id: d.cityCode, towns: [], districts: [], types: [] };
    cities.set(d.cityCode, {
      _id: d.cityCode,
      towns: merged(f.towns, d.town ? [d.town] : []),
      districts: merged(f.districts, [d.district]),
      types: merged(f.types, [d.type]),
    });
  }
  return [...cities.values()];
}

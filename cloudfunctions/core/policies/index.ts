import { z } from 'zod';
import { beijing } from './cities/110000-beijing';
import { langfang } from './cities/131000-langfang';
import { taiyuan } from './cities/140100-taiyuan';
import { zhongshan } from './cities/442000-zhongshan';
import { type CityPolicy, cityPolicy } from './schema';

/** Adding a city is adding its file to this list: no engine names a city. */
const ALL: CityPolicy[] = [beijing, zhongshan, taiyuan, langfang];

/** Validated when loaded: a malformed policy stops the function at start, not at a person's request. */
export const CITIES: readonly CityPolicy[] = z.array(cityPolicy).parse(ALL);

export function cityByCode(code: string): CityPolicy | undefined {
  return CITIES.find((c) => c.code === code);
}

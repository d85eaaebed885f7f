import { z } from 'zod';
import { beijingClassA, beijingList } from './110000-beijing';
import { codeList, listFormat } from './schema';

/** The list formats the import knows, by city; a city publishing its list adds its file here. */
export const LIST_FORMATS = z.array(listFormat).parse([beijingList]);
/** Lists of A类 hospitals (no selection needed where the city's policy says `classA`), by city. */
export const CLASS_A_LISTS = z.array(codeList).parse([beijingClassA]);

export const listFormatOf = (cityCode: string) => LIST_FORMATS.find((f) => f.cityCode === cityCode);
export const classAListOf = (cityCode: string) => CLASS_A_LISTS.find((f) => f.cityCode === cityCode);

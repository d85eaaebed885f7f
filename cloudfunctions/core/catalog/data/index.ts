import { z } from 'zod';
import { type ServiceItem, serviceItem } from '../serviceItem';
import { BEIJING_ITEMS } from './110000-beijing';
import { LANGFANG_ITEMS } from './131000-langfang';
import { TAIYUAN_ITEMS } from './140100-taiyuan';
import { ZHONGSHAN_ITEMS } from './442000-zhongshan';

/** The service catalogue that ships with the project, validated as a whole (codes must be unique). */
export function shippedCatalogue(): ServiceItem[] {
  const items = z.array(serviceItem).parse([...BEIJING_ITEMS, ...ZHONGSHAN_ITEMS, ...TAIYUAN_ITEMS, ...LANGFANG_ITEMS]);
  const seen = new Set<string>();
  for (const it of items) {
    if (seen.has(it.code)) throw new Error(`duplicate service code ${it.code}`);
    seen.add(it.code);
  }
  return items;
}

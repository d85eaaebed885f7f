import type { ServiceItem } from '../../../cloudfunctions/core/catalog/serviceItem';
import type { BenchDb } from '../cloud';
import { EXTRA_CITIES, ITEMS_PER_CITY } from '../config';
import { insert } from '../insert';

type ServiceDoc = ServiceItem & { _id: string };

/** One synthetic service item: every field a shipped one has, with the least in each. */
function serviceItem(cityCode: string, i: number): ServiceDoc {
  const code = `${cityCode}${String(100000 + i)}`;
  return {
    _id: code,
    code,
    officialCode: null,
    cityCode,
    name: `压测事项${i}备案`,
    category: '压测',
    categoryCode: null,
    office: '基准医保经办机构',
    audience: '参保人',
    online: false,
    channels: [{ kind: 'window', name: '经办窗口' }],
    process: [],
    materials: [],
    timeLimit: { text: '即时办结', rules: [{ limit: { kind: 'immediate' } }] },
    queryChannels: [],
    supervisionPhone: null,
    evaluation: null,
    notes: [],
    reminders: [],
    flow: null,
    source: { seed: 'bench', title: '基准数据' },
  };
}

/** Synthetic cities' catalogues (bench data only): more items than any real city. Answers how many. */
export function loadCatalogue(db: BenchDb): number {
  const docs: ServiceDoc[] = [];
  for (let c = 0; c < EXTRA_CITIES; c += 1) {
    const cityCode = String(900000 + c * 100);
    for (let i = 0; i < ITEMS_PER_CITY; i += 1) docs.push(serviceItem(cityCode, i));
  }
  insert(db, 'services', docs);
  return docs.length;
}

import { EJSON } from 'bson';
import { type CityFilters, filtersOf } from '../../cloudfunctions/core/documents/institutionFilters';
import type { InstitutionDoc } from '../../cloudfunctions/core/documents/institution';
import type { LocalDatabase } from './database';
import { putDocument } from './putDocument';

/** Records the 镇街/区/type choices of the institutions just written (merged with what each city had). */
export function recordFilters(db: LocalDatabase, docs: InstitutionDoc[]): void {
  const before = (cityCode: string): CityFilters | null => {
    const reply = db.ask('database.getDocument', {
      collectionName: 'facility_filters',
      query: EJSON.stringify({ _id: cityCode }, { relaxed: false }),
      limit: 1,
    });
    const [text] = (reply.data as { list: string[] }).list;
    return text ? (EJSON.parse(text, { relaxed: true }) as CityFilters) : null;
  };
  for (const filters of filtersOf(docs, before))
    db.ask('database.modifyDocument', putDocument('facility_filters', filters));
}

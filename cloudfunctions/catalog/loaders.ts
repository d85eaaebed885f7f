import type { ServiceItem } from '../core/catalog/serviceItem';
import { serviceItemView } from '../core/catalog/view';
import { collection } from '../core/platform/collection';
import { DomainError } from '../core/platform/envelope';
import { getDb } from '../core/platform/sdk';
import { WorkCalendar, mergeYears } from '../core/rules/calendar';
import { libraryCalendar } from '../core/rules/libraryCalendar';

/** What the catalog function reads from the database. */

export async function findItem(code: string): Promise<ServiceItem> {
  const [item] = await collection('services').where({ code }).limit(1).get();
  if (!item) throw new DomainError('NOT_FOUND', '没有找到这个事项，可能已调整。请返回事项列表重新选择。');
  return serviceItemView(item);
}

/** The library's calendar, with any year loaded as data (collection `calendars`) taking precedence. */
export async function calendarFrom(date: string): Promise<WorkCalendar> {
  const year = Number(date.slice(0, 4));
  const db = getDb();
  const overrides = await collection('calendars')
    .where({ year: db.command.in([year, year + 1, year + 2]) })
    .field({ _id: false })
    .get();
  return new WorkCalendar(mergeYears(libraryCalendar(), overrides));
}

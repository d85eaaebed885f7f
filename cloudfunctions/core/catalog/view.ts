import type { ServiceItem } from './serviceItem';

/** A stored service item as it leaves a function (without the database id). */
export function serviceItemView(item: ServiceItem & { _id?: string }): ServiceItem {
  const { _id, ...rest } = item;
  return rest;
}

import { type Listed, type Searchable, SEARCH_FIELDS } from '../documents/searchable';
import { type Collection, leftOut } from './collection';
import { getDb } from './sdk';

/**
 * A page of places nearest first from `near`, with `distance` in metres: geoNear through the collection's 2dsphere
 * index on `location` (institutions, settlement sites). A place published without coordinates is found by name and
 * code, never as "nearest".
 */
export async function nearestPage<T extends Searchable>(
  coll: Collection<T>,
  where: Record<string, unknown>,
  req: { near: { latitude: number; longitude: number }; offset: number; limit: number },
): Promise<Array<Listed<T> & { distance?: number }>> {
  const db = getDb();
  const res = (await coll
    .aggregate()
    .geoNear({
      near: db.Geo.Point(req.near.longitude, req.near.latitude),
      distanceField: 'distance',
      spherical: true,
      key: 'location',
      query: db.command.and([where, { location: db.command.exists(true) }]),
    })
    .skip(req.offset)
    .limit(req.limit)
    .project(leftOut(SEARCH_FIELDS))
    .end()) as { list?: Listed<T>[]; data?: Listed<T>[] };
  return res.list ?? res.data ?? [];
}

/**
 * `$geoNear` (mingo has none), answered as MongoDB does over GeoJSON points, before the rest of an
 * aggregation pipeline runs in mingo: through the collection's 2dsphere grid (geoIndex.ts) when one is
 * declared on the key and the page is known, otherwise over every matching document.
 */

import { Query } from 'mingo';
import { haversineMetres } from './geoIndex';
import { planHas } from './planner';
import type { Queries } from './query';
import type { DocumentStore } from './store';
import { type Doc, pick } from './values';

/**
 * $geoNear over GeoJSON points: documents matching `query`, nearest first, with the distance in metres.
 * With a 2dsphere index on the key and a known page (`$skip`/`$limit` after it), the grid is walked from
 * the point's cell outward until the page is surely complete; only the documents it answers are read
 * (and, when the query is not answered by an index exactly, the nearer candidates it tests).
 */
export function geoNear(queries: Queries, store: DocumentStore, coll: string, stage: GeoNear, wanted: number): Doc[] {
  const key = stage.key ?? 'location';
  const [lng, lat] = stage.near.coordinates;
  const query = stage.query ?? {};
  const access = queries.access(coll, query);
  const grid = store.opened(coll)?.indexes.grids.find((g) => g.field === key);
  const collection = store.collection(coll);
  const multiplier = stage.distanceMultiplier ?? 1;
  const withDistance = (doc: Doc, metres: number) => ({ ...doc, [stage.distanceField]: metres * multiplier });
  if (grid && Number.isFinite(wanted) && access.size > 4 * wanted && multiplier > 0) {
    const q = access.exact ? null : new Query(query);
    // Membership in the index's answer, on the index: a few nodes are asked directly, more are listed once.
    const plan = access.plan;
    const listed = access.keys && (!plan || plan.groups || plan.nodes.length > 8) ? new Set(access.keys) : null;
    const tested = new Map<string, Doc | null>();
    const accept = (k: string) => {
      if (listed ? !listed.has(k) : plan && !(planHas(plan, k) && access.filters.every((f) => planHas(f, k))))
        return false;
      if (!q) return true;
      if (!tested.has(k)) {
        const doc = queries.read(collection, k);
        tested.set(k, doc && q.test(doc) ? doc : null);
      }
      return tested.get(k) !== null;
    };
    const maxDistance = stage.maxDistance === undefined ? Infinity : stage.maxDistance / multiplier;
    const minDistance = stage.minDistance === undefined ? 0 : stage.minDistance / multiplier;
    const found = grid
      .nearest(lng, lat, wanted, (k) => accept(k), maxDistance)
      .filter((f) => f.distance >= minDistance);
    const out: Doc[] = [];
    for (const { key: k, distance } of found.slice(0, wanted)) {
      const doc = tested.get(k) ?? queries.read(collection, k);
      if (doc) out.push(withDistance(doc, distance));
    }
    return out;
  }
  const out: Doc[] = [];
  for (const { doc } of queries.matching(coll, query)) {
    const point = pick(doc, key) as { type?: string; coordinates?: [number, number] } | null;
    if (!point?.coordinates) continue;
    const distance = haversineMetres(lat, lng, point.coordinates[1], point.coordinates[0]) * multiplier;
    if (stage.maxDistance !== undefined && distance > stage.maxDistance) continue;
    if (stage.minDistance !== undefined && distance < stage.minDistance) continue;
    out.push(withDistance(doc, distance / multiplier));
  }
  return out.sort((a, b) => (a[stage.distanceField] as number) - (b[stage.distanceField] as number));
}

/** How many documents the stages after $geoNear need: its $skip and $limit, Infinity otherwise. */
export function wantedBy(stages: Record<string, unknown>[]): number {
  let skip = 0;
  for (const stage of stages) {
    if ('$skip' in stage) skip += Number(stage.$skip);
    else if ('$limit' in stage) return skip + Number(stage.$limit);
    else return Infinity;
  }
  return Infinity;
}

export interface GeoNear {
  near: { type: 'Point'; coordinates: [number, number] };
  distanceField: string;
  query?: Record<string, unknown>;
  key?: string;
  maxDistance?: number;
  minDistance?: number;
  distanceMultiplier?: number;
}

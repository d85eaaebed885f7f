/**
 * A `2dsphere` index kept as a grid of cells (0.01°, about 1 km), which `$geoNear` walks from the point
 * outward (geoNear.ts).
 */

import { type Doc, valuesAt } from './values';

/** A 2dsphere index as a grid of 0.01° cells: cell → keys, and each key's point. */
export class GridIndex {
  static readonly CELL = 0.01;
  readonly cells = new Map<string, Set<string>>();
  readonly points = new Map<string, [number, number]>();
  minX = Infinity;
  maxX = -Infinity;
  minY = Infinity;
  maxY = -Infinity;

  constructor(
    readonly name: string,
    readonly field: string,
  ) {}

  static cellOf(lng: number, lat: number): [number, number] {
    return [Math.floor(lng / GridIndex.CELL), Math.floor(lat / GridIndex.CELL)];
  }

  private pointOf(doc: Doc): [number, number] | null {
    const v = valuesAt(doc, this.field)[0] as { coordinates?: unknown } | null;
    const c = v && typeof v === 'object' ? (v.coordinates as number[] | undefined) : undefined;
    return Array.isArray(c) && typeof c[0] === 'number' && typeof c[1] === 'number' ? [c[0], c[1]] : null;
  }

  add(key: string, doc: Doc): void {
    const p = this.pointOf(doc);
    if (!p) return;
    const [x, y] = GridIndex.cellOf(p[0], p[1]);
    const cell = `${x}:${y}`;
    let set = this.cells.get(cell);
    if (!set) this.cells.set(cell, (set = new Set()));
    set.add(key);
    this.points.set(key, p);
    this.minX = Math.min(this.minX, x);
    this.maxX = Math.max(this.maxX, x);
    this.minY = Math.min(this.minY, y);
    this.maxY = Math.max(this.maxY, y);
  }

  remove(key: string, doc: Doc): void {
    const p = this.pointOf(doc);
    if (!p) return;
    const [x, y] = GridIndex.cellOf(p[0], p[1]);
    this.cells.get(`${x}:${y}`)?.delete(key);
    this.points.delete(key);
  }

  /**
   * Keys with their distance from (lng, lat), nearest first, walking rings of cells outward; `accept` says
   * whether a key counts (the query); stops once `wanted` accepted keys are known to be the nearest, or
   * beyond `maxDistance`.
   */
  nearest(
    lng: number,
    lat: number,
    wanted: number,
    accept: (key: string) => boolean,
    maxDistance = Infinity,
  ): Array<{ key: string; distance: number }> {
    const [cx, cy] = GridIndex.cellOf(lng, lat);
    const found: Array<{ key: string; distance: number }> = [];
    const maxRing = Math.max(
      Math.abs(cx - this.minX),
      Math.abs(this.maxX - cx),
      Math.abs(cy - this.minY),
      Math.abs(this.maxY - cy),
    );
    const visit = (x: number, y: number) => {
      const set = this.cells.get(`${x}:${y}`);
      if (!set) return;
      for (const key of set) {
        const p = this.points.get(key)!;
        const distance = haversineMetres(lat, lng, p[1], p[0]);
        if (distance <= maxDistance && accept(key)) found.push({ key, distance });
      }
    };
    for (let r = 0; r <= maxRing; r += 1) {
      if (r === 0) visit(cx, cy);
      else {
        for (let x = cx - r; x <= cx + r; x += 1) {
          visit(x, cy - r);
          visit(x, cy + r);
        }
        for (let y = cy - r + 1; y <= cy + r - 1; y += 1) {
          visit(cx - r, y);
          visit(cx + r, y);
        }
      }
      // Nothing outside the searched square is nearer than its nearest edge.
      const bound = edgeDistance(lng, lat, cx, cy, r);
      if (bound > maxDistance) break;
      if (found.length >= wanted) {
        found.sort((a, b) => a.distance - b.distance);
        if (found[wanted - 1].distance <= bound) break;
      }
    }
    return found.sort((a, b) => a.distance - b.distance);
  }
}

/** Shortest distance from the point to the outside of the square of cells within `r` of its cell. */
function edgeDistance(lng: number, lat: number, cx: number, cy: number, r: number): number {
  const c = GridIndex.CELL;
  const south = lat - (cy - r) * c;
  const north = (cy + r + 1) * c - lat;
  const west = lng - (cx - r) * c;
  const east = (cx + r + 1) * c - lng;
  const metresPerDegLat = 111_195;
  // East-west degrees are shortest where the square is nearest a pole.
  const poleward = Math.min(89.9, Math.max(Math.abs((cy - r) * c), Math.abs((cy + r + 1) * c)));
  const metresPerDegLng = metresPerDegLat * Math.cos((poleward * Math.PI) / 180);
  return Math.min(south * metresPerDegLat, north * metresPerDegLat, west * metresPerDegLng, east * metresPerDegLng);
}

export function haversineMetres(lat1: number, lng1: number, lat2: number, lng2: number): number {
  const rad = Math.PI / 180;
  const a =
    Math.sin(((lat2 - lat1) * rad) / 2) ** 2 +
    Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(((lng2 - lng1) * rad) / 2) ** 2;
  return 2 * 6371008.8 * Math.asin(Math.sqrt(a));
}

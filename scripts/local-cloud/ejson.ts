/**
 * wx-server-sdk's wire format (MongoDB Extended JSON, see docs/toolchain.md): what a request carries, decoded
 * into values mingo understands, and documents encoded for an answer.
 */

import { EJSON } from 'bson';

/** A request's field (EJSON text, or already parsed) as a value; `nowMs` is the caller's clock (serverDate). */
export function decodeEjson(text: unknown, nowMs: number): unknown {
  if (text === undefined || text === null || text === '') return undefined;
  const parsed = typeof text === 'string' ? EJSON.parse(text, { relaxed: true }) : text;
  return revive(parsed, nowMs);
}

/** BSON wrapper types become what mingo understands; `db.serverDate()` becomes the server's (clock's) time. */
function revive(value: unknown, nowMs: number): unknown {
  if (Array.isArray(value)) return value.map((v) => revive(v, nowMs));
  if (value instanceof Date || value === null || typeof value !== 'object') return value;
  const v = value as Record<string, unknown>;
  if (v.constructor?.name === 'BSONRegExp') {
    const r = v as unknown as { pattern: string; options: string };
    return new RegExp(r.pattern, r.options.replace(/[^gimsuy]/g, ''));
  }
  if ('$tcb_server_date' in v) {
    const offset = Number((v.$tcb_server_date as { offset?: number })?.offset ?? 0);
    return new Date(nowMs + offset);
  }
  if (v.constructor?.name === 'ObjectId') return String(v);
  const out: Record<string, unknown> = {};
  for (const [k, inner] of Object.entries(v)) out[k] = revive(inner, nowMs);
  return out;
}

/** A document (or any value) as canonical EJSON: for an answer, and to compare or key values exactly. */
export const encode = (doc: unknown) => EJSON.stringify(doc as object, { relaxed: false });

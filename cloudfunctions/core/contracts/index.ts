import type { CatalogRequest, CatalogResponses } from './catalog';

/** Every function's request and responses by action: the client's callCloud is typed from this. */
export interface Contracts {
  catalog: { request: CatalogRequest; responses: CatalogResponses };
}

export type { Envelope, ErrorCode, Failure } from '../envelope';
export type * from './catalog';

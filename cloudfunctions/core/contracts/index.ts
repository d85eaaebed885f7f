import type { CatalogRequest, CatalogResponses } from './catalog';
import type { FacilityRequest, FacilityResponses } from './facility';
import type { FilingRequestEvent, FilingResponses } from './filing';
import type { RatingRequest, RatingResponses } from './rating';
import type { UserRequest, UserResponses } from './user';

/** Every function's request and responses by action: the client's callCloud is typed from this. */
export interface Contracts {
  catalog: { request: CatalogRequest; responses: CatalogResponses };
  user: { request: UserRequest; responses: UserResponses };
  facility: { request: FacilityRequest; responses: FacilityResponses };
  filing: { request: FilingRequestEvent; responses: FilingResponses };
  rating: { request: RatingRequest; responses: RatingResponses };
}

export type { Envelope, ErrorCode, Failure } from '../platform/envelope';
export type * from './catalog';
export type * from './user';
export type * from './facility';
export type * from './filing';
export type * from './rating';

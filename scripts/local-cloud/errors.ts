/** An error answered to wx-server-sdk with CloudBase's code for it (protocol.ts). */
export class DbError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** A unique index refused a write: worded as CloudBase words it. */
export function dupKey(coll: string, index: string, key: string): DbError {
  return new DbError(
    'DATABASE_REQUEST_FAILED',
    `E11000 duplicate key error collection: ${coll} index: ${index} dup key: ${key}`,
  );
}

import * as cloud from 'wx-server-sdk';

let initialised = false;

/** The wx-server-sdk, initialised once per instance for the environment the function runs in. */
export function getCloud(): typeof cloud {
  if (!initialised) {
    // Typed as symbol by the SDK, accepted as the env at run time (docs/toolchain.md).
    cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
    initialised = true;
  }
  return cloud;
}

export type Database = ReturnType<typeof cloud.database>;

let database: Database | null = null;

/** The database handle, made once per instance (as CloudBase's examples do at the top of a function). */
export function getDb(): Database {
  return (database ??= getCloud().database());
}

/** The transaction handle runTransaction passes (typed loosely by the SDK). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the SDK types a transaction's collections loosely
export type Txn = { collection(name: string): any };

/**
 * What an error says, whatever its shape: the SDK throws Errors with `errMsg`, and, when a transaction has lost
 * every retry, the database's raw answer `{ code, message }` (whose String() is only "[object Object]").
 */
export const errorText = (error: unknown) => {
  const e = error as { errMsg?: unknown; code?: unknown; message?: unknown } | null;
  return [e?.errMsg, e?.code, e?.message, String(error)].filter((part) => typeof part === 'string').join(' ');
};

/** A unique index refused the write (CloudBase words it as MongoDB does: E11000 duplicate key). */
export const isDuplicateKey = (error: unknown) => /E11000|duplicate key/.test(errorText(error));

/** A transaction lost to a concurrent one even after the SDK's retries. */
export const isTransactionConflict = (error: unknown) => /TRANSACTION_CONFLICT|conflict/i.test(errorText(error));

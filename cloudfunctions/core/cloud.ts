import * as cloud from 'wx-server-sdk';

let initialised = false;

/** The wx-server-sdk, initialised once per instance for the environment the function runs in. */
export function getCloud(): typeof cloud {
  if (!initialised) {
    // Typed as symbol by the SDK, accepted as the env at run time (TOOLCHAIN.md).
    cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
    initialised = true;
  }
  return cloud;
}

export type Database = ReturnType<typeof cloud.database>;

export function getDb(): Database {
  return getCloud().database();
}

/** `get()` is typed as a union with the callback overload; narrow it to the promise result. */
export async function listOf<T>(query: { get(): unknown }): Promise<T[]> {
  const res = (await query.get()) as { data: T[] };
  return res.data;
}

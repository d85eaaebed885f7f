import { request } from 'node:http';

export type Headers = Record<string, string>;
export interface Reply {
  status: number | undefined;
  body: string;
  /** The call's database round trips one after another (the local cloud's x-db-round-trips). */
  roundTrips: number | null;
  /** Bytes of the documents the database answered the call with (x-db-answer-bytes). */
  answerBytes: number | null;
  /** A fresh instance's first call: its phases in ms (the local cloud's Server-Timing header), else empty. */
  timing: Record<string, number>;
}

/** `boot;dur=45.1, load;dur=240.3` → { boot: 45.1, load: 240.3 }. */
const serverTiming = (header: string): Record<string, number> =>
  Object.fromEntries(
    header
      .split(',')
      .map((metric) => /^\s*([\w-]+);dur=([\d.]+)\s*$/.exec(metric))
      .filter((m) => m !== null)
      .map((m) => [m[1], Number(m[2])]),
  );

/** One request to a function; a kept-alive socket closed by the server while a loader blocked it is retried once. */
export async function post(url: string, fn: string, body: unknown, headers: Headers = {}): Promise<Reply> {
  try {
    return await postOnce(url, `/api/${fn}`, body, headers);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ECONNRESET') throw error;
    return postOnce(url, `/api/${fn}`, body, headers);
  }
}

/** POST `body` as JSON to `path` (as openid `bench` unless the headers name one). */
export function postOnce(url: string, path: string, body: unknown, headers: Headers = {}): Promise<Reply> {
  if (!('x-openid' in headers)) headers = { 'x-openid': 'bench', ...headers };
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}${path}`,
      { method: 'POST', headers: { 'content-type': 'application/json', ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const trips = res.headers['x-db-round-trips'];
          const bytes = res.headers['x-db-answer-bytes'];
          resolve({
            status: res.statusCode,
            body: Buffer.concat(chunks).toString(),
            roundTrips: trips ? Number(trips) : null,
            answerBytes: bytes ? Number(bytes) : null,
            timing: serverTiming(String(res.headers['server-timing'] ?? '')),
          });
        });
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

/** A function's answer, parsed. */
export async function call<T = Record<string, unknown>>(
  url: string,
  fn: string,
  body: unknown,
  headers: Headers = {},
): Promise<{ ok: boolean; data: T; code?: string }> {
  return JSON.parse((await post(url, fn, body, headers)).body);
}

import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import simulate from 'miniprogram-simulate';
import { LocalCloud } from '../helpers/localCloud';
import { setTestClock } from '../helpers/testClock';
import { registerAriaBuiltins, WECHAT_BUILTINS } from '../../scripts/preview/aria';

// WeChat's built-ins keep their 读屏 attributes (aria-role as role) and native roles, as in WeChat's webview: the
// same j-component instance simulate registered its plain built-ins with.
registerAriaBuiltins(require('j-component'), WECHAT_BUILTINS);

const ROOT = resolve(__dirname, '..', '..', 'miniprogram');

export const wxCalls = (api: string) => globalThis.__wxCalls.filter((c) => c.api === api);
export const wxStorage = () => globalThis.__wxStorage;

/** A real local cloud behind wx.cloud.callFunction: pages under test call the real functions. */
let caller = 'page-test-user';
/**
 * The one clock of a page test, from `now` on (undefined = the tests' TEST_NOW): the pages' own `Date` (what
 * they read for "today", "this month") and the x-now of every call they make to the local cloud.
 */
export function setClock(now?: string): void {
  setTestClock(now);
}
/** Who the pages call as (the WeChat user the local cloud sees). */
export function actAs(openid: string): void {
  caller = openid;
}

/** Requests to the local cloud a page has started and not yet had answered (what `settle` waits for). */
let inFlight = 0;
async function tracked<T>(work: Promise<T>): Promise<T> {
  inFlight += 1;
  try {
    return await work;
  } finally {
    inFlight -= 1;
  }
}

export async function startCloudForPages(cloud = new LocalCloud()): Promise<LocalCloud> {
  await cloud.start();
  (globalThis as any).wx.cloud.callFunction = ({ name, data }: { name: string; data: unknown }) =>
    tracked(
      cloud.post(name, JSON.stringify(data), { openid: caller }).then(({ status, json }) => {
        if (status !== 200) throw new Error(`cloud.callFunction:fail HTTP ${status}`);
        return { result: json, errMsg: 'cloud.callFunction:ok' };
      }),
    );
  // What WeChat does on the phone: the face check of the session, as the current caller (the outcome is set with
  // cloud.setFaceOutcome; passing by default). Recorded like the other wx APIs; the callbacks report only that
  // the person finished — the pages must ask the server for the result.
  (globalThis as any).wx.requestFacialVerify = (args: {
    verifyId: string;
    success?: (r: unknown) => void;
    fail?: (r: unknown) => void;
    complete?: () => void;
  }) => {
    globalThis.__wxCalls.push({ api: 'requestFacialVerify', args });
    tracked(cloud.faceCheck(caller, args.verifyId))
      .then(
        (r) =>
          r.errCode === 0
            ? args.success?.({ errMsg: r.errMsg })
            : args.fail?.({ errCode: r.errCode, errMsg: r.errMsg }),
        (error) => args.fail?.({ errCode: -1, errMsg: `requestFacialVerify:fail ${error}` }),
      )
      .finally(() => args.complete?.());
  };
  (globalThis as any).wx.cloud.uploadFile = ({ cloudPath, filePath }: { cloudPath: string; filePath: string }) =>
    tracked(cloud.upload(cloudPath, readFileSync(filePath))).then(({ json }) => ({
      fileID: json.fileID,
      errMsg: 'cloud.uploadFile:ok',
    }));
  return cloud;
}

/**
 * Loads a page with its TDesign components resolved as WeChat's npm build resolves them: npm-style paths
 * (`tdesign-miniprogram/x/x`) map to miniprogram/miniprogram_npm (docs/toolchain.md: otherwise they silently
 * render as empty tags).
 */
export function loadPage(page: string): string {
  const base = join(ROOT, 'pages', page, 'index');
  const usingComponents: Record<string, string> = {};
  // The page's TDesign tags and those of the project's own components it uses, at any depth.
  const collect = (componentBase: string) => {
    const json = JSON.parse(readFileSync(`${componentBase}.json`, 'utf8')) as {
      usingComponents?: Record<string, string>;
    };
    for (const [tag, path] of Object.entries(json.usingComponents ?? {})) {
      if (path.startsWith('tdesign-miniprogram/')) usingComponents[tag] = `/miniprogram_npm/${path}`;
      else collect(path.startsWith('/') ? join(ROOT, path) : join(componentBase, '..', path));
    }
  };
  collect(base);
  // jest keeps modules cached across simulate.load calls (simulate's own require.cache reset has no effect), so
  // a second page would reuse TDesign definitions registered under the first page's component ids: start fresh.
  jest.resetModules();
  // WeChat's compiler turns every WXML of the mini-program into one script, past its 1 MB default output buffer.
  return simulate.load(base, { rootPath: ROOT, usingComponents, compilerOptions: { maxBuffer: 64 * 1024 * 1024 } });
}

/**
 * The set-up page tests share: before the file's tests, a local cloud behind the pages and the named pages
 * loaded (`pages` is filled in then); after them, the cloud stopped, its data removed and the clock put back.
 */
export function usePageCloud<P extends string>(options: {
  pages: P[];
  /** Prepares the cloud's data directory before it starts (e.g. runs the import tool into it). */
  before?: (dataDir: string) => void;
  /** The local cloud's settings (e.g. LOCAL_DEMO_RATINGS). */
  settings?: Record<string, string>;
}): {
  cloud: LocalCloud;
  pages: Record<P, string>;
} {
  const cloud = new LocalCloud(undefined, options.settings);
  const pages = {} as Record<P, string>;
  beforeAll(async () => {
    options.before?.(cloud.dataDir);
    await startCloudForPages(cloud);
    for (const page of options.pages) pages[page] = loadPage(page);
  });
  afterAll(async () => {
    setClock(undefined);
    await cloud.stop();
    cloud.removeData();
  });
  return { cloud, pages };
}

export type Rendered = ReturnType<typeof simulate.render>;

export async function renderPage(id: string, query: Record<string, string> = {}) {
  const comp = simulate.render(id);
  comp.attach(document.createElement('parent-wrapper'));
  await (comp.instance as any).onLoad(query);
  await settle();
  return comp;
}

/**
 * Settles the page after an action that calls the cloud, however slow the machine: waits until no request
 * the page started is still out, three checks in a row (a page often starts its next call when one answers).
 */
export async function settle(timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let quiet = 0; quiet < 3; quiet = inFlight === 0 ? quiet + 1 : 0) {
    if (Date.now() > deadline) throw new Error(`timed out: ${inFlight} cloud request(s) still out`);
    await simulate.sleep(10);
  }
}

/** Waits until `condition` holds (polling), failing after `timeoutMs` with what was awaited. */
export async function until(condition: () => boolean, what = 'condition', timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await simulate.sleep(10);
  }
  await simulate.sleep(0);
}

/** Waits until the page's text contains `text`. */
export function untilText(comp: Rendered, text: string, timeoutMs?: number): Promise<void> {
  return until(() => textOf(comp).includes(text), `"${text}" on the page`, timeoutMs);
}

/** Class of the page's root view (simulate prefixes classes with the component's tag: main--page). */
export function rootClass(comp: Rendered): string {
  return ((comp.dom as HTMLElement).firstElementChild as HTMLElement | null)?.className ?? '';
}

/** The page's rendered markup, for asserting on text and on TDesign's own element classes. */
export function html(comp: Rendered): string {
  return (comp.dom as HTMLElement).innerHTML;
}

/** Fails when a TDesign tag rendered as an empty unknown element rather than the component's template. */
export function expectTDesignRendered(comp: Rendered, components: string[]): void {
  const markup = html(comp);
  for (const name of components) {
    expect(markup).toMatch(new RegExp(`class="[^"]*\\bt-${name}\\b`));
  }
}

/** What 读屏 calls the page's search field (components/search-field: its input's aria-label); null when none. */
export function searchFieldName(comp: Rendered): string | null {
  const input = (comp.dom as HTMLElement).querySelector('[class*="search-field__input"]');
  return input?.getAttribute('aria-label') ?? null;
}

export function textOf(comp: Rendered): string {
  return ((comp.dom as HTMLElement).textContent ?? '').replace(/\s+/g, ' ');
}

export { simulate };

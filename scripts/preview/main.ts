/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-require-imports */
/**
 * The browser preview's runtime: registers the mini-program's pages and components (and TDesign's) with
 * j-component / miniprogram-exparser as miniprogram-simulate does for the page tests (registry.ts), renders pages
 * into a phone frame with a page stack and a navigation bar, turns mouse clicks into WeChat `tap` events and gives
 * the native built-ins a person touches (input, textarea, picker, image, canvas) real browser controls
 * (builtins.ts).
 */
import { setPageClock } from './clock';
import { settings } from './settings';
import { installWx, type PreviewHost } from './wx';
import { installPanel } from './panel';
import { addStyle, componentAt, ensure, joinPath, loadManifest, type Manifest } from './registry';
import { registerBuiltins } from './builtins';

// The page's own clock follows the panel's, before any page module runs (they run when their page first opens).
setPageClock(settings.clock);

const exparser = require('miniprogram-exparser');
const jComponent = require('j-component');

// ——— Taps: a click is WeChat's tap on the element under the pointer ———

function installTaps(frame: HTMLElement): void {
  frame.addEventListener('click', (evt) => {
    const target = evt.target as HTMLElement;
    if (!target || target.closest('.pv-overlay, .pv-navbar')) return;
    let node: HTMLElement | null = target;
    while (node && !(node as any).__wxElement) node = node.parentElement;
    if (!node) return;
    const detail = { x: evt.pageX, y: evt.pageY };
    exparser.Event.dispatchEvent(
      node,
      exparser.Event.create('tap', detail, {
        originalEvent: evt,
        bubbles: true,
        capturePhase: true,
        composed: true,
        extraFields: { touches: [], changedTouches: [{ pageX: evt.pageX, pageY: evt.pageY }] },
      }),
    );
    // open-type buttons: what WeChat does on their tap.
    const button = node.closest('wx-button') as any;
    const openType = button?.__wxElement?.data?.openType ?? button?.__wxElement?.__methodCaller?.data?.openType;
    if (openType === 'agreePrivacyAuthorization') {
      button.__wxElement.triggerEvent('agreeprivacyauthorization', {});
    }
  });
}

// ——— Pages: the stack, the navigation bar ———

interface Entry {
  route: string;
  comp: any;
  wrapper: HTMLElement;
  style: HTMLStyleElement;
  title: string;
}

const stack: Entry[] = [];

function parseUrl(url: string, from?: string): { route: string; query: Record<string, string> } {
  const [path, search = ''] = url.split('?');
  const absolute = path.startsWith('/') ? path : joinPath(`/${from ?? ''}`, path);
  const query: Record<string, string> = {};
  for (const pair of search.split('&').filter(Boolean)) {
    const at = pair.indexOf('=');
    query[at < 0 ? pair : pair.slice(0, at)] = at < 0 ? '' : pair.slice(at + 1);
  }
  return { route: absolute.replace(/^\/+/, ''), query };
}

function main(manifest: Manifest): void {
  const frame = document.getElementById('frame')!;
  const pagesEl = document.getElementById('pages')!;
  const titleEl = document.getElementById('title')!;
  const backEl = document.getElementById('back')!;
  const homeEl = document.getElementById('home')!;

  const render = () => {
    stack.forEach((e, i) => {
      const top = i === stack.length - 1;
      e.wrapper.hidden = !top;
      e.style.disabled = !top;
    });
    const top = stack[stack.length - 1];
    titleEl.textContent = top?.title ?? '';
    backEl.hidden = stack.length < 2;
    homeEl.hidden = stack.length > 1 || top?.route === manifest.pages[0];
    document.title = `${top?.title ?? ''} — 医保服务 预览`;
  };

  const hide = (e?: Entry) => {
    if (!e) return;
    e.comp.instance.onHide?.();
    e.comp.triggerPageLifeTime('hide');
  };
  const show = (e?: Entry) => {
    if (!e) return;
    render();
    e.comp.triggerPageLifeTime('show');
    e.comp.instance.onShow?.();
  };
  const unload = (e: Entry) => {
    e.comp.instance.onUnload?.();
    e.comp.detach();
    e.wrapper.remove();
    e.style.remove();
  };

  const open = async (url: string) => {
    const { route, query } = parseUrl(url, stack[stack.length - 1]?.route);
    const path = `/${route}`;
    const c = componentAt(path);
    if (!c) throw new Error(`no page ${route}`);
    const id = ensure(path);
    const style = addStyle(c.css);
    const wrapper = document.createElement('div');
    wrapper.className = 'pv-page';
    wrapper.dataset.route = route;
    pagesEl.appendChild(wrapper);
    const comp = jComponent.create(id);
    const entry: Entry = {
      route,
      comp,
      wrapper,
      style,
      title: c.title ?? manifest.window.navigationBarTitleText ?? '',
    };
    stack.push(entry);
    comp.attach(wrapper);
    const instance = comp.instance;
    instance.route = route;
    instance.options = query;
    render();
    pagesEl.scrollTop = 0;
    const loading = instance.onLoad?.(query);
    comp.triggerPageLifeTime('show');
    instance.onShow?.();
    await loading;
    instance.onReady?.();
  };

  const host: PreviewHost = {
    frame,
    async navigateTo(url) {
      hide(stack[stack.length - 1]);
      await open(url);
    },
    async redirectTo(url) {
      const top = stack.pop();
      if (top) unload(top);
      await open(url);
    },
    async reLaunch(url) {
      while (stack.length) unload(stack.pop()!);
      await open(url);
    },
    navigateBack(delta = 1) {
      for (let i = 0; i < Math.max(1, delta) && stack.length > 1; i += 1) unload(stack.pop()!);
      show(stack[stack.length - 1]);
    },
    setTitle(title) {
      const top = stack[stack.length - 1];
      if (top) top.title = title;
      render();
    },
    pick: () => Promise.resolve(null),
    reload() {
      const top = stack[stack.length - 1];
      if (!top) return;
      // Shown again: pages re-read the elderly mode and their data on show.
      top.comp.triggerPageLifeTime('show');
      top.comp.instance.onShow?.();
    },
  };
  installWx(host);
  registerBuiltins(host);
  installTaps(frame);
  (globalThis as any).getCurrentPages = () => stack.map((e) => e.comp.instance);

  backEl.addEventListener('click', () => host.navigateBack(1));
  homeEl.addEventListener('click', () => void host.reLaunch(`/${manifest.pages[0]}`));
  installPanel(host);

  const start = new URLSearchParams(location.search).get('page');
  void open(start ? `/${start.replace(/^\/+/, '')}` : `/${manifest.pages[0]}`).catch((error) => {
    console.error(error);
    pagesEl.textContent = `页面未能打开：${error}`;
  });
}

void (async () => {
  const manifest = await loadManifest();
  addStyle(manifest.appCss, 'css-app');
  main(manifest);
  (window as any).__previewReady = true;
})();

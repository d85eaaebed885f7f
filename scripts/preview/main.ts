/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-require-imports */
/**
 * The browser preview's runtime: registers the mini-program's pages and components (and TDesign's) with
 * j-component / miniprogram-exparser as miniprogram-simulate does for the page tests, renders pages into a
 * phone frame with a page stack and a navigation bar, turns mouse clicks into WeChat `tap` events and gives the
 * native built-ins a person touches (input, textarea, picker, image, canvas) real browser controls.
 */
import { setPageClock } from './clock';
import { settings } from './settings';
import { installWx, type PreviewHost } from './wx';
import { installPanel } from './panel';

// The page's own clock follows the panel's, before any page module runs (they run when their page first opens).
setPageClock(settings.clock);

const exparser = require('miniprogram-exparser');
const jComponent = require('j-component');
const jUtils = require('j-component/src/tool/utils');
const SelectorQuery = require('j-component/src/tool/selectorquery');
const modules: Record<string, () => unknown> = require('preview:modules');

/** 750 rpx = the frame's width. */
const FRAME_WIDTH = 375;
jUtils.transformRpx = (style: string) =>
  style.replace(/(-?\d*\.?\d+)rpx/gi, (_all: string, n: string) => `${(Number(n) * FRAME_WIDTH) / 750}px`);

interface ComponentEntry {
  path: string;
  tag: string;
  using: Record<string, string>;
  title?: string;
  css: string;
}
interface Manifest {
  window: { navigationBarTitleText?: string };
  pages: string[];
  components: ComponentEntry[];
  appCss: string;
}

function joinPath(base: string, rel: string): string {
  const parts = base.split('/').slice(0, -1);
  for (const p of rel.split('/')) {
    if (p === '..') parts.pop();
    else if (p !== '.' && p !== '') parts.push(p);
  }
  return parts.join('/').startsWith('/') ? parts.join('/') : `/${parts.join('/').replace(/^\/+/, '')}`;
}

// ——— Registration (miniprogram-simulate's load/register, once per component for the whole app) ———

const ids = new Map<string, string>();
let nowLoad: any = null;
let manifest: Manifest;
let byPath: Map<string, ComponentEntry>;

(globalThis as any).Component = (options: any) => {
  const c = nowLoad;
  const definition: any = {
    id: c.id,
    path: c.path,
    template: c.template,
    usingComponents: c.usingIds,
    tagName: c.tag,
    ...options,
  };
  definition.options = { classPrefix: c.tag, ...(definition.options || {}) };
  if (definition.relations) {
    for (const key of Object.keys(definition.relations)) {
      const target = ids.get(key.startsWith('/') ? key : joinPath(c.path, key));
      if (target) {
        const value = definition.relations[key];
        value.target = target;
        definition.relations[target] = value;
        delete definition.relations[key];
      }
    }
  }
  jComponent.register(definition);
};
(globalThis as any).Behavior = (definition: any) => jComponent.behavior(definition);
(globalThis as any).Page = (options: any) => (globalThis as any).Component({ methods: options });
(globalThis as any).App = () => undefined;
(globalThis as any).getApp = () => ({ globalData: {} });

function addStyle(css: string, id?: string): HTMLStyleElement {
  const style = document.createElement('style');
  if (id) style.id = id;
  style.textContent = css;
  document.head.appendChild(style);
  return style;
}

function ensure(path: string): string {
  const known = ids.get(path);
  if (known) return known;
  const c = byPath.get(path);
  if (!c) throw new Error(`no component ${path}`);
  const id = `pv${ids.size}`;
  ids.set(path, id);
  const usingIds: Record<string, string> = {};
  for (const [tag, child] of Object.entries(c.using)) usingIds[tag] = ensure(child);
  // A page's own styles apply while it is on top (WeChat isolates pages); components' apply everywhere.
  if (!path.startsWith('/pages/')) addStyle(c.css, `css-${id}`);
  const template = (window as any).__gwx(`${path.slice(1)}.wxml`);
  const previous = nowLoad;
  nowLoad = { id, path, tag: c.tag, usingIds, template };
  try {
    const load = modules[path];
    if (!load) throw new Error(`no code for ${path}`);
    load();
  } finally {
    nowLoad = previous;
  }
  return id;
}

// ——— Native built-ins ———

const PLAIN_BUILTINS = [
  'cover-image',
  'cover-view',
  'grid-view',
  'list-view',
  'match-media',
  'movable-area',
  'movable-view',
  'page-container',
  'root-portal',
  'scroll-view',
  'share-element',
  'sticky-header',
  'sticky-section',
  'swiper',
  'swiper-item',
  'view',
  'icon',
  'progress',
  'rich-text',
  'text',
  'checkbox-group',
  'editor',
  'form',
  'keyboard-accessory',
  'label',
  'picker-view',
  'picker-view-column',
  'radio-group',
  'slider',
  'radio',
  'checkbox',
  'switch',
  'functional-page-navigator',
  'navigator',
  'audio',
  'camera',
  'video',
  'map',
  'web-view',
  'ad',
  'official-account',
  'open-data',
  'navigation-bar',
  'page-meta',
];

function hostOf(self: any): HTMLElement {
  return jUtils.getDom(self) ?? self.$$;
}

/**
 * `<canvas type="2d">`: a real HTML canvas filling the element (WeChat's default size 300×150 unless styled). The
 * page gets it as the `node` of `createSelectorQuery().select(…).fields({ node: true })`, its bitmap then sized to
 * the element's CSS size × devicePixelRatio, with WeChat's `createImage` and `requestAnimationFrame`.
 */
const CANVAS_CSS =
  'wx-canvas { display: inline-block; width: 300px; height: 150px; } ' +
  'wx-canvas > canvas.pv-canvas { display: block; width: 100%; height: 100%; }';
const canvasSized = new WeakSet<HTMLCanvasElement>();

function canvasNode(host: HTMLElement | undefined): HTMLCanvasElement | undefined {
  const canvas = host?.querySelector<HTMLCanvasElement>(':scope > canvas.pv-canvas') ?? undefined;
  if (!canvas || canvasSized.has(canvas)) return canvas;
  canvasSized.add(canvas);
  const rect = host!.getBoundingClientRect();
  const ratio = window.devicePixelRatio || 1;
  canvas.width = Math.round(rect.width * ratio);
  canvas.height = Math.round(rect.height * ratio);
  Object.assign(canvas, {
    createImage: () => new Image(),
    createImageData: (w: number, h: number) => new ImageData(w, h),
    createPath2D: (path?: Path2D) => new Path2D(path),
    requestAnimationFrame: (fn: FrameRequestCallback) => window.requestAnimationFrame(fn),
    cancelAnimationFrame: (id: number) => window.cancelAnimationFrame(id),
  });
  return canvas;
}

/** j-component's SelectorQuery has no `fields({ node: true })`: the canvas node added to each result that asks. */
function installSelectorNodes(): void {
  const exec = SelectorQuery.prototype.exec;
  SelectorQuery.prototype.exec = function execWithNodes(this: any, callback?: unknown) {
    this._queue.forEach((item: any, index: number) => {
      if (!item.fields?.node || item.exparserNode === 0) return;
      const own = this._queueCallback[index];
      this._queueCallback[index] = function withNode(this: any, result: any) {
        // The same nodes, in the same order, as j-component's exec found them.
        const root = item.exparserNode.shadowRoot;
        const found = item.isSelectSingle ? [root.querySelector(item.selector)] : root.querySelectorAll(item.selector);
        const nodes = Array.from(found as ArrayLike<any>).filter(Boolean);
        const results = item.isSelectSingle ? [result] : result;
        nodes.forEach((node: any, i: number) => {
          const canvas = canvasNode(node.$$);
          if (results[i] && canvas) results[i].node = canvas;
        });
        if (typeof own === 'function') own.call(this, result);
      };
    });
    return exec.call(this, callback);
  };
}

function registerBuiltins(host: PreviewHost): void {
  for (const name of PLAIN_BUILTINS) jComponent.register({ id: name, tagName: `wx-${name}`, template: '<slot/>' });

  addStyle(CANVAS_CSS, 'css-canvas');
  installSelectorNodes();
  jComponent.register({
    id: 'canvas',
    tagName: 'wx-canvas',
    template: '<slot/>',
    properties: {
      type: { type: String, value: '' },
      canvasId: { type: String, value: '' },
      disableScroll: { type: Boolean, value: false },
    },
    lifetimes: {
      attached(this: any) {
        const el = hostOf(this);
        if (el.querySelector(':scope > canvas.pv-canvas')) return;
        const canvas = document.createElement('canvas');
        canvas.className = 'pv-canvas';
        el.appendChild(canvas);
      },
    },
  });

  /** input and textarea: a real browser control inside the host element, its events as WeChat's. */
  const field = (name: 'input' | 'textarea') => ({
    id: name,
    tagName: `wx-${name}`,
    template: '<slot/>',
    properties: {
      value: { type: String, value: '' },
      type: { type: String, value: 'text' },
      password: { type: Boolean, value: false },
      placeholder: { type: String, value: '' },
      disabled: { type: Boolean, value: false },
      maxlength: { type: Number, value: 140 },
      focus: { type: Boolean, value: false },
      confirmType: { type: String, value: 'done' },
      name: { type: String, value: '' },
    },
    observers: {
      'value, type, password, placeholder, disabled, maxlength'(this: any) {
        this.sync?.();
      },
    },
    lifetimes: {
      attached(this: any) {
        const el = document.createElement(name) as HTMLInputElement | HTMLTextAreaElement;
        el.className = 'pv-native';
        el.addEventListener('input', () =>
          this.triggerEvent('input', { value: el.value, cursor: el.selectionStart ?? el.value.length, keyCode: 0 }),
        );
        el.addEventListener('focus', () => this.triggerEvent('focus', { value: el.value, height: 0 }));
        el.addEventListener('blur', () => this.triggerEvent('blur', { value: el.value, cursor: el.value.length }));
        el.addEventListener('keydown', (e: Event) => {
          if ((e as KeyboardEvent).key === 'Enter' && name === 'input')
            this.triggerEvent('confirm', { value: el.value });
        });
        this.el = el;
        this.sync = () => {
          const d = this.data;
          if (el.value !== String(d.value ?? '')) el.value = String(d.value ?? '');
          el.placeholder = d.placeholder || '';
          el.disabled = !!d.disabled;
          if (d.maxlength > 0) el.maxLength = d.maxlength;
          else el.removeAttribute('maxlength');
          if (el instanceof HTMLInputElement) {
            el.type = d.password || d.type === 'safe-password' ? 'password' : 'text';
            el.inputMode =
              d.type === 'number' ? 'numeric' : d.type === 'digit' ? 'decimal' : d.type === 'idcard' ? 'text' : '';
          }
        };
        this.sync();
        hostOf(this).appendChild(el);
      },
    },
  });
  jComponent.register(field('input'));
  jComponent.register(field('textarea'));

  jComponent.register({
    id: 'picker',
    tagName: 'wx-picker',
    template: '<slot/>',
    properties: {
      mode: { type: String, value: 'selector' },
      value: { type: null, value: '' },
      range: { type: Array, value: [] },
      rangeKey: { type: String, value: '' },
      start: { type: String, value: '' },
      end: { type: String, value: '' },
      disabled: { type: Boolean, value: false },
    },
    lifetimes: {
      attached(this: any) {
        hostOf(this).addEventListener('click', async () => {
          if (this.data.disabled) return;
          const value = await host.pick(this.data);
          if (value !== null) this.triggerEvent('change', { value });
        });
      },
    },
  });

  jComponent.register({
    id: 'image',
    tagName: 'wx-image',
    template: '<slot/>',
    properties: { src: { type: String, value: '' }, mode: { type: String, value: 'scaleToFill' } },
    observers: {
      'src, mode'(this: any) {
        this.paint?.();
      },
    },
    lifetimes: {
      attached(this: any) {
        const el = hostOf(this);
        this.paint = () => {
          el.style.backgroundImage = this.data.src ? `url("${this.data.src}")` : '';
          el.style.backgroundSize = /aspectFill/.test(this.data.mode) ? 'cover' : 'contain';
          el.style.backgroundRepeat = 'no-repeat';
          el.style.backgroundPosition = 'center';
        };
        this.paint();
      },
    },
  });

  jComponent.register({
    id: 'button',
    tagName: 'wx-button',
    template: '<slot/>',
    behaviors: ['wx://form-field-button'],
    properties: {
      size: { type: String, value: 'default' },
      type: { type: String, value: 'default' },
      disabled: { type: Boolean, value: false },
      loading: { type: Boolean, value: false },
      formType: { type: String, value: '' },
      openType: { type: String, value: '' },
    },
  });
}

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

function main(): void {
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
    if (!byPath.has(path)) throw new Error(`no page ${route}`);
    const id = ensure(path);
    const c = byPath.get(path)!;
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
  manifest = await (await fetch('manifest.json')).json();
  byPath = new Map(manifest.components.map((c) => [c.path, c]));
  addStyle(manifest.appCss, 'css-app');
  main();
  (window as any).__previewReady = true;
})();

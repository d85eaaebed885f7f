/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-require-imports */
/**
 * The preview's registry of the mini-program's pages and components: WeChat's Component/Behavior/Page globals
 * register with j-component (miniprogram-simulate's load/register, once per component for the whole app), each
 * with its compiled WXML and its code, run the first time the component is needed.
 */
const jComponent = require('j-component');
const jUtils = require('j-component/src/tool/utils');
const modules: Record<string, () => unknown> = require('preview:modules');

/** 750 rpx = the frame's width. */
const FRAME_WIDTH = 375;
jUtils.transformRpx = (style: string) =>
  style.replace(/(-?\d*\.?\d+)rpx/gi, (_all: string, n: string) => `${(Number(n) * FRAME_WIDTH) / 750}px`);

export interface ComponentEntry {
  path: string;
  tag: string;
  using: Record<string, string>;
  title?: string;
  css: string;
}
export interface Manifest {
  window: { navigationBarTitleText?: string };
  pages: string[];
  components: ComponentEntry[];
  appCss: string;
}

export function joinPath(base: string, rel: string): string {
  const parts = base.split('/').slice(0, -1);
  for (const p of rel.split('/')) {
    if (p === '..') parts.pop();
    else if (p !== '.' && p !== '') parts.push(p);
  }
  return parts.join('/').startsWith('/') ? parts.join('/') : `/${parts.join('/').replace(/^\/+/, '')}`;
}

const ids = new Map<string, string>();
let nowLoad: any = null;
let byPath = new Map<string, ComponentEntry>();

/** Reads the manifest build.mjs wrote: every page's and component's WXML path, CSS and components used. */
export async function loadManifest(): Promise<Manifest> {
  const manifest: Manifest = await (await fetch('manifest.json')).json();
  byPath = new Map(manifest.components.map((c) => [c.path, c]));
  return manifest;
}

export function componentAt(path: string): ComponentEntry | undefined {
  return byPath.get(path);
}

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

export function addStyle(css: string, id?: string): HTMLStyleElement {
  const style = document.createElement('style');
  if (id) style.id = id;
  style.textContent = css;
  document.head.appendChild(style);
  return style;
}

export function ensure(path: string): string {
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

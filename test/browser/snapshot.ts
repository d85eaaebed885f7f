/**
 * Turns a page rendered by miniprogram-simulate (real TDesign, real functions) into a standalone HTML document
 * that Chromium lays out as WeChat's webview would: the page's, its components' and TDesign's WXSS as
 * simulate compiled them (class names prefixed per component), app.wxss, WeChat's built-in component styles,
 * and rpx as 1/750 of the screen width.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Rendered } from '../pages/harness';

const ROOT = resolve(__dirname, '..', '..');
const MINIPROGRAM = join(ROOT, 'miniprogram');
export const SCREENS_DIR = process.env.SCREENS_DIR ? resolve(process.env.SCREENS_DIR) : join(ROOT, 'screens');

// simulate turns every `Nrpx` into `Npx` (1:1) as it inserts a page's styles; keep rpx so that the browser
// can convert it at the real screen width. This is the same module instance simulate uses (required before
// any jest.resetModules).
const simulateUtils = require('miniprogram-simulate/src/utils');
simulateUtils.transformRpx = (style: string) => style;
const simulateWxss = require('miniprogram-simulate/src/wxss');

/** WXSS → CSS for the browser: rpx as a share of the viewport, `page` as body, no remote fonts. */
export function wxssToCss(wxss: string): string {
  return wxss
    .replace(/(-?\d*\.?\d+)rpx/g, (_all, n: string) => `calc(${n} * 100vw / 750)`)
    .replace(/(^|[\s,{}>+~])page(?=[\s,{.:[>+~])/g, '$1body')
    .replace(/@font-face\s*{[^}]*}/g, '');
}

/**
 * WeChat's built-in components as its webview styles them (the documented defaults: view is a block, text
 * inline, image 320×240, button…), for the custom elements simulate renders (`wx-view`, `wx-text`…).
 * With `"style": "v2"` in app.json, WeChat's newer button style applies: a fixed 184px width for every
 * button that is not `size="mini"`.
 */
export function builtinCss(styleV2: boolean): string {
  return `
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; font-family: -apple-system, "PingFang SC", "WenQuanYi Micro Hei", sans-serif; font-size: 16px; }
main { display: block; }
wx-view, wx-scroll-view, wx-swiper, wx-swiper-item, wx-form, wx-navigator, wx-block, wx-cover-view, wx-movable-area { display: block; }
wx-scroll-view { overflow: auto; width: 100%; }
wx-text, wx-label { display: inline; }
wx-text { white-space: pre-wrap; }
wx-image { display: inline-block; overflow: hidden; position: relative; width: 320px; height: 240px; }
wx-canvas { display: block; position: relative; width: 300px; height: 150px; }
wx-input { display: block; height: 1.4rem; min-height: 1.4rem; overflow: hidden; white-space: nowrap; text-overflow: clip; cursor: auto; }
wx-textarea { display: block; position: relative; width: 300px; height: 150px; }
wx-switch, wx-checkbox, wx-radio, wx-icon, wx-picker-view { display: inline-block; }
wx-button { position: relative; display: block; margin-left: auto; margin-right: auto; padding-left: 14px; padding-right: 14px;
  box-sizing: border-box; font-size: 18px; text-align: center; text-decoration: none; line-height: 2.55555556; border-radius: 5px;
  overflow: hidden; color: #000; background-color: #f8f8f8; }
wx-button::after { content: " "; width: 200%; height: 200%; position: absolute; top: 0; left: 0; border: 1px solid rgba(0,0,0,.2);
  transform: scale(.5); transform-origin: 0 0; box-sizing: border-box; border-radius: 10px; }
wx-button[size=mini] { display: inline-block; line-height: 2.3; font-size: 13px; padding: 0 1.34em; }
[hidden] { display: none !important; }
${styleV2 ? 'wx-button:not([size=mini]) { width: 184px; font-size: 17px; line-height: 1.41176471; padding: 8px 24px; border-radius: 4px; font-weight: 700; }' : ''}
`;
}

function appWxssCss(): string {
  // app.wxss applies to every page: compiled as simulate compiles a page's own styles (class prefix `main`).
  const raw = simulateWxss.getContent(join(MINIPROGRAM, 'app.wxss')) as string;
  return simulateWxss.compile(raw, { prefix: 'main' }) as string;
}

function usesStyleV2(): boolean {
  const app = JSON.parse(readFileSync(join(MINIPROGRAM, 'app.json'), 'utf8')) as { style?: string };
  return app.style === 'v2';
}

/** Elements a person can tap: a tap handler (the page's or TDesign's), or a native control. */
const TAP_EVENTS = ['tap', 'longpress', 'longtap', 'touchstart', 'touchend'];

/**
 * TDesign's cell binds a tap on its row only to emit its own `click`: the row is a target where the page listens
 * to that click, not otherwise (a row of text is no control).
 */
function emitsOnly(el: Element): boolean {
  if (!/(^|\s)t-cell--t-cell(\s|$)/.test(el.getAttribute('class') ?? '')) return false;
  const host = (el as any).__wxElement?.ownerShadowRoot?.getHostNode?.();
  const events = host?.__wxEvents as Record<string, unknown> | undefined;
  return !(events && ['click', ...TAP_EVENTS].some((name) => name in events)) && !host?.data?.url;
}

function markTappables(root: Element): void {
  root.querySelectorAll('*').forEach((el) => {
    const events = (el as any).__wxElement?.__wxEvents as Record<string, unknown> | undefined;
    if (events && TAP_EVENTS.some((name) => name in events) && !emitsOnly(el)) el.setAttribute('data-tap', '');
  });
}

/**
 * Custom elements simulate leaves empty (an input's value, an image's source) get what the webview shows,
 * so the screenshot and the text checks see them.
 */
function fillNativeContent(root: Element): void {
  root.querySelectorAll('wx-input, wx-textarea').forEach((el) => {
    const value = (el as any).__wxElement?.value ?? (el as any).__wxElement?.__attributes?.value;
    if (typeof value === 'string' && value && !el.textContent) el.textContent = value;
  });
  root.querySelectorAll('wx-image').forEach((el) => {
    const src = (el as any).__wxElement?.src;
    if (typeof src === 'string' && src.startsWith('data:')) {
      (el as HTMLElement).style.backgroundImage = `url("${src}")`;
      (el as HTMLElement).style.backgroundSize = 'contain';
      (el as HTMLElement).style.backgroundRepeat = 'no-repeat';
    }
  });
}

export interface PageState {
  /** File-safe name: page-state(-elderly). */
  name: string;
  /** The page folder under miniprogram/pages. */
  page: string;
  elderly: boolean;
  /** Path of the written HTML document (both screen widths load it). */
  file: string;
}

/** Writes the rendered page as a standalone HTML document; its CSS goes to a shared file by content hash. */
export function snapshot(comp: Rendered, pageId: string, page: string, state: string): PageState {
  const dom = comp.dom as HTMLElement;
  markTappables(dom);
  fillNativeContent(dom);
  const html = dom.outerHTML;
  dom.querySelectorAll('[data-tap]').forEach((el) => el.removeAttribute('data-tap'));
  // The styles simulate inserted for this page and the components it uses (not those of pages loaded before).
  const styles = document.head.querySelector(`style#${pageId}`)?.innerHTML ?? '';
  const css = [builtinCss(usesStyleV2()), wxssToCss(appWxssCss()), wxssToCss(styles)].join('\n');
  const hash = createHash('sha1').update(css).digest('hex').slice(0, 12);
  const cssFile = join(SCREENS_DIR, 'css', `${hash}.css`);
  if (!existsSync(cssFile)) {
    mkdirSync(dirname(cssFile), { recursive: true });
    writeFileSync(cssFile, css);
  }
  const elderly = /\bmain--elderly\b/.test((dom.firstElementChild as HTMLElement | null)?.className ?? '');
  const name = `${page}-${state}${elderly ? '-elderly' : ''}`;
  const file = join(SCREENS_DIR, 'html', `${name}.html`);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(
    file,
    `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
      `<title>${name}</title><link rel="stylesheet" href="../css/${hash}.css"></head><body>${html}</body></html>`,
  );
  return { name, page, elderly, file };
}

/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-require-imports */
/**
 * WeChat's native built-ins for the browser preview: most are plain containers; those a person touches (input,
 * textarea, picker, image, canvas, button) get real browser controls.
 */
import { addStyle } from './registry';
import { ariaBehavior, NATIVE_ROLES, WECHAT_BUILTINS, writeAria } from './aria';
import type { PreviewHost } from './wx';

const jComponent = require('j-component');
const jUtils = require('j-component/src/tool/utils');
const SelectorQuery = require('j-component/src/tool/selectorquery');

/** Built-ins the preview renders as a plain element holding its children; the others are drawn below or not used. */
const DRAWN_HERE = ['button', 'input', 'picker', 'textarea', 'image', 'canvas'];
const NOT_IN_PREVIEW = ['channel-live', 'channel-video', 'live-player', 'live-pusher', 'voip-room', 'ad-custom'];
const PLAIN_BUILTINS = WECHAT_BUILTINS.filter((n) => !DRAWN_HERE.includes(n) && !NOT_IN_PREVIEW.includes(n));

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

/** 读屏: a built-in's aria-* on its element (aria-role as role), its native role unless it holds a real control. */
function aria(name: string, target?: (self: any) => Element | undefined): string {
  return jComponent.behavior(ariaBehavior(hostOf, target ?? hostOf, () => (target ? '' : (NATIVE_ROLES[name] ?? ''))));
}

export function registerBuiltins(host: PreviewHost): void {
  for (const name of PLAIN_BUILTINS)
    jComponent.register({ id: name, tagName: `wx-${name}`, template: '<slot/>', behaviors: [aria(name)] });

  addStyle(CANVAS_CSS, 'css-canvas');
  installSelectorNodes();
  jComponent.register({
    id: 'canvas',
    tagName: 'wx-canvas',
    template: '<slot/>',
    behaviors: [aria('canvas')],
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
    // The real input inside carries the name; it is the text box.
    behaviors: [aria(name, (self: any) => self.el)],
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
        writeAria(el, this.data);
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
    behaviors: [aria('picker')],
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
    behaviors: [aria('image')],
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
    behaviors: ['wx://form-field-button', aria('button')],
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

/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * WeChat's 读屏 attributes on the native built-ins, as its webview renders them: `aria-role` becomes the element's
 * `role`, every other `aria-*` is kept as written (TDesign's own included), and the native controls carry the
 * role WeChat gives them (a `button` is a button, an `input` a text box…). j-component drops every attribute that
 * is not a property or `data-*`, so the built-ins declare the ARIA attributes as properties and write them to the
 * element. Shared by the browser preview (builtins.ts) and the page snapshots the browser checks read.
 */

/** The ARIA attributes WeChat's aria-component lists (role as `aria-role`). */
export const ARIA_NAMES = [
  'role',
  'label',
  'hidden',
  'checked',
  'disabled',
  'selected',
  'expanded',
  'haspopup',
  'pressed',
  'required',
  'readonly',
  'invalid',
  'live',
  'atomic',
  'relevant',
  'busy',
  'current',
  'level',
  'modal',
  'multiline',
  'multiselectable',
  'orientation',
  'placeholder',
  'roledescription',
  'describedby',
  'labelledby',
  'controls',
  'errormessage',
  'valuemin',
  'valuemax',
  'valuenow',
  'valuetext',
  'posinset',
  'setsize',
] as const;

/** The role a native control has in WeChat's webview without an `aria-role`. */
export const NATIVE_ROLES: Record<string, string> = {
  button: 'button',
  input: 'textbox',
  textarea: 'textbox',
  checkbox: 'checkbox',
  radio: 'radio',
  switch: 'switch',
  slider: 'slider',
  navigator: 'link',
};

/** WeChat's built-in components (miniprogram-simulate's list). */
export const WECHAT_BUILTINS = [
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
  'button',
  'checkbox',
  'checkbox-group',
  'editor',
  'form',
  'input',
  'keyboard-accessory',
  'label',
  'picker',
  'picker-view',
  'picker-view-column',
  'radio',
  'radio-group',
  'slider',
  'switch',
  'textarea',
  'functional-page-navigator',
  'navigator',
  'audio',
  'camera',
  'channel-live',
  'channel-video',
  'image',
  'live-player',
  'live-pusher',
  'video',
  'voip-room',
  'map',
  'canvas',
  'web-view',
  'ad',
  'ad-custom',
  'official-account',
  'open-data',
  'navigation-bar',
  'page-meta',
] as const;

const camel = (name: string) => `aria${name[0].toUpperCase()}${name.slice(1)}`;

/** The properties a built-in declares so that j-component keeps its `aria-*` attributes. */
export function ariaProperties(): Record<string, { type: null; value: null }> {
  return Object.fromEntries(ARIA_NAMES.map((n) => [camel(n), { type: null, value: null }]));
}

/** Writes a built-in's ARIA properties to its element (`aria-role` as `role`); unset ones are removed. */
export function writeAria(el: Element, data: Record<string, unknown>, nativeRole = ''): void {
  for (const n of ARIA_NAMES) {
    const value = data[camel(n)];
    const attr = n === 'role' ? 'role' : `aria-${n}`;
    // A native field's placeholder is what the reader says when it has no label.
    const fallback = n === 'role' ? nativeRole : n === 'placeholder' ? String(data.placeholder ?? '') : '';
    const text = value === null || value === undefined || value === '' ? fallback : String(value);
    if (text) el.setAttribute(attr, text);
    else el.removeAttribute(attr);
  }
}

/**
 * A j-component behavior definition: the ARIA properties, written to the element once attached and on every
 * change. `target` answers the element that carries them (the host unless a real control sits inside).
 */
export function ariaBehavior(
  hostOf: (self: any) => Element | undefined,
  target: (self: any) => Element | undefined = hostOf,
  nativeRole: (self: any) => string = () => '',
): Record<string, unknown> {
  const sync = function sync(this: any) {
    const el = target(this);
    if (el) writeAria(el, this.data, nativeRole(this));
  };
  return {
    properties: ariaProperties(),
    observers: { [ARIA_NAMES.map(camel).join(', ')]: sync },
    lifetimes: { attached: sync },
  };
}

/**
 * Registers WeChat's built-ins with j-component as miniprogram-simulate does (a plain `<slot/>` each), with their
 * ARIA attributes and native roles: what the page snapshots need for the accessibility tree.
 */
export function registerAriaBuiltins(jComponent: any, names: readonly string[]): void {
  const hostOf = (self: any): Element | undefined => self.$$ ?? self.__wxElement?.$$;
  for (const name of names) {
    const aria = jComponent.behavior(ariaBehavior(hostOf, hostOf, () => NATIVE_ROLES[name] ?? ''));
    const field = name === 'input' || name === 'textarea';
    jComponent.register({
      id: name,
      tagName: `wx-${name}`,
      template: '<slot/>',
      behaviors: [aria],
      // The field's placeholder, for the reader (the preview's real input has its own).
      ...(field && {
        properties: { placeholder: { type: String, value: '' } },
        observers: {
          placeholder(this: any) {
            const el = hostOf(this);
            if (el) writeAria(el, this.data, NATIVE_ROLES[name]);
          },
        },
      }),
    });
  }
}

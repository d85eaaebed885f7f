/* eslint-disable @typescript-eslint/no-explicit-any */
/** What WeChat draws over a page, drawn inside the preview's phone frame: dialogs, toasts and the native picker. */
import type { PreviewHost } from './wx';

function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

export interface DialogButton<T> {
  text: string;
  value: T;
  primary?: boolean;
}

/** A dialog in the phone frame; answers the chosen button's value. */
export function dialog<T>(
  host: PreviewHost,
  title: string,
  content: string | Node,
  buttons: Array<DialogButton<T>>,
): Promise<T> {
  return new Promise((resolve) => {
    const overlay = el('div', 'pv-overlay');
    const box = el('div', 'pv-dialog');
    box.setAttribute('role', 'dialog');
    if (title) box.appendChild(el('div', 'pv-dialog-title', title));
    const body = el('div', 'pv-dialog-body');
    if (typeof content === 'string') body.textContent = content;
    else body.appendChild(content);
    box.appendChild(body);
    const row = el('div', 'pv-dialog-buttons');
    for (const b of buttons) {
      const button = el('button', b.primary ? 'pv-dialog-button primary' : 'pv-dialog-button', b.text);
      button.addEventListener('click', () => {
        overlay.remove();
        resolve(b.value);
      });
      row.appendChild(button);
    }
    box.appendChild(row);
    overlay.appendChild(box);
    host.frame.appendChild(overlay);
  });
}

/** WeChat's toast and loading toast: one at a time, over the page. */
export function toasts(host: PreviewHost) {
  let toastTimer: ReturnType<typeof setTimeout> | undefined;
  let toastEl: HTMLElement | null = null;
  const clearToast = () => {
    if (toastTimer) clearTimeout(toastTimer);
    toastEl?.remove();
    toastEl = null;
  };
  const toast = (text: string, icon: string, duration: number | null, mask: boolean) => {
    clearToast();
    toastEl = el('div', mask ? 'pv-toast-layer masked' : 'pv-toast-layer');
    const box = el('div', `pv-toast ${icon}`);
    box.setAttribute('role', 'status');
    if (icon === 'loading') box.appendChild(el('div', 'pv-spinner'));
    else if (icon === 'success') box.appendChild(el('div', 'pv-toast-icon', '✓'));
    else if (icon === 'error') box.appendChild(el('div', 'pv-toast-icon', '✕'));
    box.appendChild(el('div', 'pv-toast-text', text));
    toastEl.appendChild(box);
    host.frame.appendChild(toastEl);
    if (duration) toastTimer = setTimeout(clearToast, duration);
  };
  return { toast, clearToast };
}

/** The native picker: a date field, or a list of the choices. */
export async function pick(host: PreviewHost, data: any): Promise<unknown> {
  if (data.mode === 'date' || data.mode === 'time') {
    const input = document.createElement('input');
    input.type = data.mode;
    input.className = 'pv-picker-input';
    input.value = String(data.value ?? '');
    if (data.start) input.min = data.start;
    if (data.end) input.max = data.end;
    const ok = await dialog(host, data.mode === 'date' ? '选择日期' : '选择时间', input, [
      { text: '取消', value: false },
      { text: '确定', value: true, primary: true },
    ]);
    return ok && input.value ? input.value : null;
  }
  const range: unknown[] = data.range ?? [];
  const label = (item: any) => String(data.rangeKey && item && typeof item === 'object' ? item[data.rangeKey] : item);
  const index = await dialog(host, '', '', [
    ...range.map((item, i) => ({ text: label(item), value: i })),
    { text: '取消', value: -1 },
  ]);
  return index < 0 ? null : index;
}

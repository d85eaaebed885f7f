#!/usr/bin/env node
/*
 * The browser half of the page checks: Debian's Chromium (never a downloaded browser), driven by playwright-core.
 * A child process of the jest test (playwright cannot run inside jest's jsdom environment): it reads one JSON
 * job per line on stdin — { id, file, width, minTap, minFont, minLineHeight, a11y, fontOf, linesOf, png } — loads the HTML document at that screen
 * width, measures the computed layout and answers { id, violations, height } on stdout, one line per job.
 */
'use strict';
const { chromium } = require('playwright-core');
const { mkdtempSync, rmSync, mkdirSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join, dirname } = require('node:path');
const { pathToFileURL } = require('node:url');
const readline = require('node:readline');

const EXECUTABLE = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
// What Chromium needs on these machines (no sandbox as root, no GPU, no background connections to a closed network).
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--font-render-hinting=none',
];
const PAGES = Number(process.env.BROWSER_PAGES || 2);

/** Runs in the page: every assertion on the computed layout. */
function audit({ minTap, minFont, minLineHeight }) {
  const violations = [];
  const vw = document.documentElement.clientWidth;
  const describe = (el) => {
    const cls = (el.getAttribute('class') || '').trim().split(/\s+/).filter(Boolean).slice(0, 2).join('.');
    const text = (el.textContent || '').replace(/\s+/g, ' ').trim().slice(0, 24);
    return `${el.tagName.toLowerCase()}${cls ? `.${cls}` : ''}${text ? ` "${text}"` : ''}`;
  };
  const shown = (el) =>
    el.checkVisibility({ opacityProperty: true, visibilityProperty: true, contentVisibilityAuto: true });
  const rectOf = (el) => el.getBoundingClientRect();
  const all = Array.from(document.body.querySelectorAll('*')).filter((el) => shown(el));

  // 1. No horizontal overflow: nothing reaches beyond the screen unless a scroll/clip container holds it.
  const clipped = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const s = getComputedStyle(p);
      if (s.overflowX !== 'visible') return true;
      if (s.position === 'fixed') return false;
    }
    return false;
  };
  const overflowing = all.filter((el) => {
    const r = rectOf(el);
    return r.width > 0 && (r.right > vw + 1 || r.left < -1) && !clipped(el);
  });
  // Report the outermost offenders only.
  for (const el of overflowing) {
    if (!overflowing.some((o) => o !== el && o.contains(el))) {
      const r = rectOf(el);
      violations.push({
        check: 'overflow',
        what: describe(el),
        detail: `spans ${Math.round(r.left)}…${Math.round(r.right)} px on a ${vw} px screen`,
      });
    }
  }
  if (document.documentElement.scrollWidth > vw + 1 && !violations.some((v) => v.check === 'overflow')) {
    violations.push({
      check: 'overflow',
      what: 'page',
      detail: `scrolls sideways: ${document.documentElement.scrollWidth} px on a ${vw} px screen`,
    });
  }

  // 2. Tappable elements: big enough, and not overlapping each other.
  const CONTROL = /(^|\s)t-(button|switch|checkbox|radio|link|stepper)--t-\2(\s|$)/;
  // TDesign binds a tap on every icon and tag (to emit its own click): a target only where a page listens,
  // which the markup cannot tell — icons and tags count when they sit inside a target, not on their own.
  const DECORATION = /(^|\s)t-(icon|tag)--t-\2(\s|$)/;
  const isTappable = (el) =>
    (el.hasAttribute('data-tap') && !DECORATION.test(el.getAttribute('class') || '')) ||
    /^WX-(BUTTON|SWITCH|CHECKBOX|RADIO|NAVIGATOR|PICKER)$/.test(el.tagName);
  const isDisabled = (el) => !!el.closest('[class*="--disabled"], [disabled]');
  const tappables = all.filter(isTappable);
  const reachable = (el) => {
    const r = rectOf(el);
    if (r.width < 1 || r.height < 1) return false;
    // Reachable where it is not covered (a closed popup's page under an overlay is not): centre or an inset corner.
    const points = [
      [0.5, 0.5],
      [0.1, 0.1],
      [0.9, 0.1],
      [0.1, 0.9],
      [0.9, 0.9],
    ];
    return points.some(([fx, fy]) => {
      const hit = document.elementFromPoint(Math.min(r.left + r.width * fx, vw - 1), r.top + r.height * fy);
      return !!hit && (el.contains(hit) || hit.contains(el));
    });
  };
  const targets = tappables.filter((el) => {
    const outer = !tappables.some((o) => o !== el && o.contains(el));
    const control = el.tagName === 'WX-BUTTON' || CONTROL.test(el.getAttribute('class') || '');
    return (outer || control) && reachable(el);
  });
  // The accessibility check (after this audit) asks each target's role and name of Chromium's tree.
  // Outer targets only: a control drawn inside one the reader reaches (a switch inside its row) may be hidden.
  for (const el of targets)
    if (!targets.some((o) => o !== el && o.contains(el))) el.setAttribute('data-tap-target', '');
  // A control's own tap area counts, and so does the tappable row it sits in, when that is what it toggles.
  for (const el of targets) {
    const r = rectOf(el);
    if (r.width + 0.5 < minTap || r.height + 0.5 < minTap) {
      violations.push({
        check: 'tap-size',
        what: describe(el),
        detail: `${Math.round(r.width)}×${Math.round(r.height)} px, needs ${minTap}×${minTap}`,
      });
    }
  }
  for (let i = 0; i < targets.length; i += 1) {
    for (let j = i + 1; j < targets.length; j += 1) {
      const a = targets[i];
      const b = targets[j];
      if (a.contains(b) || b.contains(a)) continue;
      const ra = rectOf(a);
      const rb = rectOf(b);
      const w = Math.min(ra.right, rb.right) - Math.max(ra.left, rb.left);
      const h = Math.min(ra.bottom, rb.bottom) - Math.max(ra.top, rb.top);
      if (w > 1 && h > 1)
        violations.push({
          check: 'tap-overlap',
          what: `${describe(a)} ⟷ ${describe(b)}`,
          detail: `overlap ${Math.round(w)}×${Math.round(h)} px`,
        });
    }
  }

  // 3. Text contrast ≥ 4.5:1 against what is behind it; 4. in 长辈模式 no text under minFont px.
  const parse = (c) => {
    const m = /rgba?\(([^)]+)\)/.exec(c);
    if (!m) return [0, 0, 0, 0];
    const p = m[1]
      .split(/[ ,/]+/)
      .filter(Boolean)
      .map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const over = (top, bottom) => {
    const a = top[3] + bottom[3] * (1 - top[3]);
    if (a === 0) return [0, 0, 0, 0];
    return [0, 1, 2].map((i) => (top[i] * top[3] + bottom[i] * bottom[3] * (1 - top[3])) / a).concat(a);
  };
  const backgroundOf = (el) => {
    const layers = [];
    for (let p = el; p; p = p.parentElement) {
      const c = parse(getComputedStyle(p).backgroundColor);
      if (c[3] > 0) layers.push(c);
      if (c[3] >= 1) break;
    }
    let bg = [255, 255, 255, 1];
    for (let i = layers.length - 1; i >= 0; i -= 1) bg = over(layers[i], bg);
    return bg;
  };
  const luminance = (c) => {
    const [r, g, b] = c.slice(0, 3).map((v) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const opacityOf = (el) => {
    let o = 1;
    for (let p = el; p; p = p.parentElement) o *= Number(getComputedStyle(p).opacity);
    return o;
  };
  for (const el of all) {
    const ownText = Array.from(el.childNodes)
      .filter((n) => n.nodeType === 3)
      .map((n) => n.textContent)
      .join('')
      .trim();
    if (!ownText) continue;
    const r = rectOf(el);
    if (r.width < 1 || r.height < 1) continue;
    const s = getComputedStyle(el);
    const size = parseFloat(s.fontSize);
    if (minFont && size + 0.01 < minFont) {
      violations.push({ check: 'font-size', what: describe(el), detail: `${size} px, needs ${minFont}` });
    }
    // 'normal' is the font's own spacing, about 1.2 for CJK fonts: under 1.3.
    const lineHeight = s.lineHeight === 'normal' ? 1.2 * size : parseFloat(s.lineHeight);
    if (minLineHeight && lineHeight / size + 0.005 < minLineHeight) {
      violations.push({
        check: 'line-height',
        what: describe(el),
        detail: `${(lineHeight / size).toFixed(2)} (${s.lineHeight} at ${size} px), needs ${minLineHeight}`,
      });
    }
    if (isDisabled(el)) continue; // WCAG 1.4.3 exempts inactive controls
    const bg = backgroundOf(el);
    const fgRaw = parse(s.color);
    const fg = over([fgRaw[0], fgRaw[1], fgRaw[2], fgRaw[3] * opacityOf(el)], bg);
    const l1 = luminance(fg);
    const l2 = luminance(bg);
    const ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
    if (ratio < 4.5)
      violations.push({
        check: 'contrast',
        what: describe(el),
        detail: `${ratio.toFixed(2)}:1 (${s.color} on rgb(${bg.slice(0, 3).map(Math.round).join(',')}))`,
      });
  }
  return violations;
}

/** Roles a person operates: each needs a name a screen reader can say. */
const CONTROL_ROLES = new Set([
  'button',
  'link',
  'checkbox',
  'radio',
  'switch',
  'textbox',
  'searchbox',
  'combobox',
  'slider',
  'spinbutton',
  'menuitem',
  'menuitemcheckbox',
  'menuitemradio',
  'tab',
  'option',
  'treeitem',
  'img',
]);
/** Icon-font glyphs sit in Unicode's private use area: read aloud, they are noise or nothing. */
const PRIVATE_USE = /[\uE000-\uF8FF]/;

/**
 * Runs on a text field's element: the text of the label shown with it — TDesign's input or textarea label, or a
 * <label> around it — from the nearest enclosing element that holds this one field only; '' when none.
 */
function visibleLabelOf() {
  const LABEL = '[class*="t-input__label"], [class*="t-textarea__label"], label';
  const FIELD = 'input, textarea, [role="textbox"], [role="searchbox"]';
  for (let el = this.parentElement, depth = 0; el && depth < 6; el = el.parentElement, depth += 1) {
    if (el.querySelectorAll(FIELD).length > 1) break;
    const label = el.matches('label') ? el : el.querySelector(LABEL);
    if (label) {
      const own = Array.from(label.childNodes)
        .filter((c) => c.nodeType === 3 || (c.nodeType === 1 && !c.matches(FIELD)))
        .map((c) => c.textContent)
        .join('');
      return own.replace(/\s+/g, ' ').trim();
    }
  }
  return '';
}

/**
 * 读屏: Chromium's accessibility tree (CDP Accessibility.getFullAXTree), as a screen reader gets it. Fails on a
 * control without a name, a tap target that is no control (or is hidden from the reader), and an icon-font glyph
 * read out as text.
 */
async function accessibility(page) {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { root } = await cdp.send('DOM.getDocument', { depth: -1, pierce: true });
    const { nodes } = await cdp.send('Accessibility.getFullAXTree');
    const byBackend = new Map(nodes.filter((n) => n.backendDOMNodeId).map((n) => [n.backendDOMNodeId, n]));
    const byId = new Map(nodes.map((n) => [n.nodeId, n]));
    const describe = async (backendNodeId) => {
      try {
        const { object } = await cdp.send('DOM.resolveNode', { backendNodeId });
        const { result } = await cdp.send('Runtime.callFunctionOn', {
          objectId: object.objectId,
          returnByValue: true,
          functionDeclaration: `function () {
            let el = this.nodeType === 1 ? this : this.parentElement;
            while (el && !el.tagName.startsWith('WX-') && !el.tagName.startsWith('T-') && !el.getAttribute('class')) el = el.parentElement;
            if (!el) return '?';
            const cls = (el.getAttribute('class') || '').trim().split(/\\s+/).filter(Boolean).slice(0, 2).join('.');
            const text = (el.textContent || '').replace(/\\s+/g, ' ').trim().slice(0, 24);
            return el.tagName.toLowerCase() + (cls ? '.' + cls : '') + (text ? ' "' + text + '"' : '');
          }`,
        });
        return result.value;
      } catch {
        return `node ${backendNodeId}`;
      }
    };
    /** Runs `fn` (a function of the element) on a node of the tree and answers its value. */
    const onElement = async (backendNodeId, fn) => {
      try {
        const { object } = await cdp.send('DOM.resolveNode', { backendNodeId });
        const { result } = await cdp.send('Runtime.callFunctionOn', {
          objectId: object.objectId,
          returnByValue: true,
          functionDeclaration: fn.toString(),
        });
        return result.value;
      } catch {
        return null;
      }
    };
    const named = (n) => ((n.name && n.name.value) || '').replace(/[\uE000-\uF8FF]/g, '').trim();
    const violations = [];
    for (const n of nodes) {
      if (n.ignored) continue;
      const role = n.role && n.role.value;
      if (CONTROL_ROLES.has(role) && !named(n)) {
        violations.push({
          check: 'a11y-name',
          what: await describe(n.backendDOMNodeId),
          detail: `a ${role} without a name (aria-label, or its text)`,
        });
      }
      if ((role === 'StaticText' || role === 'text') && PRIVATE_USE.test((n.name && n.name.value) || '')) {
        // Inside a control named without the glyph (its aria-label), the reader says the name, not the text.
        let control = byId.get(n.parentId);
        while (control && !(CONTROL_ROLES.has(control.role && control.role.value) && !control.ignored))
          control = byId.get(control.parentId);
        if (control && named(control) && !PRIVATE_USE.test(control.name.value)) continue;
        // The element it belongs to (a text node's or a pseudo-element's parent).
        let owner = byId.get(n.parentId);
        let what = '?';
        for (; owner && what === '?'; owner = byId.get(owner.parentId))
          if (owner.backendDOMNodeId) what = await describe(owner.backendDOMNodeId);
        violations.push({
          check: 'a11y-icon',
          what,
          detail: 'an icon-font glyph read out as text: label the icon or aria-hidden="true"',
        });
      }
    }
    // A text field is named with its visible label (TDesign's label, or a <label> around it), and never only by its
    // placeholder: that is gone once something is typed, and the reader then says nothing of what the field is for.
    for (const n of nodes) {
      const role = n.role && n.role.value;
      if (n.ignored || !(role === 'textbox' || role === 'searchbox') || !n.backendDOMNodeId) continue;
      const label = await onElement(n.backendDOMNodeId, visibleLabelOf);
      // Where the name came from: the first of Chromium's candidate sources that gave a value and was not overruled.
      const source = ((n.name && n.name.sources) || []).find((s) => s.value && !s.superseded);
      if (label && !named(n).includes(label))
        violations.push({
          check: 'a11y-label',
          what: await describe(n.backendDOMNodeId),
          detail: `a text field labelled "${label}" but named "${named(n)}": give it its label as name (aria-label)`,
        });
      else if (source && source.type === 'placeholder')
        violations.push({
          check: 'a11y-label',
          what: await describe(n.backendDOMNodeId),
          detail: `a text field named only by its placeholder "${named(n)}", gone once typed in: name what it is for (aria-label)`,
        });
    }
    // A field's error hint is announced when it shows: it sits in a live region (aria-role alert or status).
    const silent = await page.evaluate(() =>
      Array.from(document.querySelectorAll('[class*="t-input__tips"], [class*="field-error"]'))
        .filter((el) => (el.textContent || '').trim() && el.checkVisibility())
        .filter((el) => !el.closest('[role="alert"], [role="status"], [aria-live="polite"], [aria-live="assertive"]'))
        .map(
          (el) => `${el.tagName.toLowerCase()} "${(el.textContent || '').replace(/\s+/g, ' ').trim().slice(0, 24)}"`,
        ),
    );
    for (const what of silent)
      violations.push({
        check: 'a11y-error',
        what,
        detail: 'an error hint a screen reader does not announce: aria-role="alert" on it',
      });
    // Every tap target is, or holds, a control the reader can reach.
    const targets = [];
    const collect = (node) => {
      const ids = new Set([node.backendNodeId]);
      for (const child of [...(node.children || []), ...(node.pseudoElements || []), ...(node.shadowRoots || [])])
        for (const id of collect(child)) ids.add(id);
      if ((node.attributes || []).includes('data-tap-target')) targets.push({ backendNodeId: node.backendNodeId, ids });
      return ids;
    };
    collect(root);
    for (const t of targets) {
      const control = [...t.ids].some((id) => {
        const n = byBackend.get(id);
        return n && !n.ignored && CONTROL_ROLES.has(n.role && n.role.value);
      });
      if (!control)
        violations.push({
          check: 'a11y-role',
          what: await describe(t.backendNodeId),
          detail: 'tappable but no control a screen reader can reach (aria-role, or hidden)',
        });
    }
    return violations;
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}

async function main() {
  const profile = mkdtempSync(join(tmpdir(), 'yibao-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: EXECUTABLE,
    headless: true,
    args: ARGS,
    viewport: { width: 375, height: 800 },
    deviceScaleFactor: 1,
    offline: true,
  });
  const free = [];
  for (let i = 0; i < PAGES; i += 1) free.push(context.pages()[i] || (await context.newPage()));
  const waiting = [];
  const take = () => (free.length ? Promise.resolve(free.pop()) : new Promise((r) => waiting.push(r)));
  const give = (page) => (waiting.length ? waiting.shift()(page) : free.push(page));
  const send = (obj) => process.stdout.write(`${JSON.stringify(obj)}\n`);

  async function run(job) {
    const page = await take();
    const t0 = Date.now();
    const ms = {};
    try {
      await page.setViewportSize({ width: job.width, height: 800 });
      await page.goto(pathToFileURL(job.file).href, { waitUntil: 'load' });
      // The whole page in the viewport: elementFromPoint sees every element, and fixed bars sit at its foot.
      const height = Math.min(8000, await page.evaluate(() => document.documentElement.scrollHeight));
      await page.setViewportSize({ width: job.width, height: Math.max(height, 400) });
      ms.load = Date.now() - t0;
      const violations = await page.evaluate(audit, {
        minTap: job.minTap,
        minFont: job.minFont || 0,
        minLineHeight: job.minLineHeight || 0,
      });
      if (job.a11y) violations.push(...(await accessibility(page)));
      // The computed font size of what a selector picks (e.g. the primary actions' text).
      const fonts = job.fontOf
        ? await page.evaluate(
            (selector) =>
              Array.from(document.querySelectorAll(selector), (el) => parseFloat(getComputedStyle(el).fontSize)),
            job.fontOf,
          )
        : undefined;
      // How many lines the text of each element a selector picks is laid out on (a label broken across lines).
      const lines = job.linesOf
        ? await page.evaluate(
            (selector) =>
              Array.from(document.querySelectorAll(selector), (el) => {
                // Each line fragment of each text node; fragments whose tops lie within 4 px share a line.
                const tops = [];
                const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
                for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                  const range = document.createRange();
                  range.selectNodeContents(node);
                  for (const r of range.getClientRects()) if (r.width > 0 && r.height > 0) tops.push(r.top);
                }
                tops.sort((a, b) => a - b);
                const lines = tops.filter((top, i) => i === 0 || top - tops[i - 1] > 4).length;
                return { text: (el.textContent || '').replace(/\s+/g, ' ').trim(), lines };
              }),
            job.linesOf,
          )
        : undefined;
      ms.audit = Date.now() - t0 - ms.load;
      if (job.png) {
        mkdirSync(dirname(job.png), { recursive: true });
        await page.screenshot({ path: job.png, fullPage: true, animations: 'disabled', caret: 'hide' });
      }
      ms.png = Date.now() - t0 - ms.load - ms.audit;
      if (process.env.BROWSER_TIMING)
        process.stderr.write(`${job.file.split('/').pop()} ${job.width} ${JSON.stringify(ms)}\n`);
      send({ id: job.id, violations, height, fonts, lines });
    } catch (error) {
      send({ id: job.id, error: String(error && error.stack ? error.stack : error) });
    } finally {
      give(page);
    }
  }

  const running = new Set();
  const lines = readline.createInterface({ input: process.stdin });
  lines.on('line', (line) => {
    if (!line.trim()) return;
    const p = run(JSON.parse(line));
    running.add(p);
    p.finally(() => running.delete(p));
  });
  lines.on('close', async () => {
    await Promise.all(running);
    await context.close();
    rmSync(profile, { recursive: true, force: true });
    process.exit(0);
  });
  send({ ready: true });
}

main().catch((error) => {
  process.stdout.write(`${JSON.stringify({ fatal: String(error && error.stack ? error.stack : error) })}\n`);
  process.exit(1);
});

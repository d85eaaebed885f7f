// TDesign's icon font `t` for the preview, made from TDesign's own SVGs (tdesign-icons-svg, MIT) instead of
// the CDN font that TDesign's icon.wxss loads: one glyph per `.t-icon-<name>:before{content:'\E001'}` there.
// Half of the SVGs draw with strokes, which a font cannot: Skia's PathKit (pathkit-wasm) outlines them; svg2ttf
// writes the TrueType font.
// Making the ~2,100 glyphs takes 2–4 s, so the font is kept in node_modules/.cache, keyed by everything it
// is made from, and made again only when one of those changes.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
/** Font units per em: an icon's view box (24 × 24) fills the em square, above the baseline. */
const EM = 1024;

/** The icons' names and codepoints, as TDesign's icon.wxss maps them. */
function iconCodepoints(wxss) {
  return [...wxss.matchAll(/\.t-icon-([\w-]+):before\s*\{\s*content:\s*['"]\\([0-9a-f]+)['"]/gi)].map((m) => ({
    name: m[1],
    codepoint: parseInt(m[2], 16),
  }));
}

const attributes = (text) => Object.fromEntries([...text.matchAll(/([\w-]+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));

/** A <path>, <circle> or <ellipse> as path data. */
function pathData(tag, a) {
  if (tag === 'path') return a.d;
  const [cx, cy, rx, ry] = [+a.cx, +a.cy, +(a.rx ?? a.r), +(a.ry ?? a.r)];
  return `M${cx - rx} ${cy}A${rx} ${ry} 0 1 0 ${cx + rx} ${cy}A${rx} ${ry} 0 1 0 ${cx - rx} ${cy}Z`;
}

/** An SVG transform as PathKit's 3 × 3 matrix; the SVGs use only rotate(). */
function matrix(name, transform) {
  const rotate = transform.match(/^rotate\(([-\d.]+)(?:[\s,]+([-\d.]+)[\s,]+([-\d.]+))?\)$/);
  if (!rotate) throw new Error(`tdesign-icons-svg ${name}.svg: transform ${transform} is not supported`);
  const [degrees, x = 0, y = 0] = rotate.slice(1).map((n) => Number(n ?? 0));
  const [c, s] = [Math.cos((degrees * Math.PI) / 180), Math.sin((degrees * Math.PI) / 180)];
  return [c, -s, x - c * x + s * y, s, c, y - s * x - c * y, 0, 0, 1];
}

/** The matrix that puts an SVG's view box into the em square, y up, centred as a browser shows it. */
function toEm(svg) {
  const [x, y, w, h] = (svg.match(/view-?box="([^"]+)"/i)?.[1] ?? '0 0 24 24').split(/[\s,]+/).map(Number);
  const size = Math.max(w, h);
  const k = EM / size;
  return [k, 0, k * ((size - w) / 2 - x), 0, -k, EM - k * ((size - h) / 2 - y), 0, 0, 1];
}

/** A point along a segment (a command of PathKit's toCmds()) that starts at `from`, at `t` from 0 to 1. */
function pointAt(PathKit, [x0, y0], [verb, ...a], t) {
  const u = 1 - t;
  if (verb === PathKit.LINE_VERB) return [x0 + (a[0] - x0) * t, y0 + (a[1] - y0) * t];
  if (verb === PathKit.CUBIC_VERB) {
    const k = [u * u * u, 3 * u * u * t, 3 * u * t * t, t * t * t];
    return [0, 1].map((i) => k[0] * [x0, y0][i] + k[1] * a[i] + k[2] * a[2 + i] + k[3] * a[4 + i]);
  }
  const w = verb === PathKit.CONIC_VERB ? a[4] : 1;
  const k = [u * u, 2 * w * u * t, t * t];
  return [0, 1].map((i) => (k[0] * [x0, y0][i] + k[1] * a[i] + k[2] * a[2 + i]) / (k[0] + k[1] + k[2]));
}

/** A path's contours: their commands, the points they pass through (curves at a few steps) and their signed
 * area (y down, so clockwise as seen is > 0). */
function contours(PathKit, path) {
  const list = [];
  for (const cmd of path.toCmds()) {
    if (cmd[0] === PathKit.MOVE_VERB) list.push({ cmds: [cmd], closed: false, ends: [cmd.slice(1, 3)] });
    else if (cmd[0] === PathKit.CLOSE_VERB) list.at(-1).closed = true;
    else {
      const c = list.at(-1);
      c.cmds.push(cmd);
      c.ends.push(pointAt(PathKit, c.ends.at(-1), cmd, 1));
    }
  }
  for (const c of list) {
    c.points = c.cmds.flatMap((cmd, i) =>
      i === 0 ? [c.ends[0]] : [0.25, 0.5, 0.75, 1].map((t) => pointAt(PathKit, c.ends[i - 1], cmd, t)),
    );
    // Midway along its first segment: on it, and not at a corner that another contour could share.
    c.probe = c.cmds.length > 1 ? pointAt(PathKit, c.ends[0], c.cmds[1], 0.5) : c.ends[0];
    c.area = c.points.reduce((sum, [x1, y1], i) => {
      const [x2, y2] = c.points[(i + 1) % c.points.length];
      return sum + (x1 * y2 - x2 * y1) / 2;
    }, 0);
  }
  return list;
}

/** A contour as a path, the way it is drawn or the other way round. */
function contourPath(PathKit, { cmds, ends, closed }, reverse) {
  if (!reverse) return PathKit.FromCmds(closed ? [...cmds, [PathKit.CLOSE_VERB]] : cmds);
  const path = PathKit.NewPath().moveTo(...ends.at(-1));
  for (let i = cmds.length - 1; i > 0; i--) {
    const [verb, ...a] = cmds[i];
    const to = ends[i - 1];
    if (verb === PathKit.LINE_VERB) path.lineTo(...to);
    else if (verb === PathKit.QUAD_VERB) path.quadTo(a[0], a[1], ...to);
    else if (verb === PathKit.CONIC_VERB) path.conicTo(a[0], a[1], ...to, a[4]);
    else path.cubicTo(a[2], a[3], a[0], a[1], ...to);
  }
  return closed ? path.close() : path;
}

/** Whether a point is inside a contour's points (even-odd). */
const encloses = ({ points }, [x, y]) =>
  points.reduce((inside, [x1, y1], i) => {
    const [x2, y2] = points[(i + 1) % points.length];
    return y1 > y !== y2 > y && x < x1 + ((y - y1) * (x2 - x1)) / (y2 - y1) ? !inside : inside;
  }, false);

/**
 * What an icon's SVG paints in currentColor (its fill="transparent" parts are the two-tone style's) as one
 * outline in font units, filled non-zero as a font's is. Every shape (a fill, or the stroke of one subpath) is
 * turned to wind clockwise, so overlaid they fill their union: no shape's winding cancels another's where they
 * overlap. (PathOps could unite them, but drops holes in a few of these icons.)
 */
function iconOutline(PathKit, name, svg) {
  const glyph = PathKit.NewPath();
  const add = (shape, reverse) => {
    for (const c of contours(PathKit, shape)) {
      const part = contourPath(PathKit, c, reverse(c));
      glyph.addPath(part);
      part.delete();
    }
  };
  for (const [, tag, text] of svg.matchAll(/<(path|circle|ellipse)\b([^>]*)>/g)) {
    const a = attributes(text);
    const path = PathKit.FromSVGString(pathData(tag, a));
    if (a.transform) path.transform(...matrix(name, a.transform));
    if (a.fill === 'currentColor' && a['fill-rule'] === 'evenodd') {
      // Even-odd as non-zero: a contour inside an odd number of others is a hole, turned anticlockwise.
      const all = contours(PathKit, path);
      const depth = (c) => all.filter((o) => o !== c && encloses(o, c.probe)).length;
      add(path, (c) => c.area > 0 !== (depth(c) % 2 === 0));
    } else if (a.fill === 'currentColor') {
      const area = contours(PathKit, path).reduce((sum, c) => sum + c.area, 0);
      add(path, () => area < 0);
    }
    if (a.stroke === 'currentColor') {
      // Skia's stroke of a subpath winds one way throughout, which way depending on the subpath's.
      for (const subpath of contours(PathKit, path)) {
        const stroke = contourPath(PathKit, subpath, false).stroke({
          width: Number(a['stroke-width'] ?? 1),
          cap: PathKit.StrokeCap[(a['stroke-linecap'] ?? 'butt').toUpperCase()],
          join: PathKit.StrokeJoin[(a['stroke-linejoin'] ?? 'miter').toUpperCase()],
          miter_limit: Number(a['stroke-miterlimit'] ?? 4),
        });
        const area = contours(PathKit, stroke).reduce((sum, c) => sum + c.area, 0);
        add(stroke, () => area < 0);
        stroke.delete();
      }
    }
    path.delete();
  }
  glyph.transform(...toEm(svg));
  const d = glyph.toSVGString().replace(/-?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?/gi, (n) => String(Math.round(Number(n))));
  glyph.delete();
  return d;
}

async function makeFont(glyphs) {
  const PathKitInit = require('pathkit-wasm/bin/pathkit.js');
  // Its Emscripten loader adds process handlers that rethrow: Node's own error reports stay the ones in use.
  const events = ['uncaughtException', 'unhandledRejection'];
  const before = events.map((e) => process.listeners(e));
  // Node's fetch cannot load the .wasm from a path, so it is handed over read.
  const PathKit = await PathKitInit({ wasmBinary: readFileSync(require.resolve('pathkit-wasm/bin/pathkit.wasm')) });
  events.forEach((e, i) => process.listeners(e).forEach((l) => before[i].includes(l) || process.off(e, l)));

  const svg2ttf = require('svg2ttf');
  const glyphTags = glyphs.map(
    ({ name, codepoint, svg }) =>
      `<glyph glyph-name="${name}" unicode="&#x${codepoint.toString(16)};" d="${iconOutline(PathKit, name, svg)}"/>`,
  );
  const font =
    `<svg xmlns="http://www.w3.org/2000/svg"><defs><font id="t" horiz-adv-x="${EM}">` +
    `<font-face font-family="t" units-per-em="${EM}" ascent="${EM}" descent="0"/>` +
    `<missing-glyph horiz-adv-x="${EM}"/>${glyphTags.join('')}</font></defs></svg>`;
  return Buffer.from(svg2ttf(font, { ts: 0 }).buffer);
}

/**
 * The font `t` as TrueType for TDesign's icon.wxss (its text): `ttf`, the icons it has a glyph for (`glyphs`),
 * and the names that no SVG in tdesign-icons-svg draws (`missing`, icons newer than that package).
 */
export async function buildIconFont(root, wxss) {
  const svgDir = join(dirname(require.resolve('tdesign-icons-svg/package.json')), 'src');
  const glyphs = [];
  const missing = [];
  for (const icon of iconCodepoints(wxss)) {
    const file = join(svgDir, `${icon.name}.svg`);
    if (existsSync(file)) glyphs.push({ ...icon, svg: readFileSync(file, 'utf8') });
    else missing.push(icon.name);
  }

  const hash = createHash('sha256').update(readFileSync(new URL(import.meta.url)));
  for (const pkg of ['pathkit-wasm', 'svg2ttf']) hash.update(readFileSync(require.resolve(`${pkg}/package.json`)));
  for (const g of glyphs) hash.update(`${g.name} ${g.codepoint} ${g.svg}\n`);
  const cached = join(root, 'node_modules', '.cache', 'preview-icon-font', `t-${hash.digest('hex').slice(0, 16)}.ttf`);
  if (existsSync(cached)) return { ttf: readFileSync(cached), glyphs: glyphs.length, missing };

  const ttf = await makeFont(glyphs);
  // One font kept: the one for what the font is made from now.
  rmSync(dirname(cached), { recursive: true, force: true });
  mkdirSync(dirname(cached), { recursive: true });
  // Renamed into place: another build at the same time reads a whole font or none.
  writeFileSync(`${cached}.${process.pid}`, ttf);
  renameSync(`${cached}.${process.pid}`, cached);
  return { ttf, glyphs: glyphs.length, missing };
}

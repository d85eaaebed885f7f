import type { FilingView } from '../../cloudfunctions/core/contracts';
import { type Ctx2d, drawQr } from './qr';

/** A 2d context that can also measure: what the saved picture needs to wrap its lines. */
export interface MeasuringCtx extends Ctx2d {
  measureText(text: string): { width: number };
}

/** The saved 备案凭证: 750 px wide (a phone screen at 2×), as tall as its lines need. */
export const IMAGE_WIDTH = 750;
const MARGIN = 40;
const TITLE_FONT = 'bold 44px sans-serif';
const FONT = '30px sans-serif';
const LINE = 46;
const GAP = 14;
const QR_SIZE = 400;

// Never at the start of a line: closing punctuation stays with the character before it.
const NO_LINE_START = /^[，。、；：！？）》」』”’)\],.;:!?]/;

/** Breaks text where a line may break: between Chinese characters, never inside a number or a code. */
function pieces(text: string): string[] {
  const out: string[] = [];
  for (const m of text.match(/[A-Za-z0-9*.\-_/]+|./gu) ?? []) {
    if (out.length && NO_LINE_START.test(m)) out[out.length - 1] += m;
    else out.push(m);
  }
  return out;
}

/**
 * Wraps `text` into lines no wider than `width` as `ctx` measures them (with its current font). A piece wider
 * than a whole line (a very long code) is cut by character so that nothing is ever drawn outside.
 */
export function wrapText(ctx: MeasuringCtx, text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const piece of pieces(text)) {
    if (ctx.measureText(line + piece).width <= width) {
      line += piece;
      continue;
    }
    if (line) lines.push(line);
    line = '';
    for (const ch of ctx.measureText(piece).width <= width ? [piece] : Array.from(piece)) {
      if (line && ctx.measureText(line + ch).width > width) {
        lines.push(line);
        line = '';
      }
      line += ch;
    }
  }
  if (line || !lines.length) lines.push(line);
  return lines;
}

interface Row {
  label: string;
  value: string;
}

const rowsOf = (f: FilingView): Row[] => [
  { label: '备案编号：', value: f.filingId },
  { label: '备案类型：', value: f.typeName },
  { label: '参保人：', value: `${f.personName}（${f.idNumber}）` },
  { label: '参保地：', value: f.insuredCity.name },
  { label: '就医地：', value: `${f.destination.name}（${f.scope}）` },
  { label: '有效期：', value: f.validityText },
  { label: '适用范围：', value: f.covers },
  { label: '状态：', value: f.status },
];

interface Text {
  text: string;
  x: number;
  y: number;
  font: string;
}

/**
 * Lays the certificate out: each row's label, then its value wrapped beside it (continuation lines under the
 * value, not the label); the QR code below, centred; the height is what the lines and the code need.
 */
export function layoutCertificate(ctx: MeasuringCtx, f: FilingView): { texts: Text[]; qrY: number; height: number } {
  const texts: Text[] = [];
  const right = IMAGE_WIDTH - MARGIN;
  ctx.font = TITLE_FONT;
  let y = MARGIN + 44;
  for (const line of wrapText(ctx, '异地就医备案凭证', right - MARGIN)) {
    texts.push({ text: line, x: MARGIN, y, font: TITLE_FONT });
    y += 60;
  }
  y += 16;
  ctx.font = FONT;
  for (const { label, value } of rowsOf(f)) {
    const labelWidth = ctx.measureText(label).width;
    texts.push({ text: label, x: MARGIN, y, font: FONT });
    // A value too narrow beside its label (never with these labels) starts on the line below.
    const beside = right - MARGIN - labelWidth >= 240;
    const x = beside ? MARGIN + labelWidth : MARGIN;
    if (!beside) y += LINE;
    const lines = wrapText(ctx, value, right - x);
    lines.forEach((line, i) => texts.push({ text: line, x, y: y + i * LINE, font: FONT }));
    y += lines.length * LINE + GAP;
  }
  const qrY = y + 10;
  return { texts, qrY, height: qrY + QR_SIZE + MARGIN };
}

/** Draws the certificate on a canvas already sized to the layout's height. */
export function drawCertificate(ctx: MeasuringCtx, layout: ReturnType<typeof layoutCertificate>, qr: string[]): void {
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, IMAGE_WIDTH, layout.height);
  ctx.fillStyle = '#1a1a1a';
  for (const t of layout.texts) {
    ctx.font = t.font;
    ctx.fillText(t.text, t.x, t.y);
  }
  drawQr(ctx, qr, (IMAGE_WIDTH - QR_SIZE) / 2, layout.qrY, QR_SIZE);
}

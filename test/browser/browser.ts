/** The jest side of the browser checks: a child process running Chromium (chromium.cjs), one JSON job per line. */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { SCREENS_DIR, type PageState } from './snapshot';

export const WIDTHS = [320, 375] as const;
/** Tap targets: 44×44 px (WCAG 2.5.5, Apple HIG); 长辈模式 60×60 (工信部 适老化通用设计规范). */
export const MIN_TAP = 44;
export const MIN_TAP_ELDERLY = 60;
/** 长辈模式: no text under 18 px and lines spaced at least 1.3 (工信部 适老化: main text ≥ 18, 行间距 ≥ 1.3). */
export const MIN_FONT_ELDERLY = 18;
export const MIN_LINE_HEIGHT_ELDERLY = 1.3;

export interface Violation {
  check:
    | 'overflow'
    | 'tap-size'
    | 'tap-overlap'
    | 'contrast'
    | 'font-size'
    | 'line-height'
    | 'a11y-name'
    | 'a11y-role'
    | 'a11y-icon'
    | 'a11y-label'
    | 'a11y-error';
  what: string;
  detail: string;
}

export class Browser {
  private child: ChildProcess | null = null;
  private buffer = '';
  private nextId = 1;
  private pending = new Map<number, { resolve: (v: any) => void; reject: (e: Error) => void }>();
  private ready: Promise<void> | null = null;
  stderr = '';

  start(): Promise<void> {
    this.ready ??= new Promise<void>((resolve, reject) => {
      const child = spawn(process.execPath, [join(__dirname, 'chromium.cjs')], { stdio: ['pipe', 'pipe', 'pipe'] });
      this.child = child;
      child.stderr!.on('data', (chunk: Buffer) => {
        this.stderr += chunk.toString();
        if (process.env.BROWSER_TIMING) process.stderr.write(chunk);
      });
      child.stdout!.on('data', (chunk: Buffer) => {
        this.buffer += chunk.toString();
        let newline: number;
        while ((newline = this.buffer.indexOf('\n')) >= 0) {
          const line = this.buffer.slice(0, newline);
          this.buffer = this.buffer.slice(newline + 1);
          const message = JSON.parse(line);
          if (message.ready) resolve();
          else if (message.fatal) reject(new Error(`Chromium did not start: ${message.fatal}\n${this.stderr}`));
          else {
            const waiter = this.pending.get(message.id);
            this.pending.delete(message.id);
            if (message.error) waiter?.reject(new Error(message.error));
            else waiter?.resolve(message);
          }
        }
      });
      child.once('exit', (code) => {
        const error = new Error(`Chromium checker exited (${code}): ${this.stderr}`);
        reject(error);
        for (const waiter of this.pending.values()) waiter.reject(error);
        this.pending.clear();
      });
    });
    return this.ready;
  }

  /** Loads an HTML document at a screen width and answers the layout's violations (and writes a PNG). */
  async check(
    file: string,
    width: number,
    /** a11y: also read Chromium's accessibility tree (unnamed controls, tap targets that are no control, icon glyphs). */
    options: {
      minTap: number;
      minFont?: number;
      minLineHeight?: number;
      png?: string;
      a11y?: boolean;
      /** A selector: the computed font size (px) of each element it picks comes back as `fonts`. */
      fontOf?: string;
      /** A selector: how many lines the text of each element it picks takes comes back as `lines`. */
      linesOf?: string;
    },
  ): Promise<{
    violations: Violation[];
    height: number;
    fonts?: number[];
    lines?: Array<{ text: string; lines: number }>;
  }> {
    await this.start();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child!.stdin!.write(`${JSON.stringify({ id, file, width, ...options })}\n`);
    });
  }

  /** A rendered page state at every screen width, with the thresholds of its mode; PNGs under screens/. */
  async checkState(state: PageState): Promise<Violation[]> {
    const results = await Promise.all(
      WIDTHS.map((width) =>
        this.check(state.file, width, {
          minTap: state.elderly ? MIN_TAP_ELDERLY : MIN_TAP,
          minFont: state.elderly ? MIN_FONT_ELDERLY : 0,
          minLineHeight: state.elderly ? MIN_LINE_HEIGHT_ELDERLY : 0,
          a11y: true,
          // npm test keeps one PNG per state (375 px); npm run screens writes every width.
          png:
            width === 375 || process.env.SCREENS_ALL_WIDTHS
              ? join(SCREENS_DIR, `${width}`, `${state.name}.png`)
              : undefined,
        }).then((r) => r.violations.map((v) => ({ ...v, detail: `${v.detail} @${width}px` }))),
      ),
    );
    // The same defect at both widths is reported once, with both widths.
    const merged = new Map<string, Violation>();
    for (const v of results.flat()) {
      const key = `${v.check}|${v.what}|${v.detail.replace(/ @\d+px$/, '').replace(/on a \d+ px screen|\d+(\.\d+)?/g, '#')}`;
      const seen = merged.get(key);
      if (seen) seen.detail += `, ${v.detail.match(/@\d+px$/)![0]}`;
      else merged.set(key, { ...v });
    }
    return [...merged.values()];
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.stdin!.end();
    });
  }
}

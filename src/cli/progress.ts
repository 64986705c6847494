/**
 * Progress over a long walk (`migrate-secrets`): a bar with an estimate of the time left, redrawn in
 * place on a terminal, or plain lines (every tenth of the way, or every few seconds) when stderr is a
 * file or pipe. The line itself is a pure function of the counts.
 * @module
 */
import type { OutStream } from './io.js';
import { formatDuration } from './format.js';

/** How progress is shown: a bar redrawn in place, a line now and then, or nothing. */
export type ProgressMode = 'bar' | 'lines' | 'none';

/** Where a walk is. `total` is null when unknown (no count was made). */
export interface ProgressState {
  done: number;
  total: number | null;
  elapsedMs: number;
}

/**
 * The time left, estimated from the rate so far; null before anything is done or without a total.
 * @example
 * ```ts
 * estimateLeftMs({ done: 250, total: 1000, elapsedMs: 1000 }); // 3000
 * ```
 */
export function estimateLeftMs(s: ProgressState): number | null {
  if (s.total === null || s.done <= 0) return null;
  return Math.max(0, (s.elapsedMs / s.done) * (s.total - s.done));
}

/**
 * One progress line: `[#########...........]  45%  4500/10000  eta 12s` (a bar of `width` cells), or
 * `4500 records  3s` without a total.
 * @example
 * ```ts
 * progressLine({ done: 5, total: 10, elapsedMs: 1000 }, 10); // '[#####.....]  50%  5/10  eta 1s'
 * ```
 */
export function progressLine(s: ProgressState, width: number): string {
  if (s.total === null) return `${s.done} records  ${formatDuration(s.elapsedMs)}`;
  const fraction = s.total === 0 ? 1 : Math.min(1, s.done / s.total);
  const filled = Math.round(fraction * width);
  const left = estimateLeftMs(s);
  const eta = s.done >= s.total ? `done in ${formatDuration(s.elapsedMs)}` : `eta ${left === null ? '?' : formatDuration(left)}`;
  const pct = `${Math.floor(fraction * 100)}%`.padStart(4);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${pct}  ${s.done}/${s.total}  ${eta}`;
}

/** A progress display: `update` as often as you like, `finish` once. */
export interface Progress {
  update(done: number, total: number | null): void;
  finish(done: number, total: number | null): void;
}

/**
 * A progress display on `stream`. Bars redraw at most every 100 ms; lines appear at each tenth of the
 * total (or every 5 s without one). `clock` is Unix ms.
 * @example
 * ```ts
 * const p = progress(process.stderr, 'lines', Date.now, 'migrate-secrets');
 * p.update(500, 10_000); p.finish(10_000, 10_000);
 * ```
 */
export function progress(stream: OutStream, mode: ProgressMode, clock: () => number, label: string): Progress {
  const started = clock();
  let lastDraw = -Infinity;
  let lastTenth = -1;
  const state = (done: number, total: number | null): ProgressState => ({ done, total, elapsedMs: clock() - started });
  const width = Math.max(10, Math.min(40, (stream.columns ?? 80) - label.length - 40));
  return {
    update(done, total) {
      if (mode === 'none') return;
      const t = clock();
      if (mode === 'bar') {
        if (t - lastDraw < 100) return;
        lastDraw = t;
        stream.write(`\r${label} ${progressLine(state(done, total), width)}\u001b[K`);
        return;
      }
      const tenth = total === null || total === 0 ? -1 : Math.floor((done / total) * 10);
      if (total !== null ? tenth > lastTenth && tenth < 10 : t - lastDraw >= 5000) {
        lastTenth = tenth;
        lastDraw = t;
        stream.write(`${label}: ${progressLine(state(done, total), 20)}\n`);
      }
    },
    finish(done, total) {
      if (mode === 'none') return;
      const text = progressLine(state(done, total), mode === 'bar' ? width : 20);
      stream.write(mode === 'bar' ? `\r${label} ${text}\u001b[K\n` : `${label}: ${text}\n`);
    },
  };
}

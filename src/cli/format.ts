/**
 * Text formatting for the terminal: times, durations, aligned fields and tables. Pure.
 * @module
 */

/**
 * A Unix ms time as `2026-12-01 13:05:00 UTC`.
 * @example
 * ```ts
 * formatTime(0); // '1970-01-01 00:00:00 UTC'
 * ```
 */
export function formatTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/**
 * A duration as `1h 02m`, `4m 05s` or `12s`.
 * @example
 * ```ts
 * formatDuration(125_000); // '2m 05s'
 * ```
 */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const pad = (n: number): string => String(n).padStart(2, '0');
  if (s >= 3600) return `${Math.floor(s / 3600)}h ${pad(Math.floor((s % 3600) / 60))}m`;
  if (s >= 60) return `${Math.floor(s / 60)}m ${pad(s % 60)}s`;
  return `${s}s`;
}

/**
 * A time with how far it is from `now`: `2026-12-01 13:05:00 UTC (in 4m 00s)`.
 * @example
 * ```ts
 * formatWhen(60_000, 0); // '1970-01-01 00:01:00 UTC (in 1m 00s)'
 * ```
 */
export function formatWhen(ms: number, now: number): string {
  const d = ms - now;
  return `${formatTime(ms)} (${d >= 0 ? `in ${formatDuration(d)}` : `${formatDuration(-d)} ago`})`;
}

/**
 * `label: value` lines with the values aligned.
 * @example
 * ```ts
 * fields([['state', 'enabled'], ['drift', '0 steps']]); // 'state:  enabled\ndrift:  0 steps'
 * ```
 */
export function fields(rows: readonly (readonly [string, string])[]): string {
  const width = Math.max(...rows.map(([k]) => k.length)) + 2;
  return rows.map(([k, v]) => `${`${k}:`.padEnd(width)}${v}`).join('\n');
}

/**
 * Rows as columns padded to their widest cell (the last column unpadded).
 * @example
 * ```ts
 * table([['USER', 'STATE'], ['alice', 'enabled']]);
 * ```
 */
export function table(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ')).join('\n');
}

/**
 * A user id made safe to print on one line: control characters and bidi controls escaped as `\u{...}`.
 * @example
 * ```ts
 * printable('a\nb'); // 'a\\u{a}b'
 * ```
 */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufdd0-\ufdef]/g, (c) => `\\u{${c.codePointAt(0)!.toString(16)}}`);
}

/**
 * A QR code for terminals, two modules per character with Unicode half blocks.
 * @module
 */
import { snapshotOptions } from '../options.js';
import { qrMatrix, type QrLevel } from './matrix.js';
import { QUIET_ZONE } from './svg.js';

/** Options of {@link qrTerminal}. */
export interface QrTerminalOptions {
  /** Error-correction level; default `'M'`. */
  level?: QrLevel;
  /**
   * By default the characters draw the light modules, for the usual light-on-dark terminal.
   * `true` draws the dark modules instead, for terminals with dark text on a light background.
   */
  invert?: boolean;
}

// Index: 2 when the upper module is drawn, plus 1 when the lower one is.
const BLOCKS = [' ', '\u2584', '\u2580', '\u2588'] as const;

/**
 * Renders text (normally an otpauth URI) as a QR code made of half-block characters (`▀ ▄ █`),
 * with a 4-module quiet zone, so a phone camera can scan it straight from the terminal. Lines are
 * joined with `\n`, without a trailing newline.
 *
 * @throws OtpError `INVALID_QR_CONTENT` or `INVALID_OPTION`, as `qrSvg` does.
 * @example
 * ```ts
 * import { qrTerminal } from 'totp-enroll/qr';
 * console.log(qrTerminal(uri));                   // dark terminal
 * console.log(qrTerminal(uri, { invert: true })); // light terminal
 * ```
 */
export function qrTerminal(text: string, options?: QrTerminalOptions): string {
  const o = snapshotOptions(options, ['level', 'invert'] as const);
  const matrix = qrMatrix(text, (o.level ?? 'M') as QrLevel);
  const drawDark = o.invert === true;
  const dim = matrix.length + 2 * QUIET_ZONE;
  // A module outside the matrix (quiet zone, or the extra half row when dim is odd) is light.
  const drawn = (y: number, x: number): boolean =>
    (matrix[y - QUIET_ZONE]?.[x - QUIET_ZONE] === true) === drawDark;
  const lines: string[] = [];
  for (let y = 0; y < dim; y += 2) {
    let line = '';
    for (let x = 0; x < dim; x++) line += BLOCKS[(drawn(y, x) ? 2 : 0) + (drawn(y + 1, x) ? 1 : 0)];
    lines.push(line);
  }
  return lines.join('\n');
}

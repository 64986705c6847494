/**
 * A compact SVG rendering of a QR matrix: one `<path>` of horizontal runs, a 4-module quiet zone,
 * a `viewBox`, `role="img"` and an accessible label.
 * @module
 */
import { OtpError, assertOption } from '../errors.js';
import { snapshotOptions } from '../options.js';
import { asciiUpperCase } from '../params.js';
import { qrMatrix, type QrLevel } from './matrix.js';

/** Options of {@link qrSvg}. */
export interface QrSvgOptions {
  /** Error-correction level; default `'M'`. */
  level?: QrLevel;
  /** The accessible name (`aria-label`); default "QR code for an authenticator app". Must not contain the secret. */
  label?: string;
  /**
   * `width` and `height` in CSS pixels. Default: a whole number of pixels per module (at least 4),
   * and at least 256 in all. Prefer a multiple of the module count (the `viewBox` size) if you set it.
   */
  size?: number;
}

/** Light modules around the code, as ISO/IEC 18004 requires. Internal. */
export const QUIET_ZONE = 4;
const DEFAULT_LABEL = 'QR code for an authenticator app';

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function checkLabel(label: unknown, text: string): string {
  if (typeof label !== 'string') {
    throw new OtpError('INVALID_OPTION', 'label must be a string', { field: 'label' });
  }
  const secret = /[?&]secret=([^&]*)/i.exec(text)?.[1];
  if (secret !== undefined && secret.length >= 8 && asciiUpperCase(label).includes(asciiUpperCase(secret))) {
    throw new OtpError('INVALID_OPTION', 'label must not contain the secret', { field: 'label' });
  }
  return label;
}

/**
 * The SVG path data for a matrix: each run of dark modules in a row is one horizontal line of
 * stroke width 1 through the middle of the row, offset by the quiet zone; moves are relative. Internal.
 */
export function runsPath(matrix: readonly (readonly boolean[])[]): string {
  let d = '';
  // The pen after the previous run: its end column and its row (none before the first run).
  let penX = -1;
  let penY = -1;
  matrix.forEach((row, y) => {
    let x = 0;
    while (x < row.length) {
      if (!row[x]) {
        x++;
        continue;
      }
      const start = x;
      while (x < row.length && row[x]) x++;
      // Relative moves are shorter than absolute ones; the first run places the pen absolutely.
      d += penY < 0 ? `M${start + QUIET_ZONE} ${y + QUIET_ZONE}.5` : `m${start - penX} ${y - penY}`;
      d += `h${x - start}`;
      penX = x;
      penY = y;
    }
  });
  return d;
}

/**
 * Renders text (normally an otpauth URI from `buildOtpauthUri`) as a QR code in SVG: black on white,
 * one `<path>`, a 4-module quiet zone, a `viewBox` so it scales, `role="img"` and an `aria-label`
 * that never contains the secret. A typical otpauth URI gives about 3 KB.
 *
 * @throws OtpError `INVALID_QR_CONTENT` for empty or non-printable-ASCII text or text too long for the
 * level (the message names a level that holds it); `INVALID_OPTION` for a bad level, size or label.
 * @example
 * ```ts
 * import { buildOtpauthUri, generateSecret } from 'totp-enroll';
 * import { qrSvg } from 'totp-enroll/qr';
 * const uri = buildOtpauthUri({ secret: generateSecret(), issuer: 'Acme', accountName: 'alice@example.com' });
 * const svg = qrSvg(uri, { label: 'QR code to add alice@example.com to an authenticator app' });
 * // '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 45 45" ...'
 * ```
 */
export function qrSvg(text: string, options?: QrSvgOptions): string {
  const o = snapshotOptions(options, ['level', 'label', 'size'] as const);
  const matrix = qrMatrix(text, (o.level ?? 'M') as QrLevel);
  const label = checkLabel(o.label ?? DEFAULT_LABEL, text);
  const dim = matrix.length + 2 * QUIET_ZONE;
  // Default: a whole number of pixels per module (crisp on 1x screens), at least 4 and 256 px in all.
  const size = o.size ?? dim * Math.max(4, Math.ceil(256 / dim));
  assertOption(typeof size === 'number' && Number.isFinite(size) && size > 0 && size <= 100_000, 'size', 'a positive number of pixels');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${dim} ${dim}" width="${size}" height="${size}"` +
    ` role="img" aria-label="${escapeXml(label)}" shape-rendering="crispEdges">` +
    `<rect width="${dim}" height="${dim}" fill="#fff"/>` +
    `<path d="${runsPath(matrix)}" stroke="#000"/></svg>`
  );
}

/**
 * `normalizeCode`: the forms of a code people type because their authenticator app shows them so
 * ("123 456", "123-456", pasted with a newline), reduced to the digits. Only those display forms are
 * accepted; anything else stays unusable, so a stray character is still `malformed`. The TOTP core
 * (`verifyTotp`, `verifyHotp`) stays strict; the service's `verify`, `verifyPairing` and `resync`
 * normalise first. One-time use is per time step, not per text, so "123 456" and "123456" of one
 * step are one use.
 * @module
 */
import { checkDigits, type Digits } from './params.js';
import { snapshotOptions } from './options.js';

/** Longest input looked at: a code, one separator and some surrounding whitespace. Longer is refused unread. */
const MAX_INPUT = 64;

/** ASCII whitespace as the WHATWG Infra standard defines it: TAB, LF, FF, CR, SPACE. */
const isSpace = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0c || c === 0x0d;
const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;

/**
 * The digits of a code in a display form, or `null` when `code` is not one.
 *
 * Accepted: exactly `digits` ASCII digits (default 6), optionally split once into two groups by one
 * ASCII space or hyphen where apps split them (after 3 of 6, 4 of 8, 3 or 4 of 7), with any ASCII
 * whitespace around the whole (at most 64 characters in all). Refused: other separators or more of
 * them, non-ASCII digits or spaces (NBSP, full-width), signs, other lengths and non-strings. Never throws
 * for a bad `code`; throws `OtpError` `INVALID_OPTION` for bad options.
 *
 * @example
 * ```ts
 * import { normalizeCode, verifyTotp } from 'totp-enroll';
 * normalizeCode(' 123 456\n');             // '123456'
 * normalizeCode('1234-5678', { digits: 8 }); // '12345678'
 * normalizeCode('12 34 56');               // null
 * const typed = normalizeCode(input);
 * const result = typed === null ? { ok: false, reason: 'malformed' } : verifyTotp(secret, typed);
 * ```
 */
export function normalizeCode(code: unknown, options?: { digits?: Digits }): string | null {
  const digits = checkDigits(snapshotOptions(options, ['digits'] as const).digits ?? 6);
  return displayDigits(code, digits);
}

/** {@link normalizeCode} with checked digits. Internal: the service's sign-in path calls it per code. */
export function displayDigits(code: unknown, digits: number): string | null {
  if (typeof code !== 'string' || code.length > MAX_INPUT) return null;
  let start = 0;
  let end = code.length;
  while (start < end && isSpace(code.charCodeAt(start))) start++;
  while (end > start && isSpace(code.charCodeAt(end - 1))) end--;
  const body = end - start;
  if (body === digits) return allDigits(code, start, end) ? code.slice(start, end) : null;
  if (body !== digits + 1) return null;
  // One separator, at a group boundary: after floor(digits / 2) or ceil(digits / 2) digits.
  const low = Math.floor(digits / 2);
  for (const split of low === digits - low ? [low] : [low, digits - low]) {
    const sep = code.charCodeAt(start + split);
    if ((sep === 0x20 || sep === 0x2d) && allDigits(code, start, start + split) && allDigits(code, start + split + 1, end)) {
      return code.slice(start, start + split) + code.slice(start + split + 1, end);
    }
  }
  return null;
}

function allDigits(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!isDigit(text.charCodeAt(i))) return false;
  return true;
}

/**
 * Strict RFC 4648 base32 around `base32-decode` and `base32-encode`. The packages decode and encode;
 * this module decides what they may see. They throw on a bad character with a message that quotes
 * it, and base32-decode silently drops a length no byte string encodes to (`A` gives zero bytes,
 * `MZX` one), so every text is validated here first, with messages that never contain the secret,
 * and only the canonical form (uppercase, no separators, no padding) reaches the decoder. Internal.
 * @module
 */
import base32Decode from 'base32-decode';
import base32Encode from 'base32-encode';
import { OtpError } from './errors.js';
import { asciiUpperCase } from './params.js';

/** The longest key accepted as base32 text, in bytes. */
export const MAX_SECRET_BYTES = 1024;
/** The longest base32 text accepted, separators and padding included (4 characters a byte). */
const MAX_TEXT_LENGTH = MAX_SECRET_BYTES * 4;
// Remainders of (symbol count mod 8) that a whole number of bytes encodes to (RFC 4648 §6).
const VALID_TAIL = [true, false, true, false, true, true, false, true] as const;

/**
 * Validates base32 text and returns its canonical form: uppercase `A-Z2-7` only, separators and
 * padding removed. Accepted: `A-Z`, `a-z`, `2-7`, spaces and `-` between groups, and trailing `=`
 * padding of the right count. Refused with `OtpError` `INVALID_SECRET`: every other character
 * (`0 1 8 9`, `=` before the end, any non-ASCII letter such as `ı` or `ſ`), no symbols at all, a
 * symbol count no byte string encodes to, and the wrong amount of padding.
 * @example
 * ```ts
 * canonicalBase32('gezd gnbv-gy3t qojq===='); // 'GEZDGNBVGY3TQOJQ'
 * ```
 */
export function canonicalBase32(text: unknown): string {
  if (typeof text !== 'string') throw new OtpError('INVALID_SECRET', 'secret must be a base32 string');
  if (text.length > MAX_TEXT_LENGTH) throw new OtpError('INVALID_SECRET', 'secret is too long');
  let symbols = 0;
  let padding = 0;
  let plain = true; // already canonical: uppercase symbols only
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x3d /* = */) {
      padding++;
      plain = false;
      continue;
    }
    if (padding > 0) throw new OtpError('INVALID_SECRET', `secret has '=' padding before position ${i}`);
    if ((c >= 0x41 && c <= 0x5a) || (c >= 0x32 && c <= 0x37)) {
      symbols++;
    } else if (c >= 0x61 && c <= 0x7a) {
      symbols++;
      plain = false;
    } else if (c === 0x20 || c === 0x2d) {
      plain = false;
    } else {
      throw new OtpError('INVALID_SECRET', `secret has a character outside base32 at position ${i}`);
    }
  }
  if (symbols === 0) throw new OtpError('INVALID_SECRET', 'secret is empty');
  if (!VALID_TAIL[symbols % 8]) throw new OtpError('INVALID_SECRET', 'secret has a base32 length no key encodes to');
  if (padding > 0 && (padding > 6 || (symbols + padding) % 8 !== 0)) {
    throw new OtpError('INVALID_SECRET', 'secret has the wrong amount of = padding');
  }
  // Only ASCII letters, digits, separators and '=' are left, so the case mapping is ASCII-only.
  return plain ? text : asciiUpperCase(text.replace(/[ =-]/g, ''));
}

/**
 * Decodes base32 text with `base32-decode` after {@link canonicalBase32}; the caller owns (and
 * zeroes) the returned bytes. Every symbol's bits are in the result: lengths that would lose some
 * are refused, and the at most 4 bits after the last whole byte are RFC 4648 padding bits.
 * @example
 * ```ts
 * decodeBase32('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'); // 20 bytes of '12345678901234567890'
 * ```
 */
export function decodeBase32(text: unknown): Uint8Array {
  return new Uint8Array(base32Decode(canonicalBase32(text), 'RFC4648'));
}

/**
 * Encodes bytes with `base32-encode` as uppercase RFC 4648 base32 without padding.
 * @example
 * ```ts
 * encodeBase32(new TextEncoder().encode('12345678901234567890')); // 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'
 * ```
 */
export function encodeBase32(bytes: Uint8Array): string {
  return base32Encode(bytes, 'RFC4648', { padding: false });
}

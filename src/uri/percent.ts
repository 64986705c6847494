/**
 * RFC 3986 percent-encoding and strict decoding for otpauth URIs. Internal.
 * @module
 */
import { OtpError } from '../errors.js';

const HEX = '0123456789ABCDEF';
const UTF8 = /* @__PURE__ */ new TextEncoder();
const STRICT_UTF8 = /* @__PURE__ */ new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const LONE_SURROGATE = /\p{Cs}/u;

// Characters written as themselves: RFC 3986 unreserved, plus '@', which is legal in both the path
// and the query and keeps e-mail account names readable (and the QR code smaller).
function isPlain(c: number): boolean {
  return (
    (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) ||
    c === 0x2d || c === 0x2e || c === 0x5f || c === 0x7e || c === 0x40
  );
}

/**
 * Percent-encodes text as UTF-8 so that only unreserved characters and `@` stay literal;
 * a space becomes `%20` (never `+`). Throws `INVALID_OPTION` naming `field` for a lone surrogate.
 * @example
 * ```ts
 * encodeComponent('Société Générale', 'issuer'); // 'Soci%C3%A9t%C3%A9%20G%C3%A9n%C3%A9rale'
 * ```
 */
export function encodeComponent(text: string, field: string): string {
  if (LONE_SURROGATE.test(text)) {
    throw new OtpError('INVALID_OPTION', `${field} contains an unpaired surrogate`, { field });
  }
  let out = '';
  for (const byte of UTF8.encode(text)) {
    out += isPlain(byte) ? String.fromCharCode(byte) : '%' + HEX[byte >> 4]! + HEX[byte & 15]!;
  }
  return out;
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

/**
 * Decodes `%XX` escapes (any hex case) into UTF-8 text; with `plusIsSpace`, `+` means a space
 * (HTML form encoding, which URLSearchParams and Java's URLEncoder emit). Raw characters other than
 * `%` pass through. A `%` without two hex digits, or escapes that are not valid UTF-8, throw
 * `INVALID_URI` naming `field`.
 * @example
 * ```ts
 * decodeComponent('My+Co%20Ltd', 'issuer', true); // 'My Co Ltd'
 * ```
 */
export function decodeComponent(text: string, field: string, plusIsSpace: boolean): string {
  if (!text.includes('%')) return plusIsSpace ? text.replaceAll('+', ' ') : text;
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c !== 0x25 /* % */) {
      out += plusIsSpace && c === 0x2b ? ' ' : text[i];
      i++;
      continue;
    }
    const bytes: number[] = [];
    while (i < text.length && text.charCodeAt(i) === 0x25) {
      const hi = hexValue(text.charCodeAt(i + 1));
      const lo = hexValue(text.charCodeAt(i + 2));
      if (hi < 0 || lo < 0) throw new OtpError('INVALID_URI', `${field} has a '%' not followed by two hex digits`, { field });
      bytes.push(hi * 16 + lo);
      i += 3;
    }
    try {
      out += STRICT_UTF8.decode(new Uint8Array(bytes));
    } catch (cause) {
      throw new OtpError('INVALID_URI', `${field} has percent escapes that are not UTF-8`, { field, cause });
    }
  }
  return out;
}

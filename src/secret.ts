/**
 * Shared secrets: generation from the platform CSPRNG and strict base32
 * (RFC 4648) encoding and decoding.
 * @module
 */
import { OtpError, assertOption } from './errors.js';

/** The smallest key accepted unless the caller opts in to legacy short keys (RFC 4226 §4 R6: 128 bits). */
export const MIN_SECRET_BYTES = 16;
const MAX_SECRET_BYTES = 1024;

/** Options of {@link decodeSecret}. */
export interface DecodeSecretOptions {
  /**
   * Smallest decoded key length accepted, in bytes. Default 16 (128 bits, RFC 4226 §4).
   * Lower it only to import legacy secrets (for example 10-byte keys from older otplib or Microsoft 365);
   * it cannot go below 1.
   */
  minBytes?: number;
}

/**
 * Generates a new random secret, encoded as uppercase base32 without padding.
 *
 * @param options.bytes - key length in bytes; default 20 (160 bits, as RFC 4226 recommends); at least 16.
 * @throws OtpError `INVALID_OPTION` when `bytes` is not an integer from 16 to 1024.
 * @example
 * ```ts
 * import { generateSecret } from 'totp-enroll';
 * const secret = generateSecret();          // 32 base32 characters, e.g. 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP'
 * const strong = generateSecret({ bytes: 32 });
 * ```
 */
export function generateSecret(options: { bytes?: number } = {}): string {
  const bytes = options.bytes ?? 20;
  assertOption(
    Number.isInteger(bytes) && bytes >= MIN_SECRET_BYTES && bytes <= MAX_SECRET_BYTES,
    'bytes',
    `an integer from ${MIN_SECRET_BYTES} to ${MAX_SECRET_BYTES}`,
  );
  const key = new Uint8Array(bytes);
  globalThis.crypto.getRandomValues(key);
  return encodeSecret(key);
}

/**
 * Encodes key bytes as uppercase RFC 4648 base32 without padding, the form
 * otpauth URIs and authenticator apps expect.
 *
 * @example
 * ```ts
 * import { encodeSecret } from 'totp-enroll';
 * encodeSecret(new TextEncoder().encode('12345678901234567890')); // 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'
 * ```
 */
export function encodeSecret(bytes: Uint8Array): string {
  if (!(bytes instanceof Uint8Array)) throw new OtpError('INVALID_SECRET', 'secret bytes must be a Uint8Array');
  let text = '';
  let buffer = 0;
  let bits = 0;
  for (let i = 0; i < bytes.length; i++) {
    buffer = ((buffer << 8) | bytes[i]!) & 0xfff;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      text += ALPHABET[(buffer >>> bits) & 31];
    }
  }
  return bits > 0 ? text + ALPHABET[(buffer << (5 - bits)) & 31] : text;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

// Remainders of (base32 length mod 8) that some whole number of bytes encodes to.
const VALID_TAIL = [true, false, true, false, true, true, false, true];

/**
 * Decodes a base32 secret strictly.
 *
 * Accepted: `A-Z`, `a-z`, `2-7`, spaces and `-` as group separators, and trailing `=` padding.
 * Refused: every other character (including `0 1 8 9`, `=` before the end, and non-ASCII letters such as
 * `ı` or `ſ` that upper-case to ASCII), lengths no byte string encodes to, and keys shorter than
 * `minBytes` (default 16).
 *
 * @throws OtpError `INVALID_SECRET` (the message never contains the secret).
 * @example
 * ```ts
 * import { decodeSecret } from 'totp-enroll';
 * decodeSecret('gezd gnbv gy3t qojq gezd gnbv gy3t qojq');  // 20 bytes of '12345678901234567890'
 * decodeSecret('JBSWY3DPEHPK3PXP', { minBytes: 10 });       // a legacy 10-byte key
 * ```
 */
export function decodeSecret(text: string, options: DecodeSecretOptions = {}): Uint8Array {
  const length = decodeSecretInto(text, options.minBytes);
  const bytes = SECRET_SCRATCH.slice(0, length);
  SECRET_SCRATCH.fill(0, 0, length);
  return bytes;
}

// The values of the base32 alphabet by character code: 0-31 for letters (either case) and 2-7,
// SEPARATOR for a space or '-', and INVALID for everything else below 128.
const INVALID = -1;
const SEPARATOR = -2;
const BASE32_VALUES = new Int8Array(128).fill(INVALID);
for (let i = 0; i < 26; i++) {
  BASE32_VALUES[0x41 + i] = i;
  BASE32_VALUES[0x61 + i] = i;
}
for (let i = 0; i < 6; i++) BASE32_VALUES[0x32 + i] = 26 + i;
BASE32_VALUES[0x20] = SEPARATOR;
BASE32_VALUES[0x2d] = SEPARATOR;

/** Scratch for decoded secrets: the longest text accepted (4 chars per byte of the max) decodes to this. Internal. */
export const SECRET_SCRATCH = new Uint8Array((MAX_SECRET_BYTES * 4 * 5) >>> 3);

/**
 * Decodes a base32 secret strictly into {@link SECRET_SCRATCH} and returns its length in bytes,
 * with the rules and errors of {@link decodeSecret}. The caller zeroes the scratch after use;
 * on error it is zeroed here. Internal.
 */
export function decodeSecretInto(text: string, minSecretBytes: number | undefined): number {
  const minBytes = minSecretBytes ?? MIN_SECRET_BYTES;
  assertOption(Number.isInteger(minBytes) && minBytes >= 1, 'minBytes', 'an integer of at least 1');
  if (typeof text !== 'string') throw new OtpError('INVALID_SECRET', 'secret must be a base32 string');
  if (text.length > MAX_SECRET_BYTES * 4) throw new OtpError('INVALID_SECRET', 'secret is too long');
  const out = SECRET_SCRATCH;
  let length = 0;
  let symbols = 0;
  let padding = 0;
  let buffer = 0;
  let bits = 0;
  try {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x3d /* = */) {
        padding++;
        continue;
      }
      if (padding > 0) throw new OtpError('INVALID_SECRET', `secret has '=' padding before position ${i}`);
      const value = c < 128 ? BASE32_VALUES[c]! : INVALID;
      if (value === SEPARATOR) continue;
      if (value === INVALID) throw new OtpError('INVALID_SECRET', `secret has a character outside base32 at position ${i}`);
      symbols++;
      // At most 12 live bits: 7 left over plus 5 new.
      buffer = ((buffer << 5) | value) & 0xfff;
      bits += 5;
      if (bits >= 8) {
        bits -= 8;
        out[length++] = buffer >>> bits;
      }
    }
    if (symbols === 0) throw new OtpError('INVALID_SECRET', 'secret is empty');
    if (!VALID_TAIL[symbols % 8]) throw new OtpError('INVALID_SECRET', 'secret has a base32 length no key encodes to');
    if (padding > 0 && (padding > 6 || (symbols + padding) % 8 !== 0)) {
      throw new OtpError('INVALID_SECRET', 'secret has the wrong amount of = padding');
    }
    if (length < minBytes) {
      throw new OtpError(
        'INVALID_SECRET',
        `secret decodes to ${length} bytes; at least ${minBytes} are required (pass minBytes to accept legacy short keys)`,
      );
    }
    return length;
  } catch (error) {
    out.fill(0, 0, length);
    throw error;
  }
}

/** Decodes a string secret or checks a byte secret, for the HOTP/TOTP functions. Internal. */
export function secretBytes(secret: string | Uint8Array, minBytes: number | undefined): Uint8Array {
  if (typeof secret === 'string') return decodeSecret(secret, minBytes === undefined ? {} : { minBytes });
  if (!(secret instanceof Uint8Array)) throw new OtpError('INVALID_SECRET', 'secret must be a base32 string or a Uint8Array');
  const min = minBytes ?? MIN_SECRET_BYTES;
  assertOption(Number.isInteger(min) && min >= 1, 'minSecretBytes', 'an integer of at least 1');
  if (secret.length < min) {
    throw new OtpError('INVALID_SECRET', `secret is ${secret.length} bytes; at least ${min} are required`);
  }
  return secret;
}

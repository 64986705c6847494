/**
 * Shared secrets: generation from the platform CSPRNG and strict base32
 * (RFC 4648) encoding and decoding.
 * @module
 */
import base32Encode from 'base32-encode';
import base32Decode from 'base32-decode';
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
  return base32Encode(bytes, 'RFC4648', { padding: false });
}

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
  const minBytes = options.minBytes ?? MIN_SECRET_BYTES;
  assertOption(Number.isInteger(minBytes) && minBytes >= 1, 'minBytes', 'an integer of at least 1');
  if (typeof text !== 'string') throw new OtpError('INVALID_SECRET', 'secret must be a base32 string');
  if (text.length > MAX_SECRET_BYTES * 4) throw new OtpError('INVALID_SECRET', 'secret is too long');
  let clean = '';
  let padding = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x3d /* = */) {
      padding++;
      continue;
    }
    if (padding > 0) throw new OtpError('INVALID_SECRET', `secret has '=' padding before position ${i}`);
    if (c === 0x20 || c === 0x2d /* space, - */) continue;
    if (c >= 0x41 && c <= 0x5a) clean += text[i];
    else if (c >= 0x61 && c <= 0x7a) clean += String.fromCharCode(c - 0x20);
    else if (c >= 0x32 && c <= 0x37) clean += text[i];
    else throw new OtpError('INVALID_SECRET', `secret has a character outside base32 at position ${i}`);
  }
  if (clean.length === 0) throw new OtpError('INVALID_SECRET', 'secret is empty');
  if (!VALID_TAIL[clean.length % 8]) throw new OtpError('INVALID_SECRET', 'secret has a base32 length no key encodes to');
  if (padding > 0 && (padding > 6 || (clean.length + padding) % 8 !== 0)) {
    throw new OtpError('INVALID_SECRET', 'secret has the wrong amount of = padding');
  }
  const bytes = new Uint8Array(base32Decode(clean, 'RFC4648'));
  if (bytes.length < minBytes) {
    throw new OtpError(
      'INVALID_SECRET',
      `secret decodes to ${bytes.length} bytes; at least ${minBytes} are required (pass minBytes to accept legacy short keys)`,
    );
  }
  return bytes;
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

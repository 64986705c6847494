/**
 * Shared secrets: generation from the platform CSPRNG, strict base32 (RFC 4648, through
 * `base32-encode` and `base32-decode`), and the key bytes the HMAC is keyed with.
 * @module
 */
import { decodeBase32, encodeBase32 } from './base32.js';
import { OtpError, assertOption } from './errors.js';
import { type HotpHmac, hotpTruncate, keyHotpHmac } from './hmac.js';
import { type Algorithm, type Digits, parseCode } from './params.js';
import { MAX_SECRET_BYTES } from './base32.js';
import { snapshotOptions } from './options.js';

/** The smallest key accepted unless the caller opts in to legacy short keys (RFC 4226 §4 R6: 128 bits). */
export const MIN_SECRET_BYTES = 16;

/** Options of {@link decodeSecret}. */
export interface DecodeSecretOptions {
  /**
   * Smallest decoded key length accepted, in bytes. Default 16 (128 bits, RFC 4226 §4).
   * Lower it only to import legacy secrets (for example 10-byte keys from older otplib or Microsoft 365);
   * it cannot go below 1.
   */
  minBytes?: number;
}

// Typed-array intrinsics, taken once at load: they read a typed array's internal slots, so an own
// `length` or `byteLength` property, a Proxy or a patched prototype cannot make a key look longer
// or shorter than it is.
const TypedArrayPrototype = Object.getPrototypeOf(Uint8Array.prototype) as object;
const tagOf = Object.getOwnPropertyDescriptor(TypedArrayPrototype, Symbol.toStringTag)!.get!;
const byteLengthOf = Object.getOwnPropertyDescriptor(TypedArrayPrototype, 'byteLength')!.get!;
const copyInto = (TypedArrayPrototype as { set: (this: Uint8Array, source: unknown) => void }).set;

/**
 * A copy of a `Uint8Array`'s bytes, by its real byte length (read from its internal slots).
 * Anything that is not a `Uint8Array` (a Proxy, an array, another typed array) throws
 * `OtpError` `INVALID_SECRET`. The caller owns and zeroes the copy. Internal.
 * @example
 * ```ts
 * const key = copyBytes(userBytes); // later changes to userBytes do not reach key
 * ```
 */
export function copyBytes(value: unknown): Uint8Array {
  if (typeof value !== 'object' || value === null || tagOf.call(value) !== 'Uint8Array') {
    throw new OtpError('INVALID_SECRET', 'secret must be a base32 string or a Uint8Array');
  }
  const copy = new Uint8Array(byteLengthOf.call(value) as number);
  copyInto.call(copy, value);
  return copy;
}

/** Checks a `minBytes`/`minSecretBytes` value (default 16). Internal. */
export function checkMinBytes(minBytes: unknown, field: string): number {
  const min = minBytes ?? MIN_SECRET_BYTES;
  assertOption(typeof min === 'number' && Number.isInteger(min) && min >= 1, field, 'an integer of at least 1');
  return min;
}

/**
 * The key bytes of a secret given as base32 text or as bytes: always a fresh copy, taken once and
 * checked afterwards, so nothing the caller's object does later can change it. The caller zeroes it.
 * @throws OtpError `INVALID_SECRET` for bad base32, the wrong type or fewer than `minBytes` bytes.
 * Internal.
 * @example
 * ```ts
 * const key = secretKey(secret, 16, 'minSecretBytes');
 * try { ... } finally { key.fill(0); }
 * ```
 */
export function secretKey(secret: unknown, minBytes: number, field: string): Uint8Array {
  const key = typeof secret === 'string' ? decodeBase32(secret) : copyBytes(secret);
  if (key.length < minBytes) {
    const length = key.length;
    key.fill(0);
    throw new OtpError(
      'INVALID_SECRET',
      `secret decodes to ${length} bytes; at least ${minBytes} are required (pass ${field} to accept legacy short keys)`,
    );
  }
  return key;
}

/**
 * An HOTP HMAC keyed with a secret's key bytes, which are zeroed as soon as the pads are absorbed.
 * The caller destroys the HMAC. Internal.
 * @example
 * ```ts
 * const mac = secretHmac(secret, 16, 'SHA1');
 * try { mac.truncate(0, 1); } finally { mac.destroy(); }
 * ```
 */
export function secretHmac(secret: unknown, minBytes: number, algorithm: Algorithm): HotpHmac {
  const key = secretKey(secret, minBytes, 'minSecretBytes');
  try {
    return keyHotpHmac(algorithm, key);
  } finally {
    key.fill(0);
  }
}

/**
 * For a verifier: the submitted code's value and the HMAC keyed with the secret, or `undefined` when
 * the code is malformed. A bad secret still throws either way, but a malformed code costs no HMAC.
 * The caller destroys the HMAC. Internal.
 * @example
 * ```ts
 * const keyed = keyForCode(secret, input, 6, 16, 'SHA1'); // undefined: 'malformed'
 * ```
 */
export function keyForCode(
  secret: unknown,
  code: unknown,
  digits: Digits,
  minBytes: number,
  algorithm: Algorithm,
): { mac: HotpHmac; submitted: number } | undefined {
  const submitted = parseCode(code, digits);
  if (submitted < 0) {
    secretKey(secret, minBytes, 'minSecretBytes').fill(0);
    return undefined;
  }
  return { mac: secretHmac(secret, minBytes, algorithm), submitted };
}

/**
 * The dynamically truncated HMAC of one counter under a secret (the one-step form of
 * {@link secretHmac}); the key bytes are zeroed before it returns. Internal.
 * @example
 * ```ts
 * secretTruncate(secret, 16, 'SHA1', 0, 1);
 * ```
 */
export function secretTruncate(secret: unknown, minBytes: number, algorithm: Algorithm, hi: number, lo: number): number {
  const key = secretKey(secret, minBytes, 'minSecretBytes');
  try {
    return hotpTruncate(algorithm, key, hi, lo);
  } finally {
    key.fill(0);
  }
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
export function generateSecret(options?: { bytes?: number }): string {
  const o = snapshotOptions(options, ['bytes']);
  const bytes = o.bytes ?? 20;
  assertOption(
    typeof bytes === 'number' && Number.isInteger(bytes) && bytes >= MIN_SECRET_BYTES && bytes <= MAX_SECRET_BYTES,
    'bytes',
    `an integer from ${MIN_SECRET_BYTES} to ${MAX_SECRET_BYTES}`,
  );
  const key = new Uint8Array(bytes);
  globalThis.crypto.getRandomValues(key);
  try {
    return encodeBase32(key);
  } finally {
    key.fill(0);
  }
}

/**
 * Encodes key bytes as uppercase RFC 4648 base32 without padding, the form
 * otpauth URIs and authenticator apps expect.
 *
 * @throws OtpError `INVALID_SECRET` unless `bytes` is a `Uint8Array`.
 * @example
 * ```ts
 * import { encodeSecret } from 'totp-enroll';
 * encodeSecret(new TextEncoder().encode('12345678901234567890')); // 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'
 * ```
 */
export function encodeSecret(bytes: Uint8Array): string {
  const copy = copyBytes(bytes);
  try {
    return encodeBase32(copy);
  } finally {
    copy.fill(0);
  }
}

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
export function decodeSecret(text: string, options?: DecodeSecretOptions): Uint8Array {
  const o = snapshotOptions(options, ['minBytes']);
  const minBytes = checkMinBytes(o.minBytes, 'minBytes');
  if (typeof text !== 'string') throw new OtpError('INVALID_SECRET', 'secret must be a base32 string');
  return secretKey(text, minBytes, 'minBytes');
}

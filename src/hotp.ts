/**
 * HOTP (RFC 4226): HMAC-based one-time passwords with full 64-bit counters.
 * @module
 */
import { hmacSetKey, hmacTruncate } from './hmac.js';
import { OtpError } from './errors.js';
import { SECRET_SCRATCH, decodeSecretInto, secretBytes } from './secret.js';

/** The HMAC hash functions authenticator apps and RFC 6238 know. */
export type Algorithm = 'SHA1' | 'SHA256' | 'SHA512';
/** Code lengths from RFC 4226 §5.3 that apps display (6 is the only one all honour). */
export type Digits = 6 | 7 | 8;

/** Options of {@link generateHotp}. */
export interface HotpOptions {
  /** HMAC hash; default `'SHA1'`. */
  algorithm?: Algorithm;
  /** Code length; default 6. */
  digits?: Digits;
  /** Smallest key accepted, in bytes; default 16. Lower only for legacy keys. */
  minSecretBytes?: number;
}

const POW10 = [1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000];
const TWO_32 = 0x1_0000_0000;
const MAX_U64 = (1n << 64n) - 1n;

/** Checks an algorithm name. Internal. */
export function checkAlgorithm(algorithm: unknown): Algorithm {
  if (algorithm !== 'SHA1' && algorithm !== 'SHA256' && algorithm !== 'SHA512') {
    throw new OtpError('INVALID_OPTION', "algorithm must be 'SHA1', 'SHA256' or 'SHA512'", { field: 'algorithm' });
  }
  return algorithm;
}

/** Checks a digits value. Internal. */
export function checkDigits(digits: unknown): Digits {
  if (digits !== 6 && digits !== 7 && digits !== 8) {
    throw new OtpError('INVALID_OPTION', 'digits must be 6, 7 or 8', { field: 'digits' });
  }
  return digits;
}

const HASH_INDEX = { SHA1: 0, SHA256: 1, SHA512: 2 } as const;

/**
 * Checks a secret and makes it the current key of `hmacTruncate`: the HMAC inner and outer states
 * are computed once, then each counter costs two compressions with no allocation. Base32 text is
 * decoded into module scratch, which is zeroed again once the states are computed. Internal.
 */
export function keySecret(secret: string | Uint8Array, minBytes: number | undefined, algorithm: Algorithm): void {
  if (typeof secret === 'string') {
    const length = decodeSecretInto(secret, minBytes);
    hmacSetKey(HASH_INDEX[algorithm], SECRET_SCRATCH, length);
    SECRET_SCRATCH.fill(0, 0, length);
  } else {
    const bytes = secretBytes(secret, minBytes);
    hmacSetKey(HASH_INDEX[algorithm], bytes, bytes.length);
  }
}

/** Checks a secret exactly as {@link keySecret} does (same errors), without computing any HMAC. Internal. */
export function checkSecret(secret: string | Uint8Array, minBytes: number | undefined): void {
  if (typeof secret === 'string') SECRET_SCRATCH.fill(0, 0, decodeSecretInto(secret, minBytes));
  else secretBytes(secret, minBytes);
}

/** Reduces a truncation value to a zero-padded code. Internal. */
export function formatCode(value: number, digits: Digits): string {
  return (value % POW10[digits]!).toString().padStart(digits, '0');
}

/** The modulus 10^digits. Internal. */
export function codeModulus(digits: Digits): number {
  return POW10[digits]!;
}

/** Splits a counter into two 32-bit halves after checking it. Internal. */
export function splitCounter(counter: number | bigint): [hi: number, lo: number] {
  if (typeof counter === 'bigint') {
    if (counter < 0n || counter > MAX_U64) {
      throw new OtpError('INVALID_OPTION', 'counter must be from 0 to 2^64-1', { field: 'counter' });
    }
    return [Number(counter >> 32n), Number(counter & 0xffff_ffffn)];
  }
  if (typeof counter !== 'number' || !Number.isSafeInteger(counter) || counter < 0) {
    throw new OtpError('INVALID_OPTION', 'counter must be a safe integer >= 0 or a bigint', { field: 'counter' });
  }
  return [Math.floor(counter / TWO_32), counter % TWO_32];
}

/**
 * Generates an HOTP code (RFC 4226) for a counter.
 *
 * @param secret - base32 text (as in an otpauth URI) or the raw key bytes; at least 16 bytes.
 * @param counter - a safe integer >= 0, or a bigint up to 2^64-1.
 * @throws OtpError `INVALID_SECRET` or `INVALID_OPTION`.
 * @example
 * ```ts
 * import { generateHotp } from 'totp-enroll';
 * const key = new TextEncoder().encode('12345678901234567890');
 * generateHotp(key, 0);                    // '755224' (RFC 4226 Appendix D)
 * generateHotp(key, 2n ** 64n - 1n);       // full 64-bit counters
 * ```
 */
export function generateHotp(secret: string | Uint8Array, counter: number | bigint, options: HotpOptions = {}): string {
  const algorithm = checkAlgorithm(options.algorithm ?? 'SHA1');
  const digits = checkDigits(options.digits ?? 6);
  const [hi, lo] = splitCounter(counter);
  keySecret(secret, options.minSecretBytes, algorithm);
  return formatCode(hmacTruncate(hi, lo), digits);
}

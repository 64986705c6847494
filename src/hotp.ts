/**
 * HOTP (RFC 4226): HMAC-based one-time passwords with full 64-bit counters.
 * @module
 */
import { hmac } from '@noble/hashes/hmac.js';
import { sha1 } from '@noble/hashes/legacy.js';
import { sha256, sha512 } from '@noble/hashes/sha2.js';
import { OtpError } from './errors.js';
import { secretBytes } from './secret.js';

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

const HASHES = { SHA1: sha1, SHA256: sha256, SHA512: sha512 } as const;
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

// One scratch message and one scratch digest, reused by every call: the code below is synchronous,
// so no two calls can interleave.
const MESSAGE = new Uint8Array(8);
const DIGEST = new Uint8Array(64);

/**
 * A key ready for many counters: the HMAC inner and outer states are computed once,
 * and each counter costs two hash compressions on copied states, with no allocation. Internal.
 */
export interface HotpKey {
  /** The RFC 4226 §5.3 dynamic-truncation value (31 bits) for the counter `hi * 2^32 + lo`. */
  truncate(hi: number, lo: number): number;
}

/** Prepares a key for {@link HotpKey.truncate}. Internal. */
export function prepareKey(key: Uint8Array, algorithm: Algorithm): HotpKey {
  const base = hmac.create(HASHES[algorithm], key);
  const work = base.clone();
  const last = base.outputLen - 1;
  return {
    truncate(hi: number, lo: number): number {
      base._cloneInto(work);
      MESSAGE[0] = hi >>> 24;
      MESSAGE[1] = hi >>> 16;
      MESSAGE[2] = hi >>> 8;
      MESSAGE[3] = hi;
      MESSAGE[4] = lo >>> 24;
      MESSAGE[5] = lo >>> 16;
      MESSAGE[6] = lo >>> 8;
      MESSAGE[7] = lo;
      work.update(MESSAGE);
      work.digestInto(DIGEST);
      const o = DIGEST[last]! & 0x0f;
      return (
        ((DIGEST[o]! & 0x7f) << 24) | (DIGEST[o + 1]! << 16) | (DIGEST[o + 2]! << 8) | DIGEST[o + 3]!
      );
    },
  };
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
  const key = prepareKey(secretBytes(secret, options.minSecretBytes), algorithm);
  return formatCode(key.truncate(hi, lo), digits);
}

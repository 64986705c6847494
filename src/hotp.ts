/**
 * HOTP (RFC 4226): HMAC-based one-time passwords with full 64-bit counters, and counter-based
 * verification with a capped look-ahead for hardware OATH tokens and HOTP URIs.
 * @module
 */
import { assertOption } from './errors.js';
import { snapshotOptions } from './options.js';
import {
  type Algorithm,
  type Digits,
  MAX_COUNTER,
  TWO_32,
  checkAlgorithm,
  checkDigits,
  codeModulus,
  formatCode,
  splitCounter,
} from './params.js';
import { checkMinBytes, keyForCode, secretTruncate } from './secret.js';

export type { Algorithm, Digits };

/** Options of {@link generateHotp}. */
export interface HotpOptions {
  /** HMAC hash; default `'SHA1'`. */
  algorithm?: Algorithm;
  /** Code length; default 6. */
  digits?: Digits;
  /** Smallest key accepted, in bytes; default 16. Lower only for legacy keys (10-byte secrets of otplib 12, speakeasy, old libpam). */
  minSecretBytes?: number;
}

/** Options of {@link verifyHotp}. */
export interface VerifyHotpOptions<C extends number | bigint = number | bigint> extends HotpOptions {
  /** The next counter the token is expected to show: the stored counter (a safe integer >= 0, or a bigint up to 2^64-1). */
  counter: C;
  /**
   * How many counters after `counter` are also tried, for a token whose button was pressed without
   * signing in (RFC 4226 §7.4). An integer from 0 to {@link MAX_LOOK_AHEAD}; default 0. Each one more
   * accepted code is one more chance for a guess: keep it small.
   */
  lookAhead?: number;
}

/** The result of {@link verifyHotp}: on success, store `counter + 1` as the next expected counter. */
export type VerifyHotpResult<C extends number | bigint = number | bigint> =
  | { ok: true; counter: C; delta: number }
  | { ok: false; reason: 'malformed' | 'mismatch' };

/** The largest `lookAhead` accepted by {@link verifyHotp}. */
export const MAX_LOOK_AHEAD = 100;

const HOTP_KEYS = ['algorithm', 'digits', 'minSecretBytes'] as const;

/**
 * Generates an HOTP code (RFC 4226) for a counter.
 *
 * @param secret - base32 text (as in an otpauth URI) or the raw key bytes; at least `minSecretBytes` (16).
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
export function generateHotp(secret: string | Uint8Array, counter: number | bigint, options?: HotpOptions): string {
  const o = snapshotOptions(options, HOTP_KEYS);
  const algorithm = checkAlgorithm(o.algorithm ?? 'SHA1');
  const digits = checkDigits(o.digits ?? 6);
  const minBytes = checkMinBytes(o.minSecretBytes, 'minSecretBytes');
  const [hi, lo] = splitCounter(counter);
  return formatCode(secretTruncate(secret, minBytes, algorithm, hi, lo), digits);
}

/**
 * Verifies an HOTP code against the expected counter and up to `lookAhead` counters after it.
 *
 * `code` must be a string of exactly `digits` ASCII digits; anything else is `malformed` without any
 * HMAC being computed. Every counter of the look-ahead is computed whatever the code, so a right and a
 * wrong code cost the same; each comparison is `===` on the two numbers. The first (lowest) matching
 * counter wins. Counters past 2^64-1 (or past 2^53-1 for a number counter) are not tried.
 *
 * @returns `{ ok: true, counter, delta }` with the matched counter (the same type as given) and
 * `delta = counter - options.counter`: store `counter + 1`. Otherwise `{ ok: false, reason }`.
 * @throws OtpError `INVALID_SECRET` or `INVALID_OPTION` for programmer errors (never for a bad code).
 * @example
 * ```ts
 * import { verifyHotp } from 'totp-enroll';
 * const result = verifyHotp(secret, input, { counter: stored, lookAhead: 5 });
 * if (result.ok) stored = result.counter + 1;   // a code is never accepted twice
 * ```
 */
export function verifyHotp<C extends number | bigint>(
  secret: string | Uint8Array,
  code: unknown,
  options: VerifyHotpOptions<C>,
): VerifyHotpResult<C> {
  const o = snapshotOptions(options, [...HOTP_KEYS, 'counter', 'lookAhead'] as const);
  const algorithm = checkAlgorithm(o.algorithm ?? 'SHA1');
  const digits = checkDigits(o.digits ?? 6);
  const minBytes = checkMinBytes(o.minSecretBytes, 'minSecretBytes');
  const start = o.counter;
  splitCounter(start);
  const lookAhead = o.lookAhead ?? 0;
  assertOption(
    typeof lookAhead === 'number' && Number.isInteger(lookAhead) && lookAhead >= 0 && lookAhead <= MAX_LOOK_AHEAD,
    'lookAhead',
    `an integer from 0 to ${MAX_LOOK_AHEAD}`,
  );
  // How many counters exist from `start` on, at most lookAhead + 1.
  const room = typeof start === 'bigint' ? MAX_COUNTER - start : BigInt(Number.MAX_SAFE_INTEGER - (start as number));
  const count = room < BigInt(lookAhead) ? Number(room) + 1 : lookAhead + 1;

  const keyed = keyForCode(secret, code, digits, minBytes, algorithm);
  if (keyed === undefined) return { ok: false, reason: 'malformed' };
  const { mac, submitted } = keyed;
  const modulus = codeModulus(digits);
  let matched = -1;
  try {
    if (typeof start === 'bigint') {
      for (let i = 0; i < count; i++) {
        const c = start + BigInt(i);
        const value = mac.truncate(Number(c >> 32n), Number(c & 0xffff_ffffn)) % modulus;
        if (value === submitted && matched < 0) matched = i;
      }
    } else {
      for (let i = 0; i < count; i++) {
        const c = (start as number) + i;
        const value = mac.truncate(Math.floor(c / TWO_32), c % TWO_32) % modulus;
        if (value === submitted && matched < 0) matched = i;
      }
    }
  } finally {
    mac.destroy();
  }
  if (matched < 0) return { ok: false, reason: 'mismatch' };
  const counter = (typeof start === 'bigint' ? start + BigInt(matched) : (start as number) + matched) as C;
  return { ok: true, counter, delta: matched };
}

/**
 * TOTP (RFC 6238): time steps, code generation and strict verification with a
 * bounded drift window, a one-time rule and constant-time comparison.
 * @module
 */
import { assertOption } from './errors.js';
import {
  type Algorithm,
  type Digits,
  checkAlgorithm,
  checkDigits,
  codeModulus,
  checkSecret,
  formatCode,
  keySecret,
} from './hotp.js';
import { hmacTruncate } from './hmac.js';

/** The largest window accepted on either side, in steps. */
export const MAX_WINDOW = 10;
/** The longest period accepted, in seconds (NIST SP 800-63B: an OTP changes at least every 2 minutes). */
export const MAX_PERIOD = 120;
const TWO_32 = 0x1_0000_0000;

/** Time options shared by every TOTP function. */
export interface TimeOptions {
  /** Unix time in milliseconds; default `Date.now()`. */
  now?: number;
  /** Step length in seconds, an integer from 1 to 120; default 30. */
  period?: number;
  /** Unix time in seconds at which step 0 starts, an integer; default 0. */
  t0?: number;
}

/** Options of {@link generateTotp}. */
export interface TotpOptions extends TimeOptions {
  /** HMAC hash; default `'SHA1'`. */
  algorithm?: Algorithm;
  /** Code length; default 6. */
  digits?: Digits;
  /** Smallest key accepted, in bytes; default 16. Lower only for legacy keys. */
  minSecretBytes?: number;
}

/** Options of {@link verifyTotp}. */
export interface VerifyOptions extends TotpOptions {
  /**
   * Steps accepted on either side of the current step: a number for both sides or `{ past, future }`.
   * Default `{ past: 1, future: 1 }`; each side an integer from 0 to 10.
   */
  window?: number | { past: number; future: number };
  /**
   * The last step already used (RFC 6238 §5.2): a code whose matched step is `<= afterStep` is `replayed`.
   * Store the `step` of every success and pass it here.
   */
  afterStep?: number;
  /**
   * Measured clock drift of this authenticator, in steps (RFC 6238 §6): the window is centred on
   * `current + drift`. `delta` is still reported against the current step. Default 0.
   */
  drift?: number;
}

/** The result of {@link verifyTotp}. */
export type VerifyResult =
  | { ok: true; step: number; delta: number }
  | { ok: false; reason: 'malformed' | 'mismatch' | 'replayed' };

function checkPeriod(period: unknown): number {
  assertOption(
    typeof period === 'number' && Number.isInteger(period) && period >= 1 && period <= MAX_PERIOD,
    'period',
    `an integer number of seconds from 1 to ${MAX_PERIOD}`,
  );
  return period;
}

/**
 * The RFC 6238 time step `floor((unixSeconds - t0) / period)` for a time in milliseconds.
 *
 * @throws OtpError `INVALID_OPTION` for NaN, infinite, negative or unsafe `now`, a bad period or t0,
 * or a `now` before `t0`.
 * @example
 * ```ts
 * import { timeStep } from 'totp-enroll';
 * timeStep(59_000);                   // 1
 * timeStep(Date.now(), { period: 60 });
 * ```
 */
export function timeStep(now: number, options: { period?: number; t0?: number } = {}): number {
  const period = checkPeriod(options.period ?? 30);
  const t0 = options.t0 ?? 0;
  assertOption(typeof t0 === 'number' && Number.isSafeInteger(t0), 't0', 'an integer number of seconds');
  assertOption(
    typeof now === 'number' && Number.isFinite(now) && now >= 0 && now <= Number.MAX_SAFE_INTEGER,
    'now',
    'a finite, non-negative Unix time in milliseconds',
  );
  const seconds = Math.floor(now / 1000) - t0;
  assertOption(seconds >= 0, 'now', 'at or after t0');
  return Math.floor(seconds / period);
}

/**
 * Generates the TOTP code for a moment (RFC 6238).
 *
 * @param secret - base32 text (as in an otpauth URI) or the raw key bytes; at least 16 bytes.
 * @throws OtpError `INVALID_SECRET` or `INVALID_OPTION`.
 * @example
 * ```ts
 * import { generateTotp } from 'totp-enroll';
 * const code = generateTotp('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', { now: 59_000, digits: 8 }); // '94287082'
 * ```
 */
export function generateTotp(secret: string | Uint8Array, options: TotpOptions = {}): string {
  const algorithm = checkAlgorithm(options.algorithm ?? 'SHA1');
  const digits = checkDigits(options.digits ?? 6);
  const step = timeStep(options.now ?? Date.now(), options);
  keySecret(secret, options.minSecretBytes, algorithm);
  return formatCode(hmacTruncate(Math.floor(step / TWO_32), step % TWO_32), digits);
}

function checkWindow(window: VerifyOptions['window']): { past: number; future: number } {
  const w = window === undefined ? 1 : window;
  const ok = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= MAX_WINDOW;
  if (typeof w === 'number') {
    assertOption(ok(w), 'window', `an integer from 0 to ${MAX_WINDOW}, or { past, future }`);
    return { past: w, future: w };
  }
  assertOption(
    typeof w === 'object' && w !== null && ok(w.past) && ok(w.future),
    'window',
    `an integer from 0 to ${MAX_WINDOW}, or { past, future } with each side from 0 to ${MAX_WINDOW}`,
  );
  return { past: w.past, future: w.future };
}

/**
 * Parses a submitted code: exactly `digits` ASCII digits, nothing else. Returns its value or -1.
 * Never throws and never looks past `digits` characters. Internal.
 */
export function parseCode(code: unknown, digits: number): number {
  if (typeof code !== 'string' || code.length !== digits) return -1;
  let value = 0;
  for (let i = 0; i < digits; i++) {
    const d = code.charCodeAt(i) - 0x30;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}

/**
 * Verifies a submitted TOTP code inside a drift window, with the RFC 6238 §5.2 one-time rule.
 *
 * `code` must be a string of exactly `digits` ASCII digits; anything else (numbers, whitespace,
 * signs, non-ASCII digits, other lengths) is `malformed` without any HMAC being computed. Every step
 * of the window is computed and compared in constant time, so a right and a wrong code cost the same.
 *
 * @returns `{ ok: true, step, delta }` where `delta` is the matched step minus the current step
 * (0 is a success: test `ok`, not `delta`), or `{ ok: false, reason }`.
 * @throws OtpError `INVALID_SECRET` or `INVALID_OPTION` for programmer errors (never for a bad code).
 * @example
 * ```ts
 * import { verifyTotp } from 'totp-enroll';
 * const result = verifyTotp(secret, userInput, { afterStep: lastUsedStep });
 * if (result.ok) lastUsedStep = result.step;      // store it: the same code can never pass again
 * ```
 */
export function verifyTotp(secret: string | Uint8Array, code: unknown, options: VerifyOptions = {}): VerifyResult {
  const algorithm = checkAlgorithm(options.algorithm ?? 'SHA1');
  const digits = checkDigits(options.digits ?? 6);
  const { past, future } = checkWindow(options.window);
  const drift = options.drift ?? 0;
  assertOption(Number.isSafeInteger(drift), 'drift', 'an integer number of steps');
  const afterStep = options.afterStep;
  assertOption(afterStep === undefined || Number.isSafeInteger(afterStep), 'afterStep', 'an integer step');
  const current = timeStep(options.now ?? Date.now(), options);
  const submitted = parseCode(code, digits);
  if (submitted < 0) {
    // A bad secret is still a programmer error, but a malformed code costs no HMAC.
    checkSecret(secret, options.minSecretBytes);
    return { ok: false, reason: 'malformed' };
  }
  keySecret(secret, options.minSecretBytes, algorithm);

  const modulus = codeModulus(digits);
  const first = Math.max(0, current + drift - past);
  const last = current + drift + future;
  // Prefer the match nearest the window's centre; remember a replayed match only to name the reason.
  let matched = -1;
  let matchedDistance = Infinity;
  let replayed = false;
  for (let step = first; step <= last; step++) {
    const value = hmacTruncate(Math.floor(step / TWO_32), step % TWO_32) % modulus;
    // Constant-time: the comparison is arithmetic on both values, with no early exit from the loop.
    const equal = ((value ^ submitted) | 0) === 0;
    if (!equal) continue;
    if (afterStep !== undefined && step <= afterStep) {
      replayed = true;
      continue;
    }
    const distance = Math.abs(step - current - drift);
    if (distance < matchedDistance) {
      matched = step;
      matchedDistance = distance;
    }
  }
  if (matched >= 0) return { ok: true, step: matched, delta: matched - current };
  return { ok: false, reason: replayed ? 'replayed' : 'mismatch' };
}

export { checkPeriod };

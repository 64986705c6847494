/**
 * TOTP (RFC 6238): time steps, code generation and strict verification with a bounded drift
 * window and the RFC 6238 §5.2 one-time rule.
 * @module
 */
import { assertOption } from './errors.js';
import { snapshotOptions } from './options.js';
import {
  type Algorithm,
  type Digits,
  TWO_32,
  checkAlgorithm,
  checkDigits,
  checkPeriod,
  codeModulus,
  formatCode,
} from './params.js';
import { checkMinBytes, keyForCode, secretHmac, secretTruncate } from './secret.js';


/** The largest window accepted on either side, in steps. */
export const MAX_WINDOW = 10;
/**
 * The largest clock drift accepted by {@link verifyTotp}, in steps either way (8 h 20 min at 30 s).
 * With it, no input makes verify compute more than `past + future + 1` steps, and every step stays a
 * safe integer.
 */
export const MAX_DRIFT = 1000;

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
  /** Smallest key accepted, in bytes; default 16. Lower only for legacy keys (10-byte secrets of otplib 12, speakeasy, old libpam). */
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
   * The last step already used (RFC 6238 §5.2): a code whose matched step is `<= afterStep` is `replayed`,
   * even when a later step of the window has the same digits (two steps share a code about once in 10^6
   * pairs): the digits a user just submitted never pass twice. Store the `step` of every success and pass it here.
   */
  afterStep?: number;
  /**
   * Measured clock drift of this authenticator, in steps (RFC 6238 §6): the window is centred on
   * `current + drift`. `delta` is still reported against the current step. An integer from
   * -{@link MAX_DRIFT} to {@link MAX_DRIFT}; default 0.
   */
  drift?: number;
}

/** The result of {@link verifyTotp}. */
export type VerifyResult =
  | { ok: true; step: number; delta: number }
  | { ok: false; reason: 'malformed' | 'mismatch' | 'replayed' };

const TIME_KEYS = ['now', 'period', 't0'] as const;
const TOTP_KEYS = [...TIME_KEYS, 'algorithm', 'digits', 'minSecretBytes'] as const;
const VERIFY_KEYS = [...TOTP_KEYS, 'window', 'afterStep', 'drift'] as const;

function stepAt(now: unknown, period: unknown, t0: unknown): number {
  const p = checkPeriod(period ?? 30);
  const start = t0 ?? 0;
  assertOption(typeof start === 'number' && Number.isSafeInteger(start), 't0', 'an integer number of seconds');
  const at = now ?? Date.now();
  assertOption(
    typeof at === 'number' && Number.isFinite(at) && at >= 0 && at <= Number.MAX_SAFE_INTEGER,
    'now',
    'a finite, non-negative Unix time in milliseconds',
  );
  const seconds = Math.floor(at / 1000) - start;
  assertOption(seconds >= 0, 'now', 'at or after t0');
  // Room for the widest window and drift above it, so every step verify computes is a safe integer.
  assertOption(seconds <= Number.MAX_SAFE_INTEGER - MAX_DRIFT - MAX_WINDOW, 't0', 'an integer number of seconds');
  return Math.floor(seconds / p);
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
export function timeStep(now: number, options?: { period?: number; t0?: number }): number {
  const o = snapshotOptions(options, ['period', 't0'] as const);
  return stepAt(now, o.period, o.t0);
}

/**
 * Generates the TOTP code for a moment (RFC 6238).
 *
 * @param secret - base32 text (as in an otpauth URI) or the raw key bytes; at least `minSecretBytes` (16).
 * @throws OtpError `INVALID_SECRET` or `INVALID_OPTION`.
 * @example
 * ```ts
 * import { generateTotp } from 'totp-enroll';
 * const code = generateTotp('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', { now: 59_000, digits: 8 }); // '94287082'
 * ```
 */
export function generateTotp(secret: string | Uint8Array, options?: TotpOptions): string {
  const o = snapshotOptions(options, TOTP_KEYS);
  const algorithm = checkAlgorithm(o.algorithm ?? 'SHA1');
  const digits = checkDigits(o.digits ?? 6);
  const minBytes = checkMinBytes(o.minSecretBytes, 'minSecretBytes');
  const step = stepAt(o.now, o.period, o.t0);
  return formatCode(secretTruncate(secret, minBytes, algorithm, Math.floor(step / TWO_32), step % TWO_32), digits);
}

function checkWindow(window: unknown): { past: number; future: number } {
  const side = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= MAX_WINDOW;
  if (window === undefined) return { past: 1, future: 1 };
  const expectation = `an integer from 0 to ${MAX_WINDOW}, or { past, future } with each side from 0 to ${MAX_WINDOW}`;
  if (typeof window === 'number') {
    assertOption(side(window), 'window', expectation);
    return { past: window, future: window };
  }
  const w = snapshotOptions(window, ['past', 'future'] as const, 'window');
  assertOption(side(w.past) && side(w.future), 'window', expectation);
  return { past: w.past, future: w.future };
}

/**
 * Verifies a submitted TOTP code inside a drift window, with the RFC 6238 §5.2 one-time rule.
 *
 * `code` must be a string of exactly `digits` ASCII digits; anything else (numbers, whitespace,
 * signs, non-ASCII digits, other lengths) is `malformed` without any HMAC being computed. Otherwise
 * every step of the window is computed whatever the code (so a right and a wrong code cost the same
 * number of HMACs), and each step's value is compared with `===` on the two numbers. At most
 * `past + future + 1` steps are computed, whatever the options.
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
export function verifyTotp(secret: string | Uint8Array, code: unknown, options?: VerifyOptions): VerifyResult {
  const o = snapshotOptions(options, VERIFY_KEYS);
  const algorithm = checkAlgorithm(o.algorithm ?? 'SHA1');
  const digits = checkDigits(o.digits ?? 6);
  const minBytes = checkMinBytes(o.minSecretBytes, 'minSecretBytes');
  const { past, future } = checkWindow(o.window);
  const drift = o.drift ?? 0;
  assertOption(
    typeof drift === 'number' && Number.isInteger(drift) && Math.abs(drift) <= MAX_DRIFT,
    'drift',
    `an integer number of steps from -${MAX_DRIFT} to ${MAX_DRIFT}`,
  );
  const afterStep = o.afterStep;
  assertOption(afterStep === undefined || Number.isSafeInteger(afterStep), 'afterStep', 'an integer step');
  const current = stepAt(o.now, o.period, o.t0);
  const centre = current + drift;

  const keyed = keyForCode(secret, code, digits, minBytes, algorithm);
  if (keyed === undefined) return { ok: false, reason: 'malformed' };
  const { mac, submitted } = keyed;
  const modulus = codeModulus(digits);
  const first = Math.max(0, centre - past);
  const count = centre + future - first + 1; // at most past + future + 1
  // Prefer the match nearest the window's centre. Digits that match a used step are `replayed` even if an
  // unused step has them too: whoever saw them submitted must not get in with them a step later.
  let matched = -1;
  let matchedDistance = Infinity;
  let replayed = false;
  try {
    for (let i = 0; i < count; i++) {
      const step = first + i;
      const value = mac.truncate(Math.floor(step / TWO_32), step % TWO_32) % modulus;
      if (value !== submitted) continue;
      if (afterStep !== undefined && step <= (afterStep as number)) {
        replayed = true;
        continue;
      }
      const distance = Math.abs(step - centre);
      if (distance < matchedDistance) {
        matched = step;
        matchedDistance = distance;
      }
    }
  } finally {
    mac.destroy();
  }
  if (matched >= 0 && !replayed) return { ok: true, step: matched, delta: matched - current };
  return { ok: false, reason: replayed ? 'replayed' : 'mismatch' };
}

/**
 * The codes of `count` consecutive steps from `firstStep` under one keying of the HMAC, for the
 * pairing and resync matchers (two consecutive codes). At most 64 steps. Internal.
 * @example
 * ```ts
 * totpCodes(secret, { algorithm: 'SHA1', digits: 6 }, timeStep(now) - 2, 5); // five codes
 * ```
 */
export function totpCodes(
  secret: string | Uint8Array,
  params: { algorithm: Algorithm; digits: Digits },
  firstStep: number,
  count: number,
): string[] {
  const algorithm = checkAlgorithm(params.algorithm);
  const digits = checkDigits(params.digits);
  assertOption(Number.isSafeInteger(firstStep) && firstStep >= 0, 'step', 'a step >= 0');
  assertOption(Number.isInteger(count) && count >= 0 && count <= 64 && Number.isSafeInteger(firstStep + count), 'count', 'an integer from 0 to 64');
  const mac = secretHmac(secret, 1, algorithm);
  try {
    const codes: string[] = [];
    for (let i = 0; i < count; i++) {
      const step = firstStep + i;
      codes.push(formatCode(mac.truncate(Math.floor(step / TWO_32), step % TWO_32), digits));
    }
    return codes;
  } finally {
    mac.destroy();
  }
}

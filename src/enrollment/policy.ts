/**
 * The security policy of the enrollment service, its defaults and their validation.
 * @module
 */
import { assertOption } from '../errors.js';
import { MAX_WINDOW } from '../totp.js';

/** Tunable limits of the service. Every field is optional in `createMfa({ policy })`. */
export interface MfaPolicy {
  /** Consecutive wrong TOTP codes (sign-in and resync) that lock the factor; 1 to 100. Default 10. */
  maxFailures: number;
  /**
   * How long the first lock lasts, in ms; default 15 minutes. The count of consecutive failures survives the
   * lock (only a success resets it), so each failure after a lock ends locks again for twice as long, up to a day.
   */
  lockoutMs: number;
  /**
   * Consecutive wrong TOTP codes at which the factor is suspended (refused until `unlock` or a recovery
   * sign-in); from `maxFailures` to 100, the NIST SP 800-63B cap. Default 100.
   */
  suspendAfterFailures: number;
  /**
   * Consecutive wrong recovery codes, counted apart from TOTP, after which each further wrong one locks
   * recovery codes for `lockoutMs` (no escalation: 80-bit codes need no more, and the victim keeps a way in).
   * 1 to 100; default 10.
   */
  maxRecoveryFailures: number;
  /** How long a pending enrollment waits for its two codes (and, once verified, for Enable), in ms; default 10 minutes. */
  pairingTtlMs: number;
  /** Wrong pairing attempts after which the pending secret is voided; default 5. */
  maxPairingAttempts: number;
  /** Steps accepted around the expected step at sign-in and pairing; default `{ past: 1, future: 1 }`. */
  window: { past: number; future: number };
  /** Steps searched on either side by `resync`; default 10 (the largest the core allows). */
  resyncWindow: number;
  /** Recovery codes issued by `generateRecoveryCodes` when no count is given; default 10. */
  recoveryCodes: number;
  /** Compare-and-set write attempts per call before answering `busy` (not wrong codes); default 20. */
  maxWriteAttempts: number;
}

/**
 * The defaults, chosen from RFC 6238 §5.2, RFC 4226 §7.3 and NIST SP 800-63B.
 * @example
 * ```ts
 * import { DEFAULT_POLICY } from 'totp-enroll';
 * DEFAULT_POLICY.maxFailures; // 10
 * ```
 */
export const DEFAULT_POLICY: Readonly<MfaPolicy> = /* @__PURE__ */ Object.freeze({
  maxFailures: 10,
  lockoutMs: 900_000, // 15 minutes (a literal, so bundlers can drop an unused DEFAULT_POLICY)
  suspendAfterFailures: 100,
  maxRecoveryFailures: 10,
  pairingTtlMs: 600_000, // 10 minutes
  maxPairingAttempts: 5,
  window: /* @__PURE__ */ Object.freeze({ past: 1, future: 1 }),
  resyncWindow: MAX_WINDOW,
  recoveryCodes: 10,
  maxWriteAttempts: 20,
});

/** Policy fields renamed since 0.1.0, old -> new: a clear error instead of a silently ignored option. */
const RENAMED: Readonly<Record<string, keyof MfaPolicy>> = { maxAttempts: 'maxWriteAttempts' };

const intIn = (v: unknown, min: number, max: number): boolean =>
  typeof v === 'number' && Number.isSafeInteger(v) && v >= min && v <= max;

/**
 * Merges a partial policy with the defaults and validates every field.
 *
 * @throws OtpError `INVALID_OPTION` naming the field (e.g. `policy.maxFailures` above 100).
 * @example
 * ```ts
 * resolvePolicy({ maxFailures: 5 }).lockoutMs; // 900000
 * ```
 */
export function resolvePolicy(partial: Partial<MfaPolicy> = {}): MfaPolicy {
  assertOption(typeof partial === 'object' && partial !== null, 'policy', 'an object');
  const given = Object.fromEntries(Object.entries(partial).filter(([, v]) => v !== undefined)) as Partial<MfaPolicy>;
  for (const [old, now] of Object.entries(RENAMED)) {
    assertOption(!Object.hasOwn(given, old), `policy.${old}`, `renamed: use policy.${now} (it counts compare-and-set writes)`);
  }
  for (const key of Object.keys(given)) assertOption(Object.hasOwn(DEFAULT_POLICY, key), `policy.${key}`, 'a known policy field');
  const window = Object.hasOwn(given, 'window') ? given.window : DEFAULT_POLICY.window;
  assertOption(typeof window === 'object' && window !== null, 'policy.window', 'an object { past, future }');
  const p: MfaPolicy = { ...DEFAULT_POLICY, ...given, window: { past: window.past, future: window.future } };
  assertOption(intIn(p.maxFailures, 1, 100), 'policy.maxFailures', 'an integer from 1 to 100 (NIST SP 800-63B)');
  assertOption(
    intIn(p.suspendAfterFailures, p.maxFailures, 100),
    'policy.suspendAfterFailures',
    'an integer from policy.maxFailures to 100 (NIST SP 800-63B caps consecutive failures at 100)',
  );
  assertOption(intIn(p.maxRecoveryFailures, 1, 100), 'policy.maxRecoveryFailures', 'an integer from 1 to 100');
  assertOption(intIn(p.lockoutMs, 1, 365 * 86_400_000), 'policy.lockoutMs', 'a positive integer number of ms');
  assertOption(intIn(p.pairingTtlMs, 1_000, 86_400_000), 'policy.pairingTtlMs', 'an integer from 1000 to 86400000 ms');
  assertOption(intIn(p.maxPairingAttempts, 1, 100), 'policy.maxPairingAttempts', 'an integer from 1 to 100');
  assertOption(
    intIn(p.window.past, 0, MAX_WINDOW) && intIn(p.window.future, 0, MAX_WINDOW),
    'policy.window',
    `{ past, future } with each side an integer from 0 to ${MAX_WINDOW}`,
  );
  assertOption(intIn(p.resyncWindow, 1, MAX_WINDOW), 'policy.resyncWindow', `an integer from 1 to ${MAX_WINDOW}`);
  assertOption(intIn(p.recoveryCodes, 1, 100), 'policy.recoveryCodes', 'an integer from 1 to 100');
  assertOption(intIn(p.maxWriteAttempts, 1, 1000), 'policy.maxWriteAttempts', 'an integer from 1 to 1000');
  return p;
}

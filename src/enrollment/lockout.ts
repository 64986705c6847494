/**
 * Counting wrong codes, locking, suspending, and the guards every sign-in path shares, so one refusal
 * is one answer and one audit event wherever it happens.
 *
 * TOTP: `maxFailures` consecutive wrong codes lock for `lockoutMs`; each further one (after the lock
 * ends) locks again for twice as long, up to a day; at `suspendAfterFailures` (at most 100, NIST SP
 * 800-63B) the factor is suspended until `unlock` or a recovery sign-in. Recovery codes have their own
 * count: from `maxRecoveryFailures` on, each wrong one locks recovery codes for `lockoutMs`, no longer.
 * @module
 */
import type { MfaEventDetail, MfaMethod } from './events.js';
import type { MfaPolicy } from './policy.js';
import type { ActiveFactor, PlainRecord } from './record.js';
import type { Locked, Suspended } from './results.js';
import { type Transition, keep } from './transition.js';

/** The longest single lock: a day, or lockoutMs when that is longer. */
const MAX_LOCK_MS = 86_400_000;

/**
 * How long the factor locks at a given count of consecutive failures: `lockoutMs` at the limit, then
 * twice as long for every further failure (each failure after a lock ends locks again), up to a day.
 * @example
 * ```ts
 * lockDuration(11, resolvePolicy()); // 1_800_000: 30 minutes at the 11th failure
 * ```
 */
export function lockDuration(failures: number, policy: MfaPolicy): number {
  const doublings = Math.min(failures - policy.maxFailures, 30);
  return Math.min(policy.lockoutMs * 2 ** doublings, Math.max(MAX_LOCK_MS, policy.lockoutMs));
}

type NotEnabled = { ok: false; reason: 'not-enabled' };
/** A record with an enabled factor, or the refusal to return. */
type Guarded = { record: PlainRecord; active: ActiveFactor<string>; refusal?: undefined } | { refusal: Transition<NotEnabled> };

const refused = (method: MfaMethod, reason: string): MfaEventDetail => ({ type: 'signin.refused', method, reason });

/**
 * Guard: the factor must be enabled. Refuses with `not-enabled` and a `signin.refused` event.
 * @example
 * ```ts
 * const g = requireActive(r, 'verify'); if (g.refusal) return g.refusal;
 * ```
 */
export function requireActive(r: PlainRecord | null, method: MfaMethod): Guarded {
  if (r === null || r.active === null) {
    return { refusal: keep(r, { ok: false, reason: 'not-enabled' }, [refused(method, 'not-enabled')]) };
  }
  return { record: r, active: r.active };
}

/**
 * Guard for TOTP codes: refuses while the factor is suspended or locked, with a `signin.refused` event.
 * @example
 * ```ts
 * const stop = refuseWhileLocked(r, now, 'resync'); if (stop) return stop;
 * ```
 */
export function refuseWhileLocked(r: PlainRecord, now: number, method: MfaMethod): Transition<Locked | Suspended> | null {
  if (r.suspended) return keep(r, { ok: false, reason: 'suspended' }, [refused(method, 'suspended')]);
  if (r.lockedUntil !== null && now < r.lockedUntil) {
    return keep(r, { ok: false, reason: 'locked', retryAfterMs: r.lockedUntil - now }, [refused(method, 'locked')]);
  }
  return null;
}

/**
 * Guard for recovery codes: refuses only while recovery codes themselves are locked (never for the TOTP lock).
 * @example
 * ```ts
 * const stop = refuseWhileRecoveryLocked(r, now); if (stop) return stop;
 * ```
 */
export function refuseWhileRecoveryLocked(r: PlainRecord, now: number): Transition<Locked> | null {
  if (r.recoveryLockedUntil === null || now >= r.recoveryLockedUntil) return null;
  const outcome: Locked = { ok: false, reason: 'locked', retryAfterMs: r.recoveryLockedUntil - now };
  return keep(r, outcome, [refused('useRecoveryCode', 'locked')]);
}

/** A counted TOTP failure: the record to write, the events, and what the caller is told. */
export interface Counted<O> {
  record: PlainRecord;
  events: MfaEventDetail[];
  outcome: O;
}
type Wrong<R extends string> = { ok: false; reason: R; retryAfterMs?: number };

/**
 * Counts one wrong TOTP code: locks at `maxFailures` (and longer for each further one), suspends at
 * `suspendAfterFailures`; the suspending failure answers `suspended`.
 * @example
 * ```ts
 * const c = countFailure(r, now, policy, 'verify', 'mismatch'); return write(c.record, c.outcome, c.events);
 * ```
 */
export function countFailure<R extends string>(r: PlainRecord, now: number, p: MfaPolicy, method: MfaMethod, reason: R): Counted<Wrong<R> | Suspended> {
  const failures = r.failures + 1;
  const events: MfaEventDetail[] = [{ type: 'signin.failed', method, reason, failures }];
  if (failures >= p.suspendAfterFailures) {
    events.push({ type: 'factor.suspended', failures });
    return { record: { ...r, failures, lockedUntil: null, suspended: true }, events, outcome: { ok: false, reason: 'suspended' } };
  }
  if (failures >= p.maxFailures) {
    const lockedUntil = now + lockDuration(failures, p);
    events.push({ type: 'factor.locked', failures, lockedUntil });
    return { record: { ...r, failures, lockedUntil }, events, outcome: { ok: false, reason, retryAfterMs: lockedUntil - now } };
  }
  return { record: { ...r, failures, lockedUntil: null }, events, outcome: { ok: false, reason } };
}

/**
 * Counts one wrong recovery code, apart from TOTP: from `maxRecoveryFailures` on, each one locks recovery
 * codes for `lockoutMs`.
 * @example
 * ```ts
 * const c = countRecoveryFailure(r, now, policy);
 * ```
 */
export function countRecoveryFailure(r: PlainRecord, now: number, p: MfaPolicy): Counted<Wrong<'mismatch'>> {
  const recoveryFailures = r.recoveryFailures + 1;
  const events: MfaEventDetail[] = [{ type: 'recovery.failed', method: 'useRecoveryCode', reason: 'mismatch', failures: recoveryFailures }];
  if (recoveryFailures < p.maxRecoveryFailures) {
    return { record: { ...r, recoveryFailures, recoveryLockedUntil: null }, events, outcome: { ok: false, reason: 'mismatch' } };
  }
  const recoveryLockedUntil = now + p.lockoutMs;
  events.push({ type: 'recovery.locked', failures: recoveryFailures, lockedUntil: recoveryLockedUntil });
  return {
    record: { ...r, recoveryFailures, recoveryLockedUntil },
    events,
    outcome: { ok: false, reason: 'mismatch', retryAfterMs: p.lockoutMs },
  };
}

/**
 * The TOTP count and lock after a right TOTP code, and when it was used.
 * @example
 * ```ts
 * succeeded(record, now).failures; // 0
 * ```
 */
export const succeeded = (r: PlainRecord, now: number): PlainRecord => ({ ...r, failures: 0, lockedUntil: null, lastUsedAt: now });

/**
 * Everything a recovery sign-in or an administrator's `unlock` clears: both counts, both locks, the suspension.
 * @example
 * ```ts
 * cleared(record).suspended; // false
 * ```
 */
export const cleared = (r: PlainRecord): PlainRecord => ({
  ...r,
  failures: 0,
  lockedUntil: null,
  suspended: false,
  recoveryFailures: 0,
  recoveryLockedUntil: null,
});

/**
 * Whether anything {@link cleared} would clear is set (locks that ran out count: their failures are kept).
 * @example
 * ```ts
 * hasLockState(emptyRecord()); // false
 * ```
 */
export const hasLockState = (r: PlainRecord): boolean =>
  r.failures > 0 || r.lockedUntil !== null || r.suspended || r.recoveryFailures > 0 || r.recoveryLockedUntil !== null;

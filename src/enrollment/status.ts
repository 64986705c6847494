/**
 * What `status` and `statusMany` report about one user, computed from a parsed record at `now`. Pure.
 * @module
 */
import type { MfaStatus } from './mfa.js';
import type { MfaPolicy } from './policy.js';
import { type MfaRecord, stateOf } from './record.js';

/**
 * The status of a user whose record is `r` (or none) at `now`: never a secret. An expired pairing reads
 * as none; locks that ran out read as unlocked (their failures are kept).
 * @example
 * ```ts
 * statusOf(null, Date.now(), resolvePolicy()).state; // 'disabled'
 * ```
 */
export function statusOf(r: MfaRecord | null, now: number, policy: MfaPolicy): MfaStatus {
  const pending = r?.pending && now < r.pending.expiresAt ? r.pending : null;
  const active = r?.active ?? null;
  const lockedUntil = active && r!.lockedUntil !== null && now < r!.lockedUntil ? r!.lockedUntil : null;
  return {
    state: stateOf(r && (active || pending) ? { ...r, pending } : null),
    pending: pending
      ? {
          expiresAt: pending.expiresAt,
          verified: pending.verifiedStep !== null,
          attemptsLeft: Math.max(0, policy.maxPairingAttempts - pending.attempts),
        }
      : null,
    enabledAt: active?.enabledAt ?? null,
    lastUsedAt: active ? r!.lastUsedAt : null,
    failures: active ? r!.failures : 0,
    locked: lockedUntil !== null,
    lockedUntil,
    suspended: active !== null && r!.suspended,
    recoveryFailures: active ? r!.recoveryFailures : 0,
    recoveryLockedUntil: active && r!.recoveryLockedUntil !== null && now < r!.recoveryLockedUntil ? r!.recoveryLockedUntil : null,
    drift: active?.drift ?? null,
    recoveryCodesLeft: active ? r!.recovery.length : 0,
  };
}

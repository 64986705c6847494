/**
 * What each service call answers. One style for every method: a refusal the caller should act on is a
 * result `{ ok: false, reason }`, never an exception. Exceptions are for programmer errors
 * (`INVALID_OPTION`) and for infrastructure (`STORE_UNAVAILABLE`, `DECRYPT_FAILED`, `INVALID_RECORD`).
 * `busy` means every compare-and-set write lost to concurrent writers: nothing was changed, try again.
 * @module
 */
import type { MfaState } from './record.js';
import type { TenantPolicy } from './tenant-policy.js';

export type { SignInRequirement, TenantPolicy } from './tenant-policy.js';

/** The TOTP factor is locked after too many wrong codes; try again after `retryAfterMs`. */
export type Locked = { ok: false; reason: 'locked'; retryAfterMs: number };
/** The TOTP factor is suspended at `policy.suspendAfterFailures`, until `unlock` or a recovery sign-in. */
export type Suspended = { ok: false; reason: 'suspended' };

/** Result of `beginEnrollment`: the secret and its otpauth URI, to show once. */
export type BeginEnrollmentResult =
  | { ok: true; secret: string; uri: string; expiresAt: number }
  | { ok: false; reason: 'busy' };

/**
 * Result of `verifyPairing`. A `mismatch` says how many wrong pairs are left before the pairing is
 * voided (`too-many-attempts`); `malformed` and `not-consecutive` are not counted.
 */
export type PairingResult =
  | { ok: true; state: 'verified' }
  | { ok: false; reason: 'mismatch'; attemptsLeft: number }
  | { ok: false; reason: 'malformed' | 'not-consecutive' | 'expired' | 'too-many-attempts' | 'no-pending' | 'busy' };

/** Result of `enable`. */
export type EnableResult = { ok: true; state: 'enabled' } | { ok: false; reason: 'not-verified' | 'expired' | 'busy' };

/** Result of `disable`. */
export type DisableResult = { ok: true; state: 'disabled' } | { ok: false; reason: 'busy' };

/** Result of `verify`. A wrong code that reaches the limit carries `retryAfterMs` (locked) or suspends. */
export type SignInResult =
  | { ok: true; delta: number }
  | { ok: false; reason: 'malformed' | 'mismatch' | 'replayed' | 'not-enabled' | 'busy'; retryAfterMs?: number }
  | Locked
  | Suspended;

/** Result of `resync`. `not-consecutive` only when both submissions are the same text. */
export type ResyncResult =
  | { ok: true; delta: number }
  | {
      ok: false;
      reason: 'malformed' | 'mismatch' | 'not-consecutive' | 'replayed' | 'not-enabled' | 'busy';
      retryAfterMs?: number;
    }
  | Locked
  | Suspended;

/** Result of `generateRecoveryCodes`: the new codes in plaintext, to show once. */
export type RecoveryCodesResult = { ok: true; codes: string[] } | { ok: false; reason: 'not-enabled' | 'busy' };

/**
 * Result of `useRecoveryCode`. `locked` here is the recovery codes' own lock (`policy.maxRecoveryFailures`),
 * never the TOTP lock: recovery codes work while TOTP is locked or suspended.
 */
export type RecoveryResult =
  | { ok: true; remaining: number }
  | { ok: false; reason: 'malformed' | 'mismatch' | 'not-enabled' | 'busy'; retryAfterMs?: number }
  | Locked;

/** Result of `cancelEnrollment`: the state left, `enabled` when a rotation was cancelled. */
export type CancelEnrollmentResult = { ok: true; state: 'disabled' | 'enabled' } | { ok: false; reason: 'no-pending' | 'busy' };

/** Result of `unlock`: the lock, the suspension and both failure counts are cleared; the factor stays. */
export type UnlockResult = { ok: true; state: 'enabled' } | { ok: false; reason: 'not-enabled' | 'busy' };

/** Result of `setTenantPolicy`: the policy now in force; `changed` is false when it was already so (nothing written). */
export type SetTenantPolicyResult = { ok: true; policy: TenantPolicy; changed: boolean } | { ok: false; reason: 'busy' };

/** One user of a tenant summary. Never a secret. */
export interface TenantMember {
  userId: string;
  state: MfaState;
  /** The TOTP factor is locked now (`lockedUntil` in the future). */
  locked: boolean;
  /** When the current TOTP lock ends, or null. */
  lockedUntil: number | null;
  /** TOTP refused until `unlock` or a recovery sign-in. */
  suspended: boolean;
  /** When the enabled factor was enabled, or null. */
  enabledAt: number | null;
  /** When the factor last accepted a code (as `status` reports it), or null. */
  lastUsedAt: number | null;
}

/**
 * Result of `tenantSummary`. `counts` cover every member; `users` is one page, in ascending code-unit
 * order of user id; pass `cursor` back for the next page (`null`: this was the last).
 * `pending` counts pairings in progress (`pending` and `verified`); `locked` and `suspended` count enabled
 * users among `enabled`, so `enabled + pending + disabled === total`.
 */
export interface TenantSummary {
  policy: TenantPolicy;
  counts: { total: number; enabled: number; pending: number; disabled: number; locked: number; suspended: number };
  users: TenantMember[];
  cursor: string | null;
}

/**
 * Result of `importFactor`. `exists`: the user already has an enabled factor or a pending enrollment and
 * `replace` was not set; nothing was changed.
 */
export type ImportFactorResult = { ok: true; state: 'enabled' } | { ok: false; reason: 'exists' | 'busy' };

/**
 * The shape of the service: {@link Mfa}, the options of `createMfa` and what `status` reports.
 * @module
 */
import type { MAX_GET_MANY, MfaStore } from '../storage/types.js';
import type { SecretCipher } from './cipher.js';
import type { MfaEvent } from './events.js';
import type { MfaPolicy } from './policy.js';
import type { CodeParams, MfaState } from './record.js';
import type {
  BeginEnrollmentResult,
  CancelEnrollmentResult,
  DisableResult,
  EnableResult,
  PairingResult,
  RecoveryCodesResult,
  RecoveryResult,
  ResyncResult,
  SignInResult,
  UnlockResult,
} from './results.js';

/** Options of `createMfa`. */
export interface CreateMfaOptions {
  /** Where records live: `memoryStore()` or an adapter from `totp-enroll/storage/*`. */
  store: MfaStore;
  /** The service name authenticator apps show (otpauth `issuer`). */
  issuer: string;
  /** The clock, Unix ms; default `Date.now`. Inject it in tests. */
  now?: () => number;
  /** Code parameters for new enrollments; default SHA1, 6 digits, 30 s (the only ones every app honours). */
  totp?: Partial<CodeParams>;
  /** Limits; see {@link MfaPolicy} for the defaults. */
  policy?: Partial<MfaPolicy>;
  /** Encrypts secrets at rest, e.g. `aesGcmCipher(...)`. Without it secrets are stored as base32. */
  cipher?: SecretCipher;
  /** Receives audit events after their change was written. Must not throw (errors are ignored). */
  onEvent?: (event: MfaEvent) => void;
}

/** Who performs a call, for the audit events. */
export interface ActorOption {
  actor?: string;
}

/** What `status` reports. Never a secret. */
export interface MfaStatus {
  state: MfaState;
  /**
   * A pairing waiting for codes (or, once verified, for Enable); beside an enabled factor during rotation.
   * `attemptsLeft`: wrong pairs left before the pairing is voided.
   */
  pending: { expiresAt: number; verified: boolean; attemptsLeft: number } | null;
  /** When the enabled factor was enabled (or imported), Unix ms; null without one. */
  enabledAt: number | null;
  /** When a TOTP code or a recovery code last signed the user in, Unix ms; null if never (or no factor). */
  lastUsedAt: number | null;
  /** Consecutive wrong TOTP codes; they survive an expired lock (only a success resets them). */
  failures: number;
  /** True while a TOTP lock is running (`lockedUntil` is set); see also `suspended`. */
  locked: boolean;
  /** When the current TOTP lock ends, or null. */
  lockedUntil: number | null;
  /** True at `policy.suspendAfterFailures`: TOTP is refused until `unlock` or a recovery sign-in. */
  suspended: boolean;
  /** Consecutive wrong recovery codes, counted apart from TOTP. */
  recoveryFailures: number;
  /** When the current lock of recovery codes ends, or null. */
  recoveryLockedUntil: number | null;
  /** Drift of the enabled factor, in steps. */
  drift: number | null;
  recoveryCodesLeft: number;
}

/**
 * The enrollment and sign-in service. Every method answers a result, `{ ok: true, ... }` or
 * `{ ok: false, reason }`, for anything the caller should act on (see `results.ts`); it throws only
 * `OtpError` for programmer errors (`INVALID_OPTION`) and infrastructure (`STORE_UNAVAILABLE`,
 * `DECRYPT_FAILED`, `INVALID_RECORD`).
 * @example
 * ```ts
 * const mfa: Mfa = createMfa({ store: memoryStore(), issuer: 'Acme' });
 * const r = await mfa.verify('u1', '123456'); // { ok: false, reason: 'not-enabled' }
 * ```
 */
export interface Mfa {
  /**
   * Seed step 6 (Enable): issues a fresh secret and its otpauth URI (show it as a QR code). Restarts a
   * pending enrollment; beside an enabled factor it starts a rotation (the old secret works until Enable).
   */
  beginEnrollment(userId: string, options: { accountName: string } & ActorOption): Promise<BeginEnrollmentResult>;
  /** Seed steps 8-10: the code shown now and the next one (steps s and s+1). */
  verifyPairing(userId: string, code1: string, code2: string, options?: ActorOption): Promise<PairingResult>;
  /** Seed step 11: a verified pairing becomes the enabled factor (replacing the old one in a rotation). */
  enable(userId: string, options?: ActorOption): Promise<EnableResult>;
  /** Removes the factor, any pending enrollment, recovery codes and counters; needs no key and no readable record. */
  disable(userId: string, options?: ActorOption): Promise<DisableResult>;
  /** Sign-in: checks a code once, inside the window centred on the stored drift. */
  verify(userId: string, code: string, options?: ActorOption): Promise<SignInResult>;
  /** Re-measures drift from two consecutive codes searched over a wide window (`policy.resyncWindow`). */
  resync(userId: string, code1: string, code2: string, options?: ActorOption): Promise<ResyncResult>;
  /** Replaces the user's recovery codes with new ones and returns them in plaintext, to show once. */
  generateRecoveryCodes(userId: string, options?: { count?: number } & ActorOption): Promise<RecoveryCodesResult>;
  /** Signs in with a recovery code, consuming it. Works while TOTP is locked or suspended, and clears both. */
  useRecoveryCode(userId: string, code: string, options?: ActorOption): Promise<RecoveryResult>;
  /** For an administrator: clears a lock or suspension and both failure counts; keeps the factor. */
  unlock(userId: string, options?: ActorOption): Promise<UnlockResult>;
  /** Cancels a pending pairing (a first enrollment or a rotation); an enabled factor stays. Needs no key. */
  cancelEnrollment(userId: string, options?: ActorOption): Promise<CancelEnrollmentResult>;
  /** The user's MFA state for display and decisions. Never contains a secret. */
  status(userId: string): Promise<MfaStatus>;
  /**
   * The statuses of up to {@link MAX_GET_MANY} users, in the order asked, in one store round-trip when the
   * store has `getMany` (`IN (...)`, `MGET`, a pipeline), else one read per user in parallel.
   */
  statusMany(userIds: readonly string[]): Promise<MfaStatus[]>;
}

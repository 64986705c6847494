/**
 * The shape of the service: {@link Mfa}, the options of `createMfa` and what `status` reports.
 * @module
 */
import type { MAX_GET_MANY, MfaStore } from '../storage/types.js';
import type { SecretCipher } from './cipher.js';
import type { MfaEvent } from './events.js';
import type { MfaPolicy } from './policy.js';
import type { Algorithm, Digits } from '../params.js';
import type { CodeParams, MfaState } from './record.js';
import type {
  BeginEnrollmentResult,
  CancelEnrollmentResult,
  DisableResult,
  EnableResult,
  ImportFactorResult,
  PairingResult,
  RecoveryCodesResult,
  RecoveryResult,
  ResyncResult,
  SetTenantPolicyResult,
  SignInRequirement,
  SignInResult,
  TenantPolicy,
  TenantSummary,
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
  /**
   * With a `cipher`: also open records whose secrets are still stored as base32 text (written before
   * encryption was turned on) instead of failing with `DECRYPT_FAILED`, and seal them on their next write.
   * Default false. For the migration window only: run `migrateSecrets`, then turn it off, because while it
   * is on, someone who can write to the store can plant a plaintext secret the cipher would have refused.
   * Ignored without a cipher.
   */
  acceptPlaintext?: boolean;
  /** Receives audit events after their change was written. Must not throw (errors are ignored). */
  onEvent?: (event: MfaEvent) => void;
}

/** Who performs a call, for the audit events. */
export interface ActorOption {
  actor?: string;
}

/** An existing authenticator's secret and parameters, for `importFactor`. */
export interface ImportedFactor {
  /** The key: base32 text (any case, spaces and `-` between groups, trailing `=`) or the raw bytes. */
  secret: string | Uint8Array;
  /** Default `'SHA1'`: what an otpauth URI without `algorithm` means, and what the app was set up with. */
  algorithm?: Algorithm;
  /** Default 6. */
  digits?: Digits;
  /** Seconds; default 30. */
  period?: number;
  /**
   * The last time step (`floor(unixSeconds / period)`) the old system accepted a code for: codes of that
   * step or earlier are `replayed` here. Default: the current step at import, so a code just used on the
   * old system cannot be used again here (a user signing in within the same step waits for the next code).
   * An integer from 0 to the current step + 10; `null` (not known) means the default.
   */
  lastStep?: number | null;
}

/** Options of `importFactor`. */
export interface ImportFactorOptions extends ActorOption {
  /**
   * Replace an enabled factor or a pending enrollment. Replacing is `disable` followed by the import, in one
   * write: the old factor, the pending enrollment, the failure counts, locks, suspension and the recovery
   * codes all go (recovery codes belonged to the old factor; issue new ones with `generateRecoveryCodes`).
   */
  replace?: boolean;
  /**
   * Shortest key accepted, in bytes; default 16 (RFC 4226 §4 requires 128 bits). Pass 10 to import the
   * 80-bit keys of otplib 12, speakeasy and old libpam-google-authenticator; lower is refused. The factor
   * remembers a short key's length, so its sign-ins accept exactly that key while new enrollments still
   * need 16 bytes.
   */
  minSecretBytes?: number;
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
  /**
   * Cancels a pending pairing (a first enrollment or a rotation); an enabled factor stays. Needs no key. A pairing
   * that has run out is not waiting (`status` shows none): `no-pending`, and it is cleared with `enrollment.expired`.
   */
  cancelEnrollment(userId: string, options?: ActorOption): Promise<CancelEnrollmentResult>;
  /**
   * Brings an existing authenticator in (a user of otplib, speakeasy or another system): creates an enabled
   * factor from its secret without pairing, sealed by the cipher when one is configured, with no recovery
   * codes. Refuses (`exists`) a user with an enabled factor or a pending enrollment unless `replace` is set.
   * Emits `factor.imported`.
   * @throws OtpError `INVALID_SECRET` for a secret that is not strict base32 or is shorter than
   * `minSecretBytes`; `INVALID_OPTION` for bad parameters or options (as a rejected promise).
   * @example
   * ```ts
   * for (const u of legacyUsers) {
   *   await mfa.importFactor(u.id, { secret: u.totpSecret }, { minSecretBytes: 10, actor: 'migration' });
   * }
   * ```
   */
  importFactor(userId: string, factor: ImportedFactor, options?: ImportFactorOptions): Promise<ImportFactorResult>;
  /** The user's MFA state for display and decisions. Never contains a secret. */
  status(userId: string): Promise<MfaStatus>;
  /**
   * The statuses of up to {@link MAX_GET_MANY} users, in the order asked, in one store round-trip when the
   * store has `getMany` (`IN (...)`, `MGET`, a pipeline), else one read per user in parallel.
   */
  statusMany(userIds: readonly string[]): Promise<MfaStatus[]>;
  /**
   * Organisation-wide MFA: requires MFA of every user of a tenant (or stops requiring it), optionally with a
   * grace: until `graceUntil` (Unix ms, exclusive) a user without MFA may still sign in and is asked to enrol.
   * `required: false` clears the grace (giving `graceUntil` with it is an error). Stored through the service's
   * store at `'\uFDD0tenant:' + tenantId` with compare-and-set; a written change sends `tenant.policy-set`
   * (with `tenantId`, the new `required` and `graceUntil`); setting the policy in force writes and sends nothing.
   * @throws OtpError `INVALID_OPTION` for a bad tenant id (the user-id rules, at most 504 characters) or policy,
   * including an unknown field (a misspelt `graceUntil` must not silently mean "no grace").
   * @example
   * ```ts
   * await mfa.setTenantPolicy('acme', { required: true, graceUntil: Date.parse('2027-01-31T00:00Z') }, { actor: admin.id });
   * // { ok: true, policy: { required: true, graceUntil: 1801353600000, updatedAt, updatedBy: 'admin-1' }, changed: true }
   * ```
   */
  setTenantPolicy(tenantId: string, policy: { required: boolean; graceUntil?: number | null }, options?: ActorOption): Promise<SetTenantPolicyResult>;
  /**
   * A tenant's policy; `{ required: false, graceUntil: null, updatedAt: null, updatedBy: null }` for a tenant never configured.
   * @example
   * ```ts
   * (await mfa.tenantPolicy('acme')).required; // false until setTenantPolicy
   * ```
   */
  tenantPolicy(tenantId: string): Promise<TenantPolicy>;
  /**
   * What the sign-in needs after the password, from the user's MFA and the tenant's policy (one round-trip
   * with `getMany`). Pass `null` for a user in no tenant (`undefined` is refused, so a forgotten tenant
   * cannot silently mean "no policy"). Switch on `need` exhaustively, denying by default: `code` (the user has
   * MFA, also while locked or suspended: ask for a code or a recovery code), `enroll-now` (no session until
   * enrolled), `enroll-by` (let in, ask to enrol before `graceUntil`), `none` (the password suffices).
   * A `pending` or `verified` user has no MFA yet: under a requiring tenant they must finish enrolling.
   * @example
   * ```ts
   * const req = await mfa.signInRequirement(user.id, user.tenantId);
   * switch (req.need) {
   *   case 'code': return askForCode();
   *   case 'enroll-now': return forceEnrollment();
   *   case 'enroll-by': return signInAndRemind(req.graceUntil);
   *   case 'none': return signIn();
   * }
   * ```
   */
  signInRequirement(userId: string, tenantId: string | null): Promise<SignInRequirement>;
  /**
   * Counts a tenant's users by MFA state and returns one page of them (ascending user id; `limit` 1 to 1000,
   * default 50; pass `cursor` back). `members` is the app's list of the tenant's user ids (an array or async
   * iterable); without it (left out; `members: undefined` is refused) the whole store is the tenant
   * (single-tenant apps), walked with `store.list`
   * (skipping the library's own records). Every call reads every member, for the counts.
   * @throws OtpError `INVALID_OPTION` for bad options (an unknown one too: a misspelt `members` must not make the
   * whole store the tenant), or without `members` on a store that cannot `list`.
   * @example
   * ```ts
   * const s = await mfa.tenantSummary('acme', { members: await db.userIdsOf('acme') });
   * // { policy, counts: { total, enabled, pending, disabled, locked, suspended }, users: [{ userId, state, ... }], cursor }
   * ```
   */
  tenantSummary(
    tenantId: string,
    options?: { members?: Iterable<string> | AsyncIterable<string>; cursor?: string | null; limit?: number },
  ): Promise<TenantSummary>;
}

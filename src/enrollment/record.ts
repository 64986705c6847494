/**
 * The MFA record of one user: its stored JSON form (`schema: 1`), its parsed form and the validation
 * between them. A parsed record has every field as an own property (absent ones are `null`), so a
 * field inherited from a polluted `Object.prototype` is never read as a record field.
 * @module
 */
import { OtpError } from '../errors.js';
import { type Algorithm, type Digits, isAlgorithm, isDigits, isPeriod } from '../params.js';
import { MIN_SECRET_BYTES } from '../secret.js';

/**
 * The shortest key `importFactor` accepts, and only with an explicit `minSecretBytes`: 10 bytes (80 bits),
 * the legacy default of otplib 12, speakeasy and libpam-google-authenticator. RFC 4226 §4 requires 128 bits.
 * @example
 * ```ts
 * await mfa.importFactor('u1', { secret: legacy }, { minSecretBytes: MIN_LEGACY_SECRET_BYTES });
 * ```
 */
export const MIN_LEGACY_SECRET_BYTES = 10;

/**
 * A secret encrypted by a {@link SecretCipher}: key id, IV and ciphertext (base64url). `v: 2` marks an
 * envelope bound to its user and factor; envelopes without `v` (0.1.0) are bound to the user only.
 */
export interface SecretEnvelope {
  kid: string;
  iv: string;
  ct: string;
  v?: 2;
}

/** A stored secret: base32 text without a cipher, an envelope with one. */
export type StoredSecret = string | SecretEnvelope;

/** The code parameters of one authenticator. */
export interface CodeParams {
  algorithm: Algorithm;
  digits: Digits;
  period: number;
}

/** The enabled factor, used at sign-in. */
export interface ActiveFactor<S = StoredSecret> extends CodeParams {
  secret: S;
  /** The last time step accepted (RFC 6238 §5.2): codes at or before it are replays. */
  lastStep: number;
  /** Measured clock drift in steps (RFC 6238 §6); the window is centred on it. */
  drift: number;
  enabledAt: number;
  /**
   * Only on a factor imported with a legacy key shorter than 16 bytes: that key's length
   * ({@link MIN_LEGACY_SECRET_BYTES} to 15), accepted at import through an explicit `minSecretBytes`.
   * Sign-in requires the key to be at least this long; every other factor needs 16 bytes.
   */
  minSecretBytes?: number;
}

/** A pairing in progress: a secret shown to the user but not yet enabled. */
export interface PendingFactor<S = StoredSecret> extends CodeParams {
  secret: S;
  createdAt: number;
  expiresAt: number;
  /** Wrong pairing attempts so far. */
  attempts: number;
  /** Set once two consecutive codes were accepted: the step of the second code. */
  verifiedStep: number | null;
  /** The drift measured at pairing, with `verifiedStep`. */
  drift: number | null;
}

/** The parsed record of one user (`S` = stored secret, or base32 text as the machine sees it). */
export interface MfaRecord<S = StoredSecret> {
  schema: 1;
  active: ActiveFactor<S> | null;
  pending: PendingFactor<S> | null;
  /** Consecutive failed TOTP attempts (sign-in and resync). */
  failures: number;
  /** While `now < lockedUntil` every TOTP attempt is refused. */
  lockedUntil: number | null;
  /** Set at `policy.suspendAfterFailures`: TOTP is refused until an unlock or a recovery sign-in. */
  suspended: boolean;
  /** Consecutive wrong recovery codes, counted apart from TOTP failures. */
  recoveryFailures: number;
  /** While `now < recoveryLockedUntil` recovery codes are refused. */
  recoveryLockedUntil: number | null;
  /** SHA-256 hashes (hex) of the unused recovery codes. */
  recovery: string[];
  /** When a code or recovery code last signed the user in (Unix ms), or null. */
  lastUsedAt: number | null;
}

/** The record with plaintext base32 secrets, as the pure machine works on it. */
export type PlainRecord = MfaRecord<string>;

/** The four states of the life cycle (an enabled factor may also have a pending rotation beside it). */
export type MfaState = 'disabled' | 'pending' | 'verified' | 'enabled';

/**
 * An empty record (no factor): the start of an enrollment.
 * @example
 * ```ts
 * const r = { ...emptyRecord(), failures: 3 };
 * ```
 */
export function emptyRecord<S = StoredSecret>(): MfaRecord<S> {
  return {
    schema: 1,
    active: null,
    pending: null,
    failures: 0,
    lockedUntil: null,
    suspended: false,
    recoveryFailures: 0,
    recoveryLockedUntil: null,
    recovery: [],
    lastUsedAt: null,
  };
}

/**
 * The state a record is in.
 * @example
 * ```ts
 * stateOf(null); // 'disabled'
 * ```
 */
export function stateOf(record: MfaRecord<unknown> | null): MfaState {
  if (record?.active) return 'enabled';
  if (record?.pending) return record.pending.verifiedStep === null ? 'pending' : 'verified';
  return 'disabled';
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v);
/** Reads an own property only: inherited (possibly polluted) fields read as absent. */
const own = (o: Record<string, unknown>, key: string): unknown => (Object.hasOwn(o, key) ? o[key] : undefined);
const bad = (field: string): never => {
  throw new OtpError('INVALID_RECORD', `stored MFA record has an invalid ${field}`, { field });
};
const HASH = /^[0-9a-f]{64}$/;

function checkSecret(v: unknown, field: string): StoredSecret {
  if (typeof v === 'string' && v.length > 0) return v;
  if (isObject(v)) {
    const kid = own(v, 'kid');
    const iv = own(v, 'iv');
    const ct = own(v, 'ct');
    const version = own(v, 'v');
    if (typeof kid === 'string' && typeof iv === 'string' && typeof ct === 'string' && (version === undefined || version === 2)) {
      return version === 2 ? { kid, iv, ct, v: 2 } : { kid, iv, ct };
    }
  }
  return bad(field);
}

function checkParams(v: Record<string, unknown>, field: string): CodeParams {
  const algorithm = own(v, 'algorithm');
  const digits = own(v, 'digits');
  const period = own(v, 'period');
  if (!isAlgorithm(algorithm)) bad(`${field}.algorithm`);
  if (!isDigits(digits)) bad(`${field}.digits`);
  if (!isPeriod(period)) bad(`${field}.period`);
  return { algorithm, digits, period } as CodeParams;
}

const ANY = 9_007_199_254_740_991; // Number.MAX_SAFE_INTEGER, as a literal so bundlers can drop it

function int(v: Record<string, unknown>, key: string, field: string, min = -ANY, max = ANY): number {
  const n = own(v, key);
  return isInt(n) && n >= min && n <= max ? n : bad(field);
}

function optionalInt(v: Record<string, unknown>, key: string, field: string, min = -ANY, max = ANY): number | null {
  return own(v, key) === undefined ? null : int(v, key, field, min, max);
}

function checkActive(v: unknown): ActiveFactor {
  if (!isObject(v)) return bad('active');
  const active: ActiveFactor = {
    secret: checkSecret(own(v, 'secret'), 'active.secret'),
    ...checkParams(v, 'active'),
    lastStep: int(v, 'lastStep', 'active.lastStep', -1),
    drift: int(v, 'drift', 'active.drift', -100, 100),
    enabledAt: int(v, 'enabledAt', 'active.enabledAt'),
  };
  if (own(v, 'minSecretBytes') !== undefined) {
    active.minSecretBytes = int(v, 'minSecretBytes', 'active.minSecretBytes', MIN_LEGACY_SECRET_BYTES, MIN_SECRET_BYTES - 1);
  }
  return active;
}

/**
 * The shortest key a factor's sign-in accepts: 16 bytes, or the legacy length recorded at import
 * (an own property only, so a polluted `Object.prototype` cannot lower it).
 * @example
 * ```ts
 * verifyTotp(active.secret, code, { minSecretBytes: secretFloorOf(active) });
 * ```
 */
export function secretFloorOf(active: ActiveFactor<unknown>): number {
  return Object.hasOwn(active, 'minSecretBytes') && typeof active.minSecretBytes === 'number' ? active.minSecretBytes : MIN_SECRET_BYTES;
}

function checkPending(v: unknown): PendingFactor {
  if (!isObject(v)) return bad('pending');
  const verifiedStep = optionalInt(v, 'verifiedStep', 'pending.verifiedStep', 0);
  const drift = optionalInt(v, 'drift', 'pending.drift', -100, 100);
  if ((verifiedStep === null) !== (drift === null)) bad(verifiedStep === null ? 'pending.verifiedStep' : 'pending.drift');
  return {
    secret: checkSecret(own(v, 'secret'), 'pending.secret'),
    ...checkParams(v, 'pending'),
    createdAt: int(v, 'createdAt', 'pending.createdAt'),
    expiresAt: int(v, 'expiresAt', 'pending.expiresAt'),
    attempts: int(v, 'attempts', 'pending.attempts', 0),
    verifiedStep,
    drift,
  };
}

/**
 * Validates a record read from a store (own properties only) and returns a parsed record with only
 * the known fields, each present as an own property. Fields added after 0.1.0 (`suspended`,
 * `recoveryFailures`, `recoveryLockedUntil`, `lastUsedAt`) default to their empty values.
 *
 * @throws OtpError `INVALID_RECORD` naming the field at fault (never its value).
 * @example
 * ```ts
 * parseRecord({ schema: 1, failures: 0, recovery: [] }).active; // null: a disabled record
 * ```
 */
export function parseRecord(value: unknown): MfaRecord {
  if (!isObject(value)) return bad('record');
  if (own(value, 'schema') !== 1) bad('schema');
  const recovery = own(value, 'recovery');
  if (!Array.isArray(recovery)) bad('recovery');
  for (const h of recovery as unknown[]) if (typeof h !== 'string' || !HASH.test(h)) bad('recovery');
  const suspended = own(value, 'suspended');
  if (suspended !== undefined && suspended !== true) bad('suspended');
  const active = own(value, 'active');
  const pending = own(value, 'pending');
  return {
    schema: 1,
    active: active === undefined ? null : checkActive(active),
    pending: pending === undefined ? null : checkPending(pending),
    failures: int(value, 'failures', 'failures', 0),
    lockedUntil: optionalInt(value, 'lockedUntil', 'lockedUntil'),
    suspended: suspended === true,
    recoveryFailures: own(value, 'recoveryFailures') === undefined ? 0 : int(value, 'recoveryFailures', 'recoveryFailures', 0),
    recoveryLockedUntil: optionalInt(value, 'recoveryLockedUntil', 'recoveryLockedUntil'),
    recovery: (recovery as string[]).slice(),
    lastUsedAt: optionalInt(value, 'lastUsedAt', 'lastUsedAt', 0),
  };
}

type JsonObject = { [key: string]: unknown };

/**
 * The stored JSON form of a parsed record: absent fields are left out, so a record without the
 * fields added after 0.1.0 reads exactly as 0.1.0 wrote it.
 * @example
 * ```ts
 * recordToJson(emptyRecord()); // { schema: 1, failures: 0, recovery: [] }
 * ```
 */
export function recordToJson(r: MfaRecord): JsonObject {
  const out: JsonObject = { schema: 1, failures: r.failures, recovery: r.recovery };
  if (r.lockedUntil !== null) out['lockedUntil'] = r.lockedUntil;
  if (r.suspended) out['suspended'] = true;
  if (r.recoveryFailures !== 0) out['recoveryFailures'] = r.recoveryFailures;
  if (r.recoveryLockedUntil !== null) out['recoveryLockedUntil'] = r.recoveryLockedUntil;
  if (r.lastUsedAt !== null) out['lastUsedAt'] = r.lastUsedAt;
  if (r.active) out['active'] = r.active; // the machine never modifies a factor in place
  if (r.pending) {
    const { verifiedStep, drift, ...rest } = r.pending;
    out['pending'] = verifiedStep === null ? rest : { ...rest, verifiedStep, drift };
  }
  return out;
}

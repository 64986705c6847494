/**
 * The stored MFA record: one plain JSON document per user, `schema: 1`, and its validation.
 * @module
 */
import { OtpError } from '../errors.js';
import type { Algorithm, Digits } from '../hotp.js';

/** A secret encrypted by a {@link SecretCipher}: key id, IV and ciphertext (base64url). */
export interface SecretEnvelope {
  kid: string;
  iv: string;
  ct: string;
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
}

/** A pairing in progress: a secret shown to the user but not yet enabled. */
export interface PendingFactor<S = StoredSecret> extends CodeParams {
  secret: S;
  createdAt: number;
  expiresAt: number;
  /** Wrong pairing attempts so far. */
  attempts: number;
  /** Set once two consecutive codes were accepted: the step of the second code. */
  verifiedStep?: number;
  /** The drift measured at pairing, with `verifiedStep`. */
  drift?: number;
}

/** The record of one user, as stored (`S` = stored secret) or as the machine sees it (`S` = base32). */
export interface MfaRecord<S = StoredSecret> {
  schema: 1;
  active?: ActiveFactor<S>;
  pending?: PendingFactor<S>;
  /** Consecutive failed sign-in and recovery attempts. */
  failures: number;
  /** While `now < lockedUntil` every sign-in attempt is refused. */
  lockedUntil?: number;
  /** SHA-256 hashes (hex) of the unused recovery codes. */
  recovery: string[];
}

/** The record with plaintext base32 secrets, as the pure machine works on it. */
export type PlainRecord = MfaRecord<string>;

/** The four states of the life cycle (an enabled factor may also have a pending rotation beside it). */
export type MfaState = 'disabled' | 'pending' | 'verified' | 'enabled';

/**
 * The state a record is in.
 * @example
 * ```ts
 * stateOf(null); // 'disabled'
 * ```
 */
export function stateOf(record: MfaRecord<unknown> | null): MfaState {
  if (record?.active) return 'enabled';
  if (record?.pending) return record.pending.verifiedStep === undefined ? 'pending' : 'verified';
  return 'disabled';
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v);
const bad = (field: string): never => {
  throw new OtpError('INVALID_RECORD', `stored MFA record has an invalid ${field}`, { field });
};

function checkSecret(v: unknown, field: string): StoredSecret {
  if (typeof v === 'string' && v.length > 0) return v;
  if (isObject(v) && typeof v['kid'] === 'string' && typeof v['iv'] === 'string' && typeof v['ct'] === 'string') {
    return { kid: v['kid'], iv: v['iv'], ct: v['ct'] };
  }
  return bad(field);
}

function checkParams(v: Record<string, unknown>, field: string): CodeParams {
  const { algorithm, digits, period } = v;
  if (algorithm !== 'SHA1' && algorithm !== 'SHA256' && algorithm !== 'SHA512') bad(`${field}.algorithm`);
  if (digits !== 6 && digits !== 7 && digits !== 8) bad(`${field}.digits`);
  if (!isInt(period) || period < 1 || period > 120) bad(`${field}.period`);
  return { algorithm, digits, period } as CodeParams;
}

function checkActive(v: unknown): ActiveFactor {
  if (!isObject(v)) return bad('active');
  const { lastStep, drift, enabledAt } = v;
  if (!isInt(lastStep) || lastStep < -1) bad('active.lastStep');
  if (!isInt(drift) || Math.abs(drift) > 100) bad('active.drift');
  if (!isInt(enabledAt)) bad('active.enabledAt');
  return {
    secret: checkSecret(v['secret'], 'active.secret'),
    ...checkParams(v, 'active'),
    lastStep: lastStep as number,
    drift: drift as number,
    enabledAt: enabledAt as number,
  };
}

function checkPending(v: unknown): PendingFactor {
  if (!isObject(v)) return bad('pending');
  const { createdAt, expiresAt, attempts, verifiedStep, drift } = v;
  if (!isInt(createdAt)) bad('pending.createdAt');
  if (!isInt(expiresAt)) bad('pending.expiresAt');
  if (!isInt(attempts) || attempts < 0) bad('pending.attempts');
  const pending: PendingFactor = {
    secret: checkSecret(v['secret'], 'pending.secret'),
    ...checkParams(v, 'pending'),
    createdAt: createdAt as number,
    expiresAt: expiresAt as number,
    attempts: attempts as number,
  };
  if (verifiedStep !== undefined || drift !== undefined) {
    if (!isInt(verifiedStep) || verifiedStep < 0) bad('pending.verifiedStep');
    if (!isInt(drift) || Math.abs(drift) > 100) bad('pending.drift');
    pending.verifiedStep = verifiedStep as number;
    pending.drift = drift as number;
  }
  return pending;
}

/**
 * Validates a record read from a store and returns a clean copy with only the known fields.
 *
 * @throws OtpError `INVALID_RECORD` naming the field at fault (never its value).
 * @example
 * ```ts
 * parseRecord({ schema: 1, failures: 0, recovery: [] }); // a disabled record
 * ```
 */
export function parseRecord(value: unknown): MfaRecord {
  if (!isObject(value)) return bad('record');
  if (value['schema'] !== 1) bad('schema');
  const { failures, lockedUntil, recovery } = value;
  if (!isInt(failures) || failures < 0) bad('failures');
  if (lockedUntil !== undefined && !isInt(lockedUntil)) bad('lockedUntil');
  if (!Array.isArray(recovery) || !recovery.every((h) => typeof h === 'string' && /^[0-9a-f]{64}$/.test(h))) {
    bad('recovery');
  }
  const record: MfaRecord = { schema: 1, failures: failures as number, recovery: [...(recovery as string[])] };
  if (lockedUntil !== undefined) record.lockedUntil = lockedUntil as number;
  if (value['active'] !== undefined) record.active = checkActive(value['active']);
  if (value['pending'] !== undefined) record.pending = checkPending(value['pending']);
  return record;
}

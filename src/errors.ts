/**
 * The one error type of totp-enroll. Every programmer error, invalid input to a
 * parser and storage failure is an `OtpError` with a machine-readable `code`.
 * Messages name the offending field or option but never contain a secret, a
 * submitted code or a recovery code.
 * @module
 */

/** Every `code` an {@link OtpError} can carry. */
export type OtpErrorCode =
  /** A secret is not valid base32, is too short, or has the wrong type. */
  | 'INVALID_SECRET'
  /** An option (period, t0, digits, algorithm, window, now, counter, policy...) is out of range. */
  | 'INVALID_OPTION'
  /** An otpauth URI, or a parameter of one, is malformed; `field` names the parameter. */
  | 'INVALID_URI'
  /** Text given to the QR encoder cannot be encoded faithfully (non-ASCII, too long, bad level). */
  | 'INVALID_QR_CONTENT'
  /** The storage adapter threw or timed out; nothing was accepted. */
  | 'STORE_UNAVAILABLE'
  /** A stored record is not a record this version understands. */
  | 'INVALID_RECORD'
  /** A stored secret could not be decrypted (wrong key, wrong user, tampered). */
  | 'DECRYPT_FAILED'
  /** Every compare-and-set retry lost to concurrent writers; nothing was changed. */
  | 'BUSY'
  /** The user's MFA is not in a state that allows the call (e.g. recovery codes before Enable). */
  | 'INVALID_STATE';

/**
 * The error thrown by every function of totp-enroll.
 * @example
 * ```ts
 * import { OtpError, decodeSecret } from 'totp-enroll';
 * try {
 *   decodeSecret('not base32!');
 * } catch (e) {
 *   if (e instanceof OtpError && e.code === 'INVALID_SECRET') console.log(e.message);
 * }
 * ```
 */
export class OtpError extends Error {
  /** What went wrong, for programs. */
  readonly code: OtpErrorCode;
  /** The option, parameter or field at fault, when there is one. */
  readonly field: string | undefined;

  constructor(code: OtpErrorCode, message: string, options?: { field?: string; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'OtpError';
    this.code = code;
    this.field = options?.field;
  }
}

/** Throws `INVALID_OPTION` naming `field` unless `ok`. Internal helper. */
export function assertOption(ok: boolean, field: string, expectation: string): asserts ok {
  if (!ok) throw new OtpError('INVALID_OPTION', `${field} must be ${expectation}`, { field });
}

/**
 * Types shared by the otpauth URI builder, parser and compatibility linter.
 * @module
 */
import type { Algorithm, Digits } from '../params.js';

/** The two kinds of one-time password an otpauth URI can describe. */
export type OtpType = 'totp' | 'hotp';

/**
 * What {@link buildOtpauthUri} writes into an `otpauth://` URI.
 * @example
 * ```ts
 * import type { OtpauthParams } from 'totp-enroll';
 * const params: OtpauthParams = { secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', issuer: 'Acme', accountName: 'alice@example.com' };
 * ```
 */
export interface OtpauthParams {
  /** The shared key: base32 text (any case, spaces and padding allowed) or the raw bytes. */
  secret: string | Uint8Array;
  /** Who issued the key, shown by the app ("Acme"). Non-empty, no `:`. */
  issuer: string;
  /** Whose key it is, shown by the app ("alice@example.com"). Non-empty, no `:`. */
  accountName: string;
  /** HMAC hash; default `'SHA1'` (only written when different). */
  algorithm?: Algorithm;
  /** Code length; default 6 (only written when different). */
  digits?: Digits;
  /** TOTP period in seconds, 1 to 120; default 30 (only written when different). TOTP only. */
  period?: number;
  /** `'totp'` (default) or `'hotp'`. */
  type?: OtpType;
  /** HOTP only, and required for it: the next counter, a safe integer >= 0 or a bigint up to 2^64-1. */
  counter?: number | bigint;
}

/**
 * What {@link parseOtpauthUri} returns: every setting with its default filled in.
 * `issuer` is absent when the URI names none; `counter` is present for HOTP only
 * (a number when it is a safe integer, otherwise a bigint).
 * @example
 * ```ts
 * import { parseOtpauthUri, type ParsedOtpauthUri } from 'totp-enroll';
 * const p: ParsedOtpauthUri = parseOtpauthUri('otpauth://totp/Acme:alice?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Acme');
 * ```
 */
export interface ParsedOtpauthUri {
  type: OtpType;
  issuer?: string;
  accountName: string;
  /** Canonical base32: uppercase, no spaces, no padding. */
  secret: string;
  algorithm: Algorithm;
  digits: Digits;
  period: number;
  counter?: number | bigint;
}

/**
 * Options of {@link buildOtpauthUri} and {@link parseOtpauthUri}.
 * @example
 * ```ts
 * import { parseOtpauthUri } from 'totp-enroll';
 * // Import a legacy 10-byte key (older otplib, Microsoft 365):
 * parseOtpauthUri('otpauth://totp/Old:bob?secret=JBSWY3DPEHPK3PXP&issuer=Old', { minSecretBytes: 10 });
 * ```
 */
export interface OtpauthOptions {
  /** Smallest decoded key accepted, in bytes; default 16. Lower it only to import legacy short keys. */
  minSecretBytes?: number;
}

/** The longest otpauth URI built or parsed. Internal. */
export const MAX_URI_LENGTH = 2048;

/**
 * The canonical otpauth URI builder (Google's Key URI Format).
 * @module
 */
import { encodeBase32 } from '../base32.js';
import { OtpError } from '../errors.js';
import { snapshotOptions } from '../options.js';
import { checkAlgorithm, checkDigits, checkPeriod, splitCounter } from '../params.js';
import { checkMinBytes, secretKey } from '../secret.js';
import { isValidName } from './names.js';
import { encodeComponent } from './percent.js';
import { MAX_URI_LENGTH, type OtpauthOptions, type OtpauthParams } from './types.js';

const PARAM_KEYS = ['secret', 'issuer', 'accountName', 'algorithm', 'digits', 'period', 'type', 'counter'] as const;

function tooLong(field: string): OtpError {
  return new OtpError('INVALID_OPTION', `the URI would be longer than ${MAX_URI_LENGTH} characters`, { field });
}

/** Checks an issuer or account name for what the Key URI Format and a clean round trip need. */
function checkName(value: unknown, field: 'issuer' | 'accountName'): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new OtpError('INVALID_OPTION', `${field} must be a non-empty string`, { field });
  }
  // Every character encodes to at least one, so a name this long cannot fit: refuse it by its length
  // alone, before any work proportional to it.
  if (value.length > MAX_URI_LENGTH) throw tooLong(field);
  if (!isValidName(value)) {
    throw new OtpError('INVALID_OPTION', `${field} must not contain ':' or control/bidi characters, nor start or end with whitespace`, { field });
  }
  return value;
}

function canonicalSecret(secret: unknown, minSecretBytes: unknown): string {
  const key = secretKey(secret, checkMinBytes(minSecretBytes, 'minSecretBytes'), 'minSecretBytes');
  try {
    return encodeBase32(key);
  } finally {
    key.fill(0);
  }
}

/**
 * Builds an `otpauth://` URI for authenticator apps, following Google's Key URI Format:
 * the label is `Issuer:account` and the `issuer` parameter repeats the prefix; everything is
 * percent-encoded as UTF-8 with spaces as `%20` (never `+`, which Google Authenticator shows literally);
 * the secret is uppercase base32 without padding; `algorithm`, `digits` and `period` are written only
 * when they differ from SHA1, 6 and 30. The result is always printable ASCII, so it can go straight
 * into `qrSvg` from `totp-enroll/qr`.
 *
 * @param options.minSecretBytes - smallest key accepted; default 16. Lower it only for legacy keys.
 * @throws OtpError `INVALID_SECRET` for a bad or short secret; `INVALID_OPTION` (with `field`) for an
 * empty issuer or account name, a `:` in either, surrounding whitespace, a bad algorithm, digits,
 * period or counter, a period other than 30 on HOTP, a counter on TOTP, a missing HOTP counter, or a URI over 2,048 characters.
 * @example
 * ```ts
 * import { buildOtpauthUri, generateSecret } from 'totp-enroll';
 * buildOtpauthUri({ secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', issuer: 'Acme Co', accountName: 'alice@example.com' });
 * // 'otpauth://totp/Acme%20Co:alice@example.com?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Acme%20Co'
 * buildOtpauthUri({ secret: generateSecret({ bytes: 32 }), issuer: 'Acme', accountName: 'bob', algorithm: 'SHA256', digits: 8 });
 * ```
 */
export function buildOtpauthUri(params: OtpauthParams, options?: OtpauthOptions): string {
  if (params === null || typeof params !== 'object') {
    throw new OtpError('INVALID_OPTION', 'params must be an object', { field: 'params' });
  }
  const p = snapshotOptions(params, PARAM_KEYS, 'params');
  const o = snapshotOptions(options, ['minSecretBytes'] as const);
  const type = p.type ?? 'totp';
  if (type !== 'totp' && type !== 'hotp') {
    throw new OtpError('INVALID_OPTION', "type must be 'totp' or 'hotp'", { field: 'type' });
  }
  const issuerName = checkName(p.issuer, 'issuer');
  const accountName = checkName(p.accountName, 'accountName');
  // The label and the parameter repeat the issuer: refuse what cannot fit before encoding anything.
  if (2 * issuerName.length + accountName.length > MAX_URI_LENGTH) throw tooLong('uri');
  const issuer = encodeComponent(issuerName, 'issuer');
  const account = encodeComponent(accountName, 'accountName');
  const secret = canonicalSecret(p.secret, o.minSecretBytes);
  let uri = `otpauth://${type}/${issuer}:${account}?secret=${secret}&issuer=${issuer}`;

  const algorithm = checkAlgorithm(p.algorithm ?? 'SHA1');
  if (algorithm !== 'SHA1') uri += `&algorithm=${algorithm}`;
  const digits = checkDigits(p.digits ?? 6);
  if (digits !== 6) uri += `&digits=${digits}`;
  if (type === 'totp') {
    const period = checkPeriod(p.period ?? 30);
    if (period !== 30) uri += `&period=${period}`;
    if (p.counter !== undefined) {
      throw new OtpError('INVALID_OPTION', 'counter applies to hotp only', { field: 'counter' });
    }
  } else {
    // A parsed HOTP URI carries the default period 30, so that much is accepted (and not written).
    if (p.period !== undefined && p.period !== 30) {
      throw new OtpError('INVALID_OPTION', 'period applies to totp only', { field: 'period' });
    }
    if (p.counter === undefined) {
      throw new OtpError('INVALID_OPTION', 'hotp needs a counter', { field: 'counter' });
    }
    splitCounter(p.counter);
    uri += `&counter=${(p.counter as number | bigint).toString()}`;
  }
  if (uri.length > MAX_URI_LENGTH) throw tooLong('uri');
  return uri;
}

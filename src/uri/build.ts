/**
 * The canonical otpauth URI builder (Google's Key URI Format).
 * @module
 */
import { OtpError } from '../errors.js';
import { checkAlgorithm, checkDigits, splitCounter } from '../hotp.js';
import { decodeSecret, encodeSecret, secretBytes } from '../secret.js';
import { checkPeriod } from '../totp.js';
import { encodeComponent } from './percent.js';
import { MAX_URI_LENGTH, minBytesOption, type OtpauthOptions, type OtpauthParams } from './types.js';

/** Checks an issuer or account name for what the Key URI Format and a clean round trip need. Internal. */
export function checkName(value: unknown, field: 'issuer' | 'accountName'): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new OtpError('INVALID_OPTION', `${field} must be a non-empty string`, { field });
  }
  if (value.includes(':')) throw new OtpError('INVALID_OPTION', `${field} must not contain ':'`, { field });
  if (value.trim() !== value) {
    throw new OtpError('INVALID_OPTION', `${field} must not start or end with whitespace`, { field });
  }
  return value;
}

function canonicalSecret(secret: unknown, minSecretBytes: unknown): string {
  const min = minBytesOption(minSecretBytes);
  if (typeof secret === 'string') return encodeSecret(decodeSecret(secret, min));
  return encodeSecret(secretBytes(secret as Uint8Array, min.minBytes));
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
export function buildOtpauthUri(params: OtpauthParams, options: OtpauthOptions = {}): string {
  const type = params.type ?? 'totp';
  if (type !== 'totp' && type !== 'hotp') {
    throw new OtpError('INVALID_OPTION', "type must be 'totp' or 'hotp'", { field: 'type' });
  }
  const issuer = encodeComponent(checkName(params.issuer, 'issuer'), 'issuer');
  const account = encodeComponent(checkName(params.accountName, 'accountName'), 'accountName');
  const secret = canonicalSecret(params.secret, options.minSecretBytes);
  let uri = `otpauth://${type}/${issuer}:${account}?secret=${secret}&issuer=${issuer}`;

  const algorithm = checkAlgorithm(params.algorithm ?? 'SHA1');
  if (algorithm !== 'SHA1') uri += `&algorithm=${algorithm}`;
  const digits = checkDigits(params.digits ?? 6);
  if (digits !== 6) uri += `&digits=${digits}`;
  if (type === 'totp') {
    const period = checkPeriod(params.period ?? 30);
    if (period !== 30) uri += `&period=${period}`;
    if (params.counter !== undefined) {
      throw new OtpError('INVALID_OPTION', 'counter applies to hotp only', { field: 'counter' });
    }
  } else {
    // A parsed HOTP URI carries the default period 30, so that much is accepted (and not written).
    if (params.period !== undefined && params.period !== 30) {
      throw new OtpError('INVALID_OPTION', 'period applies to totp only', { field: 'period' });
    }
    if (params.counter === undefined) {
      throw new OtpError('INVALID_OPTION', 'hotp needs a counter', { field: 'counter' });
    }
    splitCounter(params.counter);
    uri += `&counter=${params.counter.toString()}`;
  }
  if (uri.length > MAX_URI_LENGTH) {
    throw new OtpError('INVALID_OPTION', `the URI would be longer than ${MAX_URI_LENGTH} characters`, { field: 'uri' });
  }
  return uri;
}

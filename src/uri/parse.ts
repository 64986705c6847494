/**
 * The otpauth URI parser: tolerant of the forms real apps and sites emit, strict about anything
 * that would make the codes wrong.
 * @module
 */
import { decodeBase32, encodeBase32 } from '../base32.js';
import { OtpError } from '../errors.js';
import { snapshotOptions } from '../options.js';
import { type Algorithm, type Digits, MAX_COUNTER, MAX_PERIOD, algorithmFromText, asciiLowerCase } from '../params.js';
import { checkMinBytes } from '../secret.js';
import { hasUnsafeCharacter } from './names.js';
import { decodeComponent } from './percent.js';
import { MAX_URI_LENGTH, type OtpType, type OtpauthOptions, type ParsedOtpauthUri } from './types.js';

const KNOWN = /* @__PURE__ */ new Set(['secret', 'issuer', 'algorithm', 'digits', 'period', 'counter']);
// otpauth://TYPE/LABEL?QUERY, scheme in any case; TYPE and LABEL never contain '/' or '?' raw.
const SHAPE = /^otpauth:\/\/([^/?]*)(?:\/([^?]*))?(?:\?(.*))?$/is;
const SEPARATOR = /:|%3a/i;

function fail(field: string, message: string, cause?: unknown): never {
  throw new OtpError('INVALID_URI', message, cause === undefined ? { field } : { field, cause });
}

function splitLabel(raw: string): { issuer: string | undefined; accountName: string } {
  const parts = raw.split(SEPARATOR);
  if (parts.length > 2) fail('label', "the label has more than one ':' (issuer and account name may not contain one)");
  // Spaces in the issuer prefix may arrive as '+' (URLEncoder, URLSearchParams); in the account name a '+'
  // is far more often part of an e-mail address, so it stays literal there.
  const issuer = parts.length === 2 ? decodeComponent(parts[0]!, 'issuer', true) : undefined;
  const accountName = decodeComponent(parts[parts.length - 1]!, 'accountName', false).replace(/^ +/, '');
  if (accountName.length === 0) fail('accountName', 'the label has no account name');
  if (issuer !== undefined) refuseUnsafe(issuer, 'issuer');
  refuseUnsafe(accountName, 'accountName');
  return { issuer: issuer === '' ? undefined : issuer, accountName };
}

/** Percent-decoding can produce what a raw URI may not hold: control and bidi characters are refused. */
function refuseUnsafe(text: string, field: 'issuer' | 'accountName'): void {
  if (hasUnsafeCharacter(text)) fail(field, `the ${field} contains control or bidirectional-formatting characters`);
}

function readQuery(query: string): Map<string, string> {
  const params = new Map<string, string>();
  for (const pair of query.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const name = asciiLowerCase(decodeComponent(eq < 0 ? pair : pair.slice(0, eq), 'uri', true));
    if (!KNOWN.has(name)) continue;
    if (params.has(name)) fail(name, `the parameter ${name} appears more than once`);
    params.set(name, eq < 0 ? '' : decodeComponent(pair.slice(eq + 1), name, true));
  }
  return params;
}

function readSecret(value: string | undefined, minBytes: number): string {
  if (value === undefined || value === '') fail('secret', 'the secret parameter is missing or empty');
  let key: Uint8Array | undefined;
  try {
    key = decodeBase32(value);
  } catch (e) {
    if (e instanceof OtpError && e.code === 'INVALID_SECRET') fail('secret', e.message, e);
    throw e;
  }
  try {
    if (key.length < minBytes) {
      fail('secret', `secret decodes to ${key.length} bytes; at least ${minBytes} are required (pass minSecretBytes to accept legacy short keys)`);
    }
    return encodeBase32(key);
  } finally {
    key.fill(0);
  }
}

function readAlgorithm(value: string | undefined): Algorithm {
  if (value === undefined) return 'SHA1';
  const algorithm = algorithmFromText(value);
  if (algorithm === undefined) fail('algorithm', 'algorithm must be SHA1, SHA256 or SHA512');
  return algorithm;
}

function readDigits(value: string | undefined): Digits {
  if (value === undefined) return 6;
  if (value !== '6' && value !== '7' && value !== '8') fail('digits', 'digits must be written as 6, 7 or 8');
  return Number(value) as Digits;
}

function readPeriod(value: string | undefined): number {
  if (value === undefined) return 30;
  const period = /^[1-9][0-9]{0,2}$/.test(value) ? Number(value) : 0;
  if (period < 1 || period > MAX_PERIOD) fail('period', `period must be an integer number of seconds from 1 to ${MAX_PERIOD}`);
  return period;
}

function readCounter(value: string | undefined): number | bigint {
  if (value === undefined) fail('counter', 'hotp needs a counter parameter');
  if (!/^(0|[1-9][0-9]{0,19})$/.test(value) || BigInt(value) > MAX_COUNTER) {
    fail('counter', 'counter must be an integer from 0 to 2^64-1');
  }
  const counter = BigInt(value);
  return counter <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(counter) : counter;
}

/**
 * Parses an `otpauth://` URI (Google's Key URI Format) into its settings, defaults filled in.
 *
 * Tolerated, because real apps and sites emit them: `+` or `%20` for spaces (`+` stays literal in the
 * account name, where it is usually part of an e-mail address), `%3A` for the label colon, spaces after
 * it, lowercase algorithm and secret, spaces and `=` padding in the secret, the issuer only in the label
 * prefix or only in the parameter, any case in the scheme, type and parameter names, unknown parameters
 * (`image`, ...), surrounding whitespace and a leading byte-order mark.
 *
 * Refused with `OtpError` `INVALID_URI` and `field` naming the part: another scheme (`scheme`), a type
 * other than totp/hotp (`type`), an empty label or one with two colons (`label`), an empty account name
 * (`accountName`), a missing, empty or invalid secret or one under `minSecretBytes` (`secret`), a
 * duplicated parameter (its name), a prefix issuer that differs from the `issuer` parameter (`issuer`),
 * an algorithm other than SHA1/SHA256/SHA512, digits not written exactly `6`, `7` or `8`, a period not
 * written as an integer from 1 to 120, a missing or bad HOTP counter, bad `%` escapes or escapes that
 * are not UTF-8 (the part's name), and control characters, a `#` fragment or more than 2,048
 * characters (`uri`).
 *
 * @param options.minSecretBytes - smallest decoded key accepted; default 16. Lower only for legacy keys.
 * @example
 * ```ts
 * import { parseOtpauthUri } from 'totp-enroll';
 * const p = parseOtpauthUri('otpauth://totp/Acme%20Co:alice@example.com?secret=jbswy3dpehpk3pxpjbswy3dpehpk3pxp&issuer=Acme+Co');
 * // { type: 'totp', issuer: 'Acme Co', accountName: 'alice@example.com',
 * //   secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', algorithm: 'SHA1', digits: 6, period: 30 }
 * ```
 */
export function parseOtpauthUri(uri: string, options?: OtpauthOptions): ParsedOtpauthUri {
  const minBytes = checkMinBytes(snapshotOptions(options, ['minSecretBytes'] as const).minSecretBytes, 'minSecretBytes');
  if (typeof uri !== 'string') fail('uri', 'the URI must be a string');
  if (uri.length > MAX_URI_LENGTH + 16) fail('uri', `the URI is longer than ${MAX_URI_LENGTH} characters`);
  const text = uri.replace(/^\uFEFF/, '').trim();
  if (text.length > MAX_URI_LENGTH) fail('uri', `the URI is longer than ${MAX_URI_LENGTH} characters`);
  if (/[\u0000-\u001f\u007f]/.test(text)) fail('uri', 'the URI contains control characters');
  if (text.includes('#')) fail('uri', 'the URI has a fragment (#)');
  if (!/^otpauth:\/\//i.test(text)) fail('scheme', 'the URI does not start with otpauth://');
  const match = SHAPE.exec(text);
  if (match === null) fail('uri', 'the URI is not of the form otpauth://TYPE/LABEL?PARAMETERS');
  const type = asciiLowerCase(match[1]!);
  if (type !== 'totp' && type !== 'hotp') fail('type', 'the type must be totp or hotp');
  if (match[2] === undefined || match[2] === '') fail('label', 'the URI has no label');

  const label = splitLabel(match[2]);
  const params = readQuery(match[3] ?? '');
  const secret = readSecret(params.get('secret'), minBytes);
  const paramIssuer = params.get('issuer');
  if (paramIssuer !== undefined && paramIssuer.includes(':')) fail('issuer', "the issuer parameter contains ':'");
  if (paramIssuer !== undefined) refuseUnsafe(paramIssuer, 'issuer');
  const issuer = paramIssuer === undefined || paramIssuer === '' ? label.issuer : paramIssuer;
  if (label.issuer !== undefined && issuer !== label.issuer) {
    fail('issuer', 'the label prefix and the issuer parameter name different issuers');
  }
  const result: ParsedOtpauthUri = {
    type: type as OtpType,
    ...(issuer === undefined ? {} : { issuer }),
    accountName: label.accountName,
    secret,
    algorithm: readAlgorithm(params.get('algorithm')),
    digits: readDigits(params.get('digits')),
    period: readPeriod(params.get('period')),
  };
  if (type === 'hotp') result.counter = readCounter(params.get('counter'));
  return result;
}

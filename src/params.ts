/**
 * The code parameters every part of totp-enroll checks the same way: the HMAC algorithm, the number
 * of digits, the period, 64-bit counters split into 32-bit halves, and the form of a submitted code.
 * Used by HOTP, TOTP, the otpauth URI builder and parser, and the stored-record parser.
 * @module
 */
import { OtpError, assertOption } from './errors.js';

/** The HMAC hash functions authenticator apps and RFC 6238 know. */
export type Algorithm = 'SHA1' | 'SHA256' | 'SHA512';
/** Code lengths from RFC 4226 §5.3 that apps display (6 is the only one all honour). */
export type Digits = 6 | 7 | 8;

/** The longest period accepted, in seconds (NIST SP 800-63B: an OTP changes at least every 2 minutes). */
export const MAX_PERIOD = 120;
/** 2^32, where a counter splits into its high and low 32-bit halves. Internal. */
export const TWO_32 = 0x1_0000_0000;
/** The largest HOTP counter, 2^64 - 1. Internal. */
export const MAX_COUNTER = (1n << 64n) - 1n;
const POW10 = [1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000] as const;

/**
 * Checks an algorithm name: exactly `'SHA1'`, `'SHA256'` or `'SHA512'`. Internal.
 * @example
 * ```ts
 * checkAlgorithm('SHA256'); // 'SHA256'
 * ```
 */
export function checkAlgorithm(algorithm: unknown): Algorithm {
  if (!isAlgorithm(algorithm)) {
    throw new OtpError('INVALID_OPTION', "algorithm must be 'SHA1', 'SHA256' or 'SHA512'", { field: 'algorithm' });
  }
  return algorithm;
}

/**
 * Reads an algorithm name written in any ASCII case (`sha256` in an otpauth URI); `undefined` for
 * anything else. Only ASCII letters are folded, so `ſha256` (U+017F, which `toUpperCase` turns into
 * `S`) is not an algorithm. Internal.
 * @example
 * ```ts
 * algorithmFromText('sha512'); // 'SHA512'
 * algorithmFromText('ſha256'); // undefined
 * ```
 */
export function algorithmFromText(text: string): Algorithm | undefined {
  const upper = asciiUpperCase(text);
  return upper === 'SHA1' || upper === 'SHA256' || upper === 'SHA512' ? upper : undefined;
}

/**
 * Checks a digits value: 6, 7 or 8. Internal.
 * @example
 * ```ts
 * checkDigits(8); // 8
 * ```
 */
export function checkDigits(digits: unknown): Digits {
  if (!isDigits(digits)) {
    throw new OtpError('INVALID_OPTION', 'digits must be 6, 7 or 8', { field: 'digits' });
  }
  return digits;
}

/**
 * Checks a period: an integer number of seconds from 1 to {@link MAX_PERIOD}. Internal.
 * @example
 * ```ts
 * checkPeriod(30); // 30
 * ```
 */
export function checkPeriod(period: unknown): number {
  assertOption(isPeriod(period), 'period', `an integer number of seconds from 1 to ${MAX_PERIOD}`);
  return period;
}

/**
 * Whether a value is an algorithm name, a digits value or a period, for parsers that report their
 * own error (the stored-record parser). Internal.
 * @example
 * ```ts
 * isAlgorithm('SHA1') && isDigits(6) && isPeriod(30); // true
 * ```
 */
export function isAlgorithm(value: unknown): value is Algorithm {
  return value === 'SHA1' || value === 'SHA256' || value === 'SHA512';
}

/** See {@link isAlgorithm}. Internal. */
export function isDigits(value: unknown): value is Digits {
  return value === 6 || value === 7 || value === 8;
}

/** See {@link isAlgorithm}. Internal. */
export function isPeriod(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= MAX_PERIOD;
}

/**
 * Splits a counter into two 32-bit halves after checking it: a safe integer >= 0, or a bigint from
 * 0 to 2^64-1. Internal.
 * @example
 * ```ts
 * splitCounter(2 ** 32 + 5); // [1, 5]
 * ```
 */
export function splitCounter(counter: unknown): [hi: number, lo: number] {
  if (typeof counter === 'bigint') {
    if (counter < 0n || counter > MAX_COUNTER) {
      throw new OtpError('INVALID_OPTION', 'counter must be from 0 to 2^64-1', { field: 'counter' });
    }
    return [Number(counter >> 32n), Number(counter & 0xffff_ffffn)];
  }
  if (typeof counter !== 'number' || !Number.isSafeInteger(counter) || counter < 0) {
    throw new OtpError('INVALID_OPTION', 'counter must be a safe integer >= 0 or a bigint', { field: 'counter' });
  }
  return [Math.floor(counter / TWO_32), counter % TWO_32];
}

/**
 * Reduces a truncated HMAC value to a zero-padded code of `digits` digits. Internal.
 * @example
 * ```ts
 * formatCode(1284755224, 6); // '755224'
 * ```
 */
export function formatCode(value: number, digits: Digits): string {
  return (value % POW10[digits]).toString().padStart(digits, '0');
}

/**
 * The modulus 10^digits. Internal.
 * @example
 * ```ts
 * codeModulus(6); // 1000000
 * ```
 */
export function codeModulus(digits: Digits): number {
  return POW10[digits];
}

/**
 * Parses a submitted code: exactly `digits` ASCII digits, nothing else (no whitespace, signs,
 * non-ASCII digits or other types). Returns its value, or -1. Never throws, never reads past
 * `digits` characters, and never runs caller code (only a string primitive is read). Internal.
 * @example
 * ```ts
 * parseCode('081804', 6); // 81804
 * parseCode('８１８０４', 6); // -1
 * ```
 */
export function parseCode(code: unknown, digits: number): number {
  if (typeof code !== 'string' || code.length !== digits) return -1;
  let value = 0;
  for (let i = 0; i < digits; i++) {
    const d = code.charCodeAt(i) - 0x30;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}

/**
 * Upper-cases ASCII letters only; every other character is left as it is. Internal.
 * @example
 * ```ts
 * asciiUpperCase('totp-ſ'); // 'TOTP-ſ'
 * ```
 */
export function asciiUpperCase(text: string): string {
  return text.replace(/[a-z]+/g, (letters) => letters.toUpperCase());
}

/**
 * Lower-cases ASCII letters only; every other character is left as it is. Internal.
 * @example
 * ```ts
 * asciiLowerCase('TOTP'); // 'totp'
 * ```
 */
export function asciiLowerCase(text: string): string {
  return text.replace(/[A-Z]+/g, (letters) => letters.toLowerCase());
}

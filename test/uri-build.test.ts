// The builder's output is what the user scans: canonical Key URI Format, printable ASCII, %20 for
// spaces, defaults left out, and no input that the spec forbids or that would not round-trip.
import * as OTPAuth from 'otpauth';
import { describe, expect, it } from 'vitest';
import { OtpError, buildOtpauthUri, decodeSecret, generateTotp, type OtpauthParams } from '../src/index.js';

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const base: OtpauthParams = { secret: SECRET, issuer: 'Acme', accountName: 'alice@example.com' };

function errorOf(fn: () => unknown): { code: string; field: string | undefined } {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(OtpError);
    return { code: (e as OtpError).code, field: (e as OtpError).field };
  }
  throw new Error('expected an OtpError');
}

describe('buildOtpauthUri', () => {
  it.each<[string, Partial<OtpauthParams>, string]>([
    ['the defaults', {}, `otpauth://totp/Acme:alice@example.com?secret=${SECRET}&issuer=Acme`],
    ['spaces as %20', { issuer: 'Acme Co' }, `otpauth://totp/Acme%20Co:alice@example.com?secret=${SECRET}&issuer=Acme%20Co`],
    ['a plus sign as %2B', { accountName: 'a+b@x.io' }, `otpauth://totp/Acme:a%2Bb@x.io?secret=${SECRET}&issuer=Acme`],
    ['reserved characters escaped', { issuer: "A&B=C?#/%!'()*" }, `otpauth://totp/A%26B%3DC%3F%23%2F%25%21%27%28%29%2A:alice@example.com?secret=${SECRET}&issuer=A%26B%3DC%3F%23%2F%25%21%27%28%29%2A`],
    ['non-ASCII as UTF-8', { issuer: 'Société' }, `otpauth://totp/Soci%C3%A9t%C3%A9:alice@example.com?secret=${SECRET}&issuer=Soci%C3%A9t%C3%A9`],
    ['emoji as 4 UTF-8 bytes', { accountName: '😀' }, `otpauth://totp/Acme:%F0%9F%98%80?secret=${SECRET}&issuer=Acme`],
    ['a lowercase spaced secret canonically', { secret: 'jbsw y3dp ehpk 3pxp jbsw y3dp ehpk 3pxp' }, `otpauth://totp/Acme:alice@example.com?secret=${SECRET}&issuer=Acme`],
    ['padding dropped', { secret: 'GEZDGNBVGY3TQOJQGEZDGNBVGY======' }, 'otpauth://totp/Acme:alice@example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY&issuer=Acme'],
    ['non-default settings', { algorithm: 'SHA256', digits: 8, period: 60 }, `otpauth://totp/Acme:alice@example.com?secret=${SECRET}&issuer=Acme&algorithm=SHA256&digits=8&period=60`],
    ['defaults given explicitly left out', { algorithm: 'SHA1', digits: 6, period: 30, type: 'totp' }, `otpauth://totp/Acme:alice@example.com?secret=${SECRET}&issuer=Acme`],
    ['hotp with its counter', { type: 'hotp', counter: 5 }, `otpauth://hotp/Acme:alice@example.com?secret=${SECRET}&issuer=Acme&counter=5`],
    ['a 64-bit counter', { type: 'hotp', counter: 2n ** 64n - 1n }, `otpauth://hotp/Acme:alice@example.com?secret=${SECRET}&issuer=Acme&counter=18446744073709551615`],
  ])('writes %s', (_, change, expected) => {
    expect(buildOtpauthUri({ ...base, ...change })).toBe(expected);
  });

  it('encodes byte secrets', () => {
    const key = new TextEncoder().encode('12345678901234567890');
    expect(buildOtpauthUri({ ...base, secret: key })).toContain('secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&');
  });

  it('accepts legacy short keys only when asked', () => {
    expect(errorOf(() => buildOtpauthUri({ ...base, secret: 'JBSWY3DPEHPK3PXP' })).code).toBe('INVALID_SECRET');
    expect(errorOf(() => buildOtpauthUri({ ...base, secret: new Uint8Array(10) })).code).toBe('INVALID_SECRET');
    expect(buildOtpauthUri({ ...base, secret: 'JBSWY3DPEHPK3PXP' }, { minSecretBytes: 10 })).toContain('secret=JBSWY3DPEHPK3PXP&');
  });

  it.each<[string, Partial<OtpauthParams>, string, string | undefined]>([
    ['a colon in the issuer', { issuer: 'Ac:me' }, 'INVALID_OPTION', 'issuer'],
    ['a colon in the account name', { accountName: 'a:b' }, 'INVALID_OPTION', 'accountName'],
    ['an empty account name', { accountName: '' }, 'INVALID_OPTION', 'accountName'],
    ['an empty issuer', { issuer: '' }, 'INVALID_OPTION', 'issuer'],
    ['a leading space', { accountName: ' bob' }, 'INVALID_OPTION', 'accountName'],
    ['a trailing space', { issuer: 'Acme ' }, 'INVALID_OPTION', 'issuer'],
    ['a lone surrogate', { accountName: 'x\uD800y' }, 'INVALID_OPTION', 'accountName'],
    ['an invalid secret', { secret: 'JBSWY3DPEHPK3PX1JBSWY3DPEHPK3PXP' }, 'INVALID_SECRET', undefined],
    ['MD5', { algorithm: 'MD5' as never }, 'INVALID_OPTION', 'algorithm'],
    ['5 digits', { digits: 5 as never }, 'INVALID_OPTION', 'digits'],
    ['period 0', { period: 0 }, 'INVALID_OPTION', 'period'],
    ['period 121', { period: 121 }, 'INVALID_OPTION', 'period'],
    ['period 30.5', { period: 30.5 }, 'INVALID_OPTION', 'period'],
    ['an unknown type', { type: 'motp' as never }, 'INVALID_OPTION', 'type'],
    ['hotp without a counter', { type: 'hotp' }, 'INVALID_OPTION', 'counter'],
    ['a negative counter', { type: 'hotp', counter: -1 }, 'INVALID_OPTION', 'counter'],
    ['a counter over 2^64-1', { type: 'hotp', counter: 2n ** 64n }, 'INVALID_OPTION', 'counter'],
    ['a counter on totp', { counter: 1 }, 'INVALID_OPTION', 'counter'],
    ['a period on hotp', { type: 'hotp', counter: 1, period: 60 }, 'INVALID_OPTION', 'period'],
    ['a URI over 2,048 characters', { accountName: 'é'.repeat(400) }, 'INVALID_OPTION', 'uri'],
  ])('refuses %s', (_, change, code, field) => {
    expect(errorOf(() => buildOtpauthUri({ ...base, ...change }))).toEqual({ code, field });
  });

  it('never puts the secret in an error message', () => {
    let message = '';
    try {
      buildOtpauthUri({ ...base, secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PX!' });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/base32/);
    expect(message).not.toContain('JBSWY3DPEHPK3PX');
  });

  // An independent parser (otpauth 9) must read the same settings and compute the same codes.
  it.each<Partial<OtpauthParams>>([
    {},
    { issuer: 'Société Générale', accountName: 'ユーザー 😀' },
    { algorithm: 'SHA256', digits: 8, period: 60 },
    { algorithm: 'SHA512', digits: 7, period: 15 },
  ])('is read identically by the otpauth package: %o', (change) => {
    const params = { ...base, ...change };
    const theirs = OTPAuth.URI.parse(buildOtpauthUri(params));
    expect(theirs).toBeInstanceOf(OTPAuth.TOTP);
    expect(theirs.issuer).toBe(params.issuer);
    expect(theirs.label).toBe(params.accountName);
    const now = 1_700_000_000_000;
    const ours = generateTotp(decodeSecret(SECRET), {
      now,
      ...(params.algorithm ? { algorithm: params.algorithm } : {}),
      ...(params.digits ? { digits: params.digits } : {}),
      ...(params.period ? { period: params.period } : {}),
    });
    expect((theirs as OTPAuth.TOTP).generate({ timestamp: now })).toBe(ours);
  });
});

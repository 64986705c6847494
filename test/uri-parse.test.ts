// The parser reads what real apps and sites emit, and refuses (naming the field) everything that
// would make the codes differ from what the URI's author meant.
import { describe, expect, it } from 'vitest';
import { OtpError, parseOtpauthUri, type ParsedOtpauthUri } from '../src/index.js';

const S = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const DEFAULTS = { type: 'totp', algorithm: 'SHA1', digits: 6, period: 30, secret: S } as const;

function fieldOf(uri: string, options?: { minSecretBytes?: number }): string | undefined {
  try {
    parseOtpauthUri(uri, options);
  } catch (e) {
    expect(e).toBeInstanceOf(OtpError);
    expect((e as OtpError).code).toBe('INVALID_URI');
    expect((e as OtpError).message).not.toContain('JBSWY3DPEHPK3PX');
    return (e as OtpError).field;
  }
  throw new Error(`accepted ${uri}`);
}

describe('parseOtpauthUri tolerates real-world forms', () => {
  it.each<[string, string, Partial<ParsedOtpauthUri>]>([
    ['the canonical form', `otpauth://totp/Acme:alice@example.com?secret=${S}&issuer=Acme`, { issuer: 'Acme', accountName: 'alice@example.com' }],
    ["Google's example", `otpauth://totp/Example:alice@google.com?secret=${S}&issuer=Example`, { issuer: 'Example', accountName: 'alice@google.com' }],
    ['%20 and + for spaces', `otpauth://totp/Acme%20Co:alice?secret=${S}&issuer=Acme+Co`, { issuer: 'Acme Co', accountName: 'alice' }],
    ['+ for a space in the prefix (URLEncoder)', `otpauth://totp/Acme+Co:alice?secret=${S}&issuer=Acme%20Co`, { issuer: 'Acme Co', accountName: 'alice' }],
    ['+ kept in an e-mail account name', `otpauth://totp/Acme:a+b@x.io?secret=${S}`, { issuer: 'Acme', accountName: 'a+b@x.io' }],
    ['%3A for the colon and %20 after it', `otpauth://totp/Acme%3A%20%20alice?secret=${S}&issuer=Acme`, { issuer: 'Acme', accountName: 'alice' }],
    ['a raw space after the colon', `otpauth://totp/Acme: alice?secret=${S}`, { issuer: 'Acme', accountName: 'alice' }],
    ['issuer only in the prefix', `otpauth://totp/Acme:alice?secret=${S}`, { issuer: 'Acme', accountName: 'alice' }],
    ['issuer only in the parameter', `otpauth://totp/alice?secret=${S}&issuer=Acme`, { issuer: 'Acme', accountName: 'alice' }],
    ['no issuer at all', `otpauth://totp/alice?secret=${S}`, { accountName: 'alice' }],
    ['an empty issuer parameter', `otpauth://totp/Acme:alice?secret=${S}&issuer=`, { issuer: 'Acme' }],
    ['lowercase secret and algorithm', `otpauth://totp/a?secret=${S.toLowerCase()}&algorithm=sha256`, { algorithm: 'SHA256' }],
    ['spaces and padding in the secret', 'otpauth://totp/a?secret=gezd+gnbv%20gy3t%20qojq%20gezd%20gnbv%20gy%3D%3D====', { secret: 'GEZDGNBVGY3TQOJQGEZDGNBVGY' }],
    ['upper-case scheme, type and names', `OTPAUTH://TOTP/a?SECRET=${S}&Digits=8`, { digits: 8 }],
    ['unknown parameters and empty pairs', `otpauth://totp/a?image=https%3A%2F%2Fx.io%2Fa.png&&secret=${S}&color=red&`, { accountName: 'a' }],
    ['a byte-order mark and whitespace around', `\uFEFF otpauth://totp/a?secret=${S}\n`, { accountName: 'a' }],
    ['raw non-ASCII text', `otpauth://totp/Société:ユーザー?secret=${S}&issuer=Société`, { issuer: 'Société', accountName: 'ユーザー' }],
    ['all settings', `otpauth://totp/a?secret=${S}&algorithm=SHA512&digits=7&period=120`, { algorithm: 'SHA512', digits: 7, period: 120 }],
    ['period 1', `otpauth://totp/a?secret=${S}&period=1`, { period: 1 }],
    ['hotp', `otpauth://hotp/a?secret=${S}&counter=0`, { type: 'hotp', counter: 0 }],
    ['a safe counter as a number', `otpauth://hotp/a?secret=${S}&counter=9007199254740991`, { type: 'hotp', counter: 2 ** 53 - 1 }],
    ['a big counter as a bigint', `otpauth://hotp/a?secret=${S}&counter=18446744073709551615`, { type: 'hotp', counter: 2n ** 64n - 1n }],
    ['a counter on totp, ignored', `otpauth://totp/a?secret=${S}&counter=5`, { type: 'totp' }],
  ])('reads %s', (_, uri, expected) => {
    const parsed = parseOtpauthUri(uri);
    expect(parsed).toMatchObject({ ...DEFAULTS, ...expected });
    if (expected.issuer === undefined) expect(parsed).not.toHaveProperty('issuer');
    if (parsed.type === 'totp') expect(parsed).not.toHaveProperty('counter');
  });

  it('accepts a legacy 10-byte key only with minSecretBytes', () => {
    const uri = 'otpauth://totp/a?secret=JBSWY3DPEHPK3PXP';
    expect(fieldOf(uri)).toBe('secret');
    expect(parseOtpauthUri(uri, { minSecretBytes: 10 }).secret).toBe('JBSWY3DPEHPK3PXP');
  });
});

describe('parseOtpauthUri refuses what would make codes wrong', () => {
  it.each<[string, string, string]>([
    ['another scheme', `otpauths://totp/a?secret=${S}`, 'scheme'],
    ['http', `http://totp/a?secret=${S}`, 'scheme'],
    ['a missing //', `otpauth:totp/a?secret=${S}`, 'scheme'],
    ['another type', `otpauth://motp/a?secret=${S}`, 'type'],
    ['an empty type', `otpauth:///a?secret=${S}`, 'type'],
    ['no label', `otpauth://totp?secret=${S}`, 'label'],
    ['an empty label', `otpauth://totp/?secret=${S}`, 'label'],
    ['two colons', `otpauth://totp/A:b:c?secret=${S}`, 'label'],
    ['an encoded second colon', `otpauth://totp/A:b%3ac?secret=${S}`, 'label'],
    ['an empty account name', `otpauth://totp/Acme:?secret=${S}&issuer=Acme`, 'accountName'],
    ['a blank account name', `otpauth://totp/Acme:%20?secret=${S}`, 'accountName'],
    ['a missing secret', 'otpauth://totp/a?issuer=Acme', 'secret'],
    ['an empty secret', 'otpauth://totp/a?secret=', 'secret'],
    ['a secret without =', 'otpauth://totp/a?secret', 'secret'],
    ['a secret with 1, 8 or 0', 'otpauth://totp/a?secret=JBSWY3DPEHPK3PX1JBSWY3DPEHPK3PX8', 'secret'],
    ['a secret with a non-ASCII letter', 'otpauth://totp/a?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PX%C4%B1', 'secret'],
    ['a secret of impossible length', 'otpauth://totp/a?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXPA', 'secret'],
    ['a secret under 16 bytes', 'otpauth://totp/a?secret=JBSWY3DPEHPK3PXP', 'secret'],
    ['a duplicated secret', `otpauth://totp/a?secret=${S}&secret=${S}`, 'secret'],
    ['a duplicated issuer', `otpauth://totp/a?secret=${S}&issuer=A&issuer=A`, 'issuer'],
    ['a duplicate in another case', `otpauth://totp/a?secret=${S}&digits=6&DIGITS=6`, 'digits'],
    ['a duplicated period', `otpauth://totp/a?secret=${S}&period=30&period=60`, 'period'],
    ['a prefix issuer that differs', `otpauth://totp/Acme:a?secret=${S}&issuer=Evil`, 'issuer'],
    ['a prefix issuer differing in case', `otpauth://totp/Acme:a?secret=${S}&issuer=acme`, 'issuer'],
    ['a colon in the issuer parameter', `otpauth://totp/a?secret=${S}&issuer=A%3AB`, 'issuer'],
    ['MD5', `otpauth://totp/a?secret=${S}&algorithm=MD5`, 'algorithm'],
    ['SHA-1 spelt with a dash', `otpauth://totp/a?secret=${S}&algorithm=SHA-1`, 'algorithm'],
    ['an empty algorithm', `otpauth://totp/a?secret=${S}&algorithm=`, 'algorithm'],
    ...['0', '1', '5', '9', '10', '20', '06', '+6', '6.0', ' 6', '6e0', ''].map(
      (d) => [`digits=${d}`, `otpauth://totp/a?secret=${S}&digits=${encodeURIComponent(d)}`, 'digits'] as [string, string, string],
    ),
    ...['0', '-30', '121', '30.5', '30s', '030', '+30', '1e2', ''].map(
      (p) => [`period=${p}`, `otpauth://totp/a?secret=${S}&period=${encodeURIComponent(p)}`, 'period'] as [string, string, string],
    ),
    ['hotp without a counter', `otpauth://hotp/a?secret=${S}`, 'counter'],
    ...['', '-1', '1.5', '01', '+1', '0x10', '18446744073709551616', '99999999999999999999999'].map(
      (c) => [`counter=${c}`, `otpauth://hotp/a?secret=${S}&counter=${encodeURIComponent(c)}`, 'counter'] as [string, string, string],
    ),
    ['a bad % escape in the label', `otpauth://totp/Acme:a%2?secret=${S}`, 'accountName'],
    ['a bad % escape in the prefix', `otpauth://totp/Ac%zzme:a?secret=${S}`, 'issuer'],
    ['a bad % escape in a value', `otpauth://totp/a?secret=${S}&issuer=%G1`, 'issuer'],
    ['escapes that are not UTF-8', `otpauth://totp/a%C3?secret=${S}`, 'accountName'],
    ['an overlong UTF-8 escape', `otpauth://totp/a%C0%AF?secret=${S}`, 'accountName'],
    ['a fragment', `otpauth://totp/a?secret=${S}#x`, 'uri'],
    ['a control character', `otpauth://totp/a\u0000?secret=${S}`, 'uri'],
    ['a URI over 2,048 characters', `otpauth://totp/${'a'.repeat(2048)}?secret=${S}`, 'uri'],
  ])('refuses %s', (_, uri, field) => {
    expect(fieldOf(uri)).toBe(field);
  });

  it('refuses non-strings', () => {
    expect(fieldOf(42 as never)).toBe('uri');
  });

  it('passes a bad minSecretBytes through as an option error', () => {
    expect(() => parseOtpauthUri(`otpauth://totp/a?secret=${S}`, { minSecretBytes: 0 })).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTION', field: 'minSecretBytes' }),
    );
  });
});

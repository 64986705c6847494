// Percent-decoding can produce what a raw URI may not hold. Control and bidirectional-formatting
// characters in the label or the issuer are refused by the parser (and never built), and every case
// mapping is ASCII-only: `algorithm=ſha256` (U+017F, which toUpperCase turns into S) is not SHA256.
import { describe, expect, it } from 'vitest';
import { OtpError, buildOtpauthUri, parseOtpauthUri } from '../../src/index.js';

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

function parseError(uri: string): OtpError {
  try {
    parseOtpauthUri(uri);
  } catch (e) {
    expect(e).toBeInstanceOf(OtpError);
    return e as OtpError;
  }
  throw new Error(`expected ${uri} to be refused`);
}

const ESCAPES: [string, string][] = [
  ['a line feed', '%0A'],
  ['a NUL', '%00'],
  ['a carriage return', '%0D'],
  ['DEL', '%7F'],
  ['a C1 control (U+0085)', '%C2%85'],
  ['right-to-left override (U+202E)', '%E2%80%AE'],
  ['left-to-right embedding (U+202A)', '%E2%80%AA'],
  ['right-to-left isolate (U+2067)', '%E2%81%A7'],
  ['right-to-left mark (U+200F)', '%E2%80%8F'],
  ['Arabic letter mark (U+061C)', '%D8%9C'],
  ['line separator (U+2028)', '%E2%80%A8'],
];

describe('the parser refuses decoded control and bidi characters', () => {
  it.each(ESCAPES)('%s in the account name', (_, escape) => {
    const err = parseError(`otpauth://totp/Acme:ali${escape}ce?secret=${SECRET}&issuer=Acme`);
    expect(err.code).toBe('INVALID_URI');
    expect(err.field).toBe('accountName');
  });

  it.each(ESCAPES)('%s in the label prefix', (_, escape) => {
    const err = parseError(`otpauth://totp/Ac${escape}me:alice?secret=${SECRET}`);
    expect(err.field).toBe('issuer');
  });

  it.each(ESCAPES)('%s in the issuer parameter', (_, escape) => {
    const err = parseError(`otpauth://totp/alice?secret=${SECRET}&issuer=Ac${escape}me`);
    expect(err.field).toBe('issuer');
  });

  it('ordinary non-ASCII names still parse', () => {
    const p = parseOtpauthUri(`otpauth://totp/Soci%C3%A9t%C3%A9:%E3%83%A6%E3%83%BC?secret=${SECRET}`);
    expect(p).toMatchObject({ issuer: 'Société', accountName: 'ユー' });
  });
});

describe('the builder refuses the same characters', () => {
  it.each(['\n', '\u0000', '\u007f', '\u0085', '\u202e', '\u2066', '\u200f', '\u061c', '\u2029'])('%j', (char) => {
    for (const field of ['issuer', 'accountName'] as const) {
      const params = { secret: SECRET, issuer: 'Acme', accountName: 'alice', [field]: `a${char}b` };
      expect(() => buildOtpauthUri(params)).toThrowError(expect.objectContaining({ code: 'INVALID_OPTION', field }));
    }
  });
});

describe('case mapping is ASCII-only', () => {
  it.each(['ſha256', 'ſha1', 'ſHA512', 'SHA256\u0130', 'sha\u0131'])('algorithm=%s is refused', (algorithm) => {
    const err = parseError(`otpauth://totp/Acme:alice?secret=${SECRET}&algorithm=${encodeURIComponent(algorithm)}`);
    expect(err.field).toBe('algorithm');
  });

  it('ASCII lowercase is still read (sha256, Sha512)', () => {
    expect(parseOtpauthUri(`otpauth://totp/A:b?secret=${SECRET}&algorithm=sha256`).algorithm).toBe('SHA256');
    expect(parseOtpauthUri(`otpauth://totp/A:b?secret=${SECRET}&algorithm=Sha512`).algorithm).toBe('SHA512');
  });

  it('scheme, type and parameter names are read in any ASCII case', () => {
    const p = parseOtpauthUri(`OTPAUTH://TOTP/A:b?SECRET=${SECRET}&Algorithm=SHA256&DIGITS=8`);
    expect(p).toMatchObject({ type: 'totp', algorithm: 'SHA256', digits: 8 });
  });
});

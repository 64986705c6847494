// parseOtpauthUri(buildOtpauthUri(p)) gives back p for every valid p, including non-ASCII and emoji
// names, and the built URI is always printable ASCII (so it can go into a QR code as is).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildOtpauthUri, encodeSecret, parseOtpauthUri, type OtpauthParams, type ParsedOtpauthUri } from '../src/index.js';

// Names with these are refused by the builder and the parser alike (see test/uri-unsafe-names.test.ts).
const CONTROL_OR_BIDI = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;

const name = fc
  .oneof(
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 16 }),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 16 }),
    fc.string({ minLength: 1, maxLength: 24 }),
    fc.constantFrom('Société Générale', 'ユーザー', '😀', '👩‍👩‍👧‍👦 family', 'a+b@example.com', 'Acme & Co. (100%)', 'x/y?z=1#2'),
  )
  .filter((s) => !s.includes(':') && s.trim() === s && s.length > 0 && !CONTROL_OR_BIDI.test(s));

const secret = fc.oneof(
  fc.constantFrom(16, 20, 32, 64).chain((n) => fc.uint8Array({ minLength: n, maxLength: n })),
  fc.uint8Array({ minLength: 16, maxLength: 80 }),
);

const params: fc.Arbitrary<{ input: OtpauthParams; expected: ParsedOtpauthUri }> = fc
  .record({
    issuer: name,
    accountName: name,
    key: secret,
    algorithm: fc.constantFrom('SHA1', 'SHA256', 'SHA512'),
    digits: fc.constantFrom(6, 7, 8),
    period: fc.integer({ min: 1, max: 120 }),
    hotp: fc.boolean(),
    counter: fc.oneof(fc.nat(), fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), fc.bigInt(2n ** 53n, 2n ** 64n - 1n)),
  })
  .map(({ issuer, accountName, key, algorithm, digits, period, hotp, counter }) => {
    const common = { issuer, accountName, algorithm, digits } as const;
    const canonical = encodeSecret(key);
    if (hotp) {
      return {
        input: { ...common, secret: key, type: 'hotp', counter },
        expected: { ...common, type: 'hotp', secret: canonical, period: 30, counter },
      };
    }
    return {
      input: { ...common, secret: canonical.toLowerCase(), period },
      expected: { ...common, type: 'totp', secret: canonical, period },
    };
  });

describe('otpauth URI round trip', () => {
  it('parse(build(p)) equals p, and the URI is printable ASCII', () => {
    fc.assert(
      fc.property(params, ({ input, expected }) => {
        const uri = buildOtpauthUri(input);
        expect(uri).toMatch(/^[\x21-\x7e]+$/);
        expect(uri).not.toContain('+');
        expect(parseOtpauthUri(uri)).toEqual(expected);
      }),
      { numRuns: 1000 },
    );
  });

  it('building from a parsed URI gives the same URI', () => {
    fc.assert(
      fc.property(params, ({ input }) => {
        const uri = buildOtpauthUri(input);
        const parsed = parseOtpauthUri(uri);
        expect(buildOtpauthUri({ ...parsed, issuer: parsed.issuer ?? '' })).toBe(uri);
      }),
      { numRuns: 300 },
    );
  });

  it('reads + for %20 in the issuer parameter and prefix the same way', () => {
    fc.assert(
      fc.property(params, ({ input, expected }) => {
        const uri = buildOtpauthUri(input);
        const [path, query] = uri.split('?') as [string, string];
        const [prefix, account] = path.slice('otpauth://totp/'.length).split(':') as [string, string];
        const plussed = `${path.slice(0, 'otpauth://totp/'.length)}${prefix.replaceAll('%20', '+')}:${account}?${query.replace(
          /issuer=[^&]*/,
          (m) => m.replaceAll('%20', '+'),
        )}`;
        expect(parseOtpauthUri(plussed)).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});

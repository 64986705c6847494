// Secrets: CSPRNG generation with a 128-bit floor, and a base32 decoder that refuses everything
// that is not base32 (other libraries decode garbage to a key, or upper-case non-ASCII into ASCII).
import base32Decode from 'base32-decode';
import base32Encode from 'base32-encode';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OtpError, decodeSecret, encodeSecret, generateSecret, generateTotp } from '../src/index.js';

const RFC_SEED = new TextEncoder().encode('12345678901234567890');
const RFC_B32 = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(OtpError);
    return (e as OtpError).code;
  }
  return undefined;
}

describe('generateSecret', () => {
  it('defaults to 20 bytes (160 bits) of uppercase unpadded base32', () => {
    const s = generateSecret();
    expect(s).toMatch(/^[A-Z2-7]{32}$/);
    expect(decodeSecret(s)).toHaveLength(20);
  });

  it.each([16, 20, 32, 64])('makes %i-byte secrets', (bytes) => {
    expect(decodeSecret(generateSecret({ bytes }))).toHaveLength(bytes);
  });

  it.each([0, 10, 15, 15.5, -1, Number.NaN, 1025])('refuses bytes=%s', (bytes) => {
    expect(codeOf(() => generateSecret({ bytes }))).toBe('INVALID_OPTION');
  });

  it('does not repeat (1,000 secrets, all distinct)', () => {
    expect(new Set(Array.from({ length: 1000 }, () => generateSecret())).size).toBe(1000);
  });
});

describe('decodeSecret accepts what people and apps really write', () => {
  it.each([
    ['canonical', RFC_B32],
    ['lowercase', RFC_B32.toLowerCase()],
    ['mixed case', 'gEzDgNbVgY3TqOjQgEzDgNbVgY3TqOjQ'],
    ['groups of four with spaces', 'GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ'],
    ['groups with hyphens', 'GEZD-GNBV-GY3T-QOJQ-GEZD-GNBV-GY3T-QOJQ'],
  ])('%s', (_, text) => {
    expect(decodeSecret(text)).toEqual(RFC_SEED);
  });

  it('trailing = padding of the right length', () => {
    const key = new Uint8Array(16).fill(7); // 26 chars + 6 '='
    const text = encodeSecret(key);
    expect(text).toHaveLength(26);
    expect(decodeSecret(`${text}======`)).toEqual(key);
  });
});

describe('decodeSecret refuses everything else', () => {
  it.each([
    ['empty', ''],
    ['only spaces', '    '],
    ['digit 0', `${RFC_B32.slice(0, -1)}0`],
    ['digit 1', `${RFC_B32.slice(0, -1)}1`],
    ['digit 8', `${RFC_B32.slice(0, -1)}8`],
    ['digit 9', `${RFC_B32.slice(0, -1)}9`],
    ['= in the middle', `${RFC_B32.slice(0, 16)}=${RFC_B32.slice(16)}`],
    ['too much padding', `${RFC_B32}========`],
    ['dotless i (upper-cases to I)', `${RFC_B32.slice(0, -1)}ı`],
    ['long s (upper-cases to S)', `${RFC_B32.slice(0, -1)}ſ`],
    ['Kelvin sign', `${RFC_B32.slice(0, -1)}\u212A`],
    ['fullwidth A', `${RFC_B32.slice(0, -1)}Ａ`],
    ['tab', `${RFC_B32.slice(0, 8)}\t${RFC_B32.slice(8)}`],
    ['newline', `${RFC_B32}\n`],
    ['punctuation', '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!'],
    ['a length no key encodes to (33 chars)', `${RFC_B32}A`],
    ['10 bytes (under the 16-byte floor)', 'JBSWY3DPEHPK3PXP'],
  ])('%s', (_, text) => {
    expect(codeOf(() => decodeSecret(text))).toBe('INVALID_SECRET');
  });

  it.each([null, undefined, 42, {}, [RFC_B32], new Uint8Array(20)])('non-string %s', (value) => {
    expect(codeOf(() => decodeSecret(value as unknown as string))).toBe('INVALID_SECRET');
  });

  it('accepts legacy short keys only when asked', () => {
    expect(decodeSecret('JBSWY3DPEHPK3PXP', { minBytes: 10 })).toHaveLength(10);
    expect(codeOf(() => decodeSecret('JBSWY3DPEHPK3PXP', { minBytes: 11 }))).toBe('INVALID_SECRET');
    expect(codeOf(() => decodeSecret('JBSWY3DPEHPK3PXP', { minBytes: 0 }))).toBe('INVALID_OPTION');
    expect(generateTotp('JBSWY3DPEHPK3PXP', { now: 0, minSecretBytes: 10 })).toMatch(/^\d{6}$/);
    expect(codeOf(() => generateTotp('JBSWY3DPEHPK3PXP', { now: 0 }))).toBe('INVALID_SECRET');
    expect(codeOf(() => generateTotp(new Uint8Array(10), { now: 0 }))).toBe('INVALID_SECRET');
  });

  it('never puts the secret in the error message', () => {
    const secret = `${RFC_B32.slice(0, 20)}!${RFC_B32.slice(21)}`;
    try {
      decodeSecret(secret);
      expect.unreachable();
    } catch (e) {
      expect((e as Error).message).not.toContain(RFC_B32.slice(0, 8));
    }
  });
});

describe('agreement with the base32-encode and base32-decode packages (RFC 4648 reference)', () => {
  it('encodeSecret equals base32-encode without padding, for every key', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 200 }), (key) => {
        expect(encodeSecret(key)).toBe(base32Encode(key, 'RFC4648', { padding: false }));
      }),
      { numRuns: 2000 },
    );
  });

  it('decodeSecret equals base32-decode on every valid (padded or unpadded) encoding', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 200 }), fc.boolean(), (key, padded) => {
        const text = base32Encode(key, 'RFC4648', { padding: padded });
        expect(decodeSecret(text)).toEqual(new Uint8Array(base32Decode(text, 'RFC4648')));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('properties', () => {
  it('encode then decode is the identity for every key of 16+ bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 128 }), (key) => {
        expect(decodeSecret(encodeSecret(key))).toEqual(key);
      }),
    );
  });

  it('encoding is uppercase base32 without padding', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 128 }), (key) => {
        expect(encodeSecret(key)).toMatch(/^[A-Z2-7]+$/);
      }),
    );
  });

  it('case, spaces, hyphens and padding never change the key', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 64 }), fc.boolean(), fc.constantFrom(' ', '-'), (key, lower, sep) => {
        let text = encodeSecret(key);
        if (lower) text = text.toLowerCase();
        const grouped = text.match(/.{1,4}/g)!.join(sep);
        const pad = '='.repeat((8 - (text.length % 8)) % 8);
        expect(decodeSecret(grouped + pad)).toEqual(key);
      }),
    );
  });

  it('any character outside A-Z a-z 2-7, space, - and trailing = is refused', () => {
    const allowed = /[A-Za-z2-7 \-=]/;
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }).filter((ch) => !allowed.test(ch)),
        fc.integer({ min: 0, max: 32 }),
        (ch, at) => {
          expect(codeOf(() => decodeSecret(RFC_B32.slice(0, at) + ch + RFC_B32.slice(at)))).toBe('INVALID_SECRET');
        },
      ),
    );
  });
});

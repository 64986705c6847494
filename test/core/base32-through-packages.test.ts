// base32 goes through base32-decode and base32-encode, behind a strict validation pass: the
// packages only ever see canonical text they cannot throw on (their messages quote the secret's
// characters), and lengths they would silently shorten (`A` -> 0 bytes, `MZX` -> 1 byte) are refused.
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';

const seen = vi.hoisted(() => ({ decoded: [] as string[], encoded: 0 }));
vi.mock('base32-decode', async (importOriginal) => {
  const real = (await importOriginal<{ default: (input: string, variant: string) => ArrayBuffer }>()).default;
  return {
    default: (input: string, variant: string) => {
      seen.decoded.push(input);
      return real(input, variant);
    },
  };
});
vi.mock('base32-encode', async (importOriginal) => {
  const real = (await importOriginal<{ default: (data: Uint8Array, variant: string, o?: object) => string }>()).default;
  return {
    default: (data: Uint8Array, variant: string, options?: object) => {
      seen.encoded++;
      return real(data, variant, options);
    },
  };
});

const { OtpError, decodeSecret, encodeSecret, generateSecret, generateTotp, parseOtpauthUri } = await import('../../src/index.js');

const CANONICAL = /^[A-Z2-7]+$/;
const SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

function decodeError(text: string): InstanceType<typeof OtpError> {
  try {
    decodeSecret(text, { minBytes: 1 });
  } catch (e) {
    expect(e).toBeInstanceOf(OtpError);
    return e as InstanceType<typeof OtpError>;
  }
  throw new Error(`expected ${JSON.stringify(text)} to be refused`);
}

describe('the base32 packages do the decoding and encoding', () => {
  it('decodeSecret, generateTotp and parseOtpauthUri call base32-decode; encodeSecret and generateSecret call base32-encode', () => {
    seen.decoded = [];
    seen.encoded = 0;
    decodeSecret(SECRET);
    generateTotp(SECRET, { now: 0 });
    parseOtpauthUri(`otpauth://totp/A:b?secret=${SECRET}`);
    expect(seen.decoded).toEqual([SECRET, SECRET, SECRET]);
    encodeSecret(new Uint8Array(20));
    generateSecret();
    expect(seen.encoded).toBeGreaterThanOrEqual(2);
  });

  it("today's accepted forms reach the decoder as canonical text only", () => {
    seen.decoded = [];
    const forms = ['gezd gnbv gy3t qojq gezd gnbv gy3t qojq', 'GEZD-GNBV-GY3T-QOJQ-GEZD-GNBV-GY3T-QOJQ', 'GEZDGNBVGY3TQOJQ', 'GEZDGNBVGY3TQOJQGE======', 'gezdgnbvgy3tqojqgezdgnbvgy3tqojqge======'];
    for (const form of forms) decodeSecret(form, { minBytes: 1 });
    expect(seen.decoded).toEqual(['GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', 'GEZDGNBVGY3TQOJQ', 'GEZDGNBVGY3TQOJQGE', 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGE']);
  });

  it('property: whatever the input, the decoder sees canonical text of a length RFC 4648 can produce, or nothing', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 80 }), fc.stringMatching(/^[A-Za-z2-7 =-]{0,60}$/)), (text) => {
        seen.decoded = [];
        try {
          decodeSecret(text, { minBytes: 1 });
        } catch (e) {
          expect(e).toBeInstanceOf(OtpError);
        }
        for (const input of seen.decoded) {
          expect(input).toMatch(CANONICAL);
          expect([0, 2, 4, 5, 7]).toContain(input.length % 8);
        }
      }),
      { numRuns: 3000 },
    );
  });
});

describe('lengths the decoder would silently shorten are refused', () => {
  it.each(['A', 'MZX', 'MZXW6Y', 'GEZDGNBVG', 'GEZDGNBVGY3', 'GEZDGNBVGY3TQO'])('%s', (text) => {
    seen.decoded = [];
    expect(decodeError(text).message).toBe('secret has a base32 length no key encodes to');
    expect(seen.decoded).toEqual([]);
  });

  it('every valid length keeps every whole byte', () => {
    for (let bytes = 1; bytes <= 40; bytes++) {
      const key = Uint8Array.from({ length: bytes }, (_, i) => (i * 37 + 11) & 0xff);
      expect(decodeSecret(encodeSecret(key), { minBytes: 1 })).toEqual(key);
    }
  });
});

describe("today's messages, none quoting the secret", () => {
  it.each([
    ['GEZD1GNBV', 'secret has a character outside base32 at position 4'],
    ['GEZD=GNBV', "secret has '=' padding before position 5"],
    ['', 'secret is empty'],
    ['   ', 'secret is empty'],
    ['GEZDGNBVGY3TQOJQGE=', 'secret has the wrong amount of = padding'],
    ['GEZDGNBVGE', 'secret decodes to 6 bytes; at least 16 are required (pass minBytes to accept legacy short keys)'],
    ['gezdſgnbv', 'secret has a character outside base32 at position 4'],
  ])('%j', (text, message) => {
    let error: unknown;
    try {
      decodeSecret(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(OtpError);
    expect((error as InstanceType<typeof OtpError>).message).toBe(message);
    expect((error as InstanceType<typeof OtpError>).cause).toBeUndefined();
  });
});

// The otplib 12 trap (issue 13 item 1), measured: otplib 12's totp and authenticator repeat a key shorter
// than 20 / 32 / 64 units (SHA-1 / SHA-256 / SHA-512) up to that length before keying the HMAC, counting
// units in the key's encoding: bytes for `totp`'s default ascii, hex digits (two a byte) for the base32
// secrets of `authenticator`. Such accounts' codes differ from RFC 6238, oathtool, pyotp and totp-enroll.
// otplib 12 is the real package (devDependency `otplib12`, an npm alias of otplib@12).
import { authenticator, totp } from 'otplib12';
import { describe, expect, it } from 'vitest';
import { encodeSecret } from '../src/secret.js';
import { generateTotp } from '../src/totp.js';
import { harness, ok, why } from './helpers/enrollment.js';

const ASCII_KEY = '12345678901234567890'; // RFC 6238's SHA-1 seed, 20 bytes: the 20-byte key case for SHA-512
const B32 = encodeSecret(new TextEncoder().encode(ASCII_KEY));
const otplib = (algorithm: string, digits: number, epoch: number) =>
  authenticator.clone({ algorithm: algorithm.toLowerCase() as never, digits, epoch });
/**
 * The HMAC key otplib 12 really uses (its `totpPadSecret`): with `units` the key's length in its encoding
 * (hex digits for authenticator) below `min` (20 / 32 / 64), the key repeated `min - units` times, cut at
 * `min` bytes.
 */
function otplib12Key(key: Uint8Array, algorithm: 'SHA1' | 'SHA256' | 'SHA512', units = key.length * 2): Uint8Array {
  const min = { SHA1: 20, SHA256: 32, SHA512: 64 }[algorithm];
  if (units >= min) return key;
  return Uint8Array.from({ length: Math.min((min - units) * key.length, min) }, (_, i) => key[i % key.length]!);
}
const bytes = (n: number) => Uint8Array.from({ length: n }, (_, i) => (i * 13 + 7) & 0xff);

describe('otplib 12 repeats short keys (the measured trap)', () => {
  it('SHA-512, the 20-byte key, t = 59 s: otplib 12 gives 90693936, totp-enroll 69342147 (as oathtool and pyotp)', () => {
    expect(otplib('SHA512', 8, 59_000).generate(B32)).toBe('90693936');
    expect(totp.clone({ algorithm: 'sha512' as never, digits: 8, epoch: 59_000 }).generate(ASCII_KEY)).toBe('90693936');
    const key = new TextEncoder().encode(ASCII_KEY);
    expect(generateTotp(otplib12Key(key, 'SHA512'), { algorithm: 'SHA512', digits: 8, now: 59_000 })).toBe('90693936');
    expect(generateTotp(otplib12Key(key, 'SHA512', key.length), { algorithm: 'SHA512', digits: 8, now: 59_000 })).toBe('90693936');
    expect(generateTotp(B32, { algorithm: 'SHA512', digits: 8, now: 59_000 })).toBe('69342147');
  });

  // [algorithm, key bytes, same code as RFC 6238?] for authenticator (base32 secrets).
  it.each([
    ['SHA1', 9, false],
    ['SHA1', 10, true],
    ['SHA1', 20, true],
    ['SHA256', 15, false],
    ['SHA256', 16, true],
    ['SHA256', 20, true],
    ['SHA512', 20, false],
    ['SHA512', 31, false],
    ['SHA512', 32, true],
    ['SHA512', 64, true],
  ] as const)('authenticator %s with a %i-byte key agrees with RFC 6238: %s', (algorithm, n, same) => {
    const secret = encodeSecret(bytes(n));
    for (const now of [59_000, 1_111_111_109_000, 2_000_000_000_000]) {
      const theirs = otplib(algorithm, 6, now).generate(secret);
      expect(theirs === generateTotp(secret, { algorithm, now, minSecretBytes: 1 })).toBe(same);
      // What otplib 12 computes is RFC 6238 keyed with the repeated key: that key reproduces its codes.
      expect(generateTotp(otplib12Key(bytes(n), algorithm), { algorithm, now, minSecretBytes: 1 })).toBe(theirs);
    }
  });

  it('totp with its default ascii encoding counts characters: a 10-byte SHA-1 key differs there too', () => {
    const ascii = 'abcdefghij';
    const theirs = totp.clone({ digits: 6, epoch: 59_000 }).generate(ascii);
    const key = new TextEncoder().encode(ascii);
    expect(theirs).not.toBe(generateTotp(key, { now: 59_000, minSecretBytes: 1 }));
    expect(theirs).toBe(generateTotp(otplib12Key(key, 'SHA1', key.length), { now: 59_000, minSecretBytes: 1 }));
  });

  it('detection at import: a current code from the user tells which key their device computes with', async () => {
    const h = harness();
    const key = new TextEncoder().encode(ASCII_KEY);
    const otplibCode = otplib('SHA512', 6, h.clock.now + 30_000).generate(B32); // what an otplib-12 device shows
    // Imported as stored, the otplib-12 device's code is refused...
    ok(await h.mfa.importFactor('u1', { secret: B32, algorithm: 'SHA512', lastStep: 0 }));
    h.advance(30_000);
    expect(why(await h.mfa.verify('u1', otplibCode))).toBe('mismatch');
    // ...and imported with the key repeated as otplib 12 did, the same device signs in.
    ok(await h.mfa.importFactor('u2', { secret: otplib12Key(key, 'SHA512'), algorithm: 'SHA512', lastStep: 0 }));
    expect(why(await h.mfa.verify('u2', otplibCode))).toBe('ok');
  });
});

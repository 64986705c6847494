// RFC 4226 Appendix D and RFC 6238 Appendix B, every row, as data tables.
import { describe, expect, it } from 'vitest';
import { encodeSecret, generateHotp, generateTotp, timeStep, verifyTotp, type Algorithm } from '../src/index.js';

const ascii = (s: string) => new TextEncoder().encode(s);
const SEED20 = ascii('12345678901234567890');
const SEED32 = ascii('12345678901234567890123456789012');
const SEED64 = ascii('1234567890123456789012345678901234567890123456789012345678901234');
const SEEDS: Record<Algorithm, Uint8Array> = { SHA1: SEED20, SHA256: SEED32, SHA512: SEED64 };

// RFC 4226 Appendix D: counter -> 6-digit HOTP for the 20-byte ASCII seed.
const HOTP_VECTORS: [number, string][] = [
  [0, '755224'],
  [1, '287082'],
  [2, '359152'],
  [3, '969429'],
  [4, '338314'],
  [5, '254676'],
  [6, '287922'],
  [7, '162583'],
  [8, '399871'],
  [9, '520489'],
];

// RFC 6238 Appendix B: Unix seconds, step (hex in the RFC), algorithm, 8-digit TOTP.
const TOTP_VECTORS: [number, number, Algorithm, string][] = [
  [59, 0x1, 'SHA1', '94287082'],
  [59, 0x1, 'SHA256', '46119246'],
  [59, 0x1, 'SHA512', '90693936'],
  [1111111109, 0x23523ec, 'SHA1', '07081804'],
  [1111111109, 0x23523ec, 'SHA256', '68084774'],
  [1111111109, 0x23523ec, 'SHA512', '25091201'],
  [1111111111, 0x23523ed, 'SHA1', '14050471'],
  [1111111111, 0x23523ed, 'SHA256', '67062674'],
  [1111111111, 0x23523ed, 'SHA512', '99943326'],
  [1234567890, 0x273ef07, 'SHA1', '89005924'],
  [1234567890, 0x273ef07, 'SHA256', '91819424'],
  [1234567890, 0x273ef07, 'SHA512', '93441116'],
  [2000000000, 0x3f940aa, 'SHA1', '69279037'],
  [2000000000, 0x3f940aa, 'SHA256', '90698825'],
  [2000000000, 0x3f940aa, 'SHA512', '38618901'],
  [20000000000, 0x27bc86aa, 'SHA1', '65353130'],
  [20000000000, 0x27bc86aa, 'SHA256', '77737706'],
  [20000000000, 0x27bc86aa, 'SHA512', '47863826'],
];

describe('RFC 4226 Appendix D', () => {
  it.each(HOTP_VECTORS)('counter %i -> %s', (counter, code) => {
    expect(generateHotp(SEED20, counter)).toBe(code);
    expect(generateHotp(SEED20, BigInt(counter))).toBe(code);
    expect(generateHotp(encodeSecret(SEED20), counter)).toBe(code);
  });
});

describe('RFC 6238 Appendix B', () => {
  it.each(TOTP_VECTORS)('t=%i step=%i %s -> %s', (seconds, step, algorithm, code) => {
    const now = seconds * 1000;
    expect(timeStep(now)).toBe(step);
    expect(generateTotp(SEEDS[algorithm], { now, algorithm, digits: 8 })).toBe(code);
    expect(generateTotp(encodeSecret(SEEDS[algorithm]), { now, algorithm, digits: 8 })).toBe(code);
    expect(generateHotp(SEEDS[algorithm], step, { algorithm, digits: 8 })).toBe(code);
    expect(verifyTotp(SEEDS[algorithm], code, { now, algorithm, digits: 8 })).toEqual({ ok: true, step, delta: 0 });
  });

  it('the 6-digit code is the last six digits of the 8-digit one', () => {
    for (const [seconds, , algorithm, code] of TOTP_VECTORS) {
      expect(generateTotp(SEEDS[algorithm], { now: seconds * 1000, algorithm })).toBe(code.slice(2));
    }
  });
});

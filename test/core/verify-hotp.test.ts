// verifyHotp: counter-based verification for hardware OATH tokens and HOTP URIs, with the same strict
// code rules as TOTP, a capped look-ahead, and the matched counter returned so the caller stores the next.
import { describe, expect, it } from 'vitest';
import { MAX_LOOK_AHEAD, OtpError, generateHotp, verifyHotp } from '../../src/index.js';

const KEY = new TextEncoder().encode('12345678901234567890');
// RFC 4226 Appendix D: HOTP values for counters 0..9 of the key above.
const APPENDIX_D = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489'];

describe('RFC 4226 Appendix D', () => {
  it.each(APPENDIX_D.map((code, counter) => [counter, code] as const))('counter %i -> %s', (counter, code) => {
    expect(verifyHotp(KEY, code, { counter })).toEqual({ ok: true, counter, delta: 0 });
    expect(verifyHotp(KEY, code, { counter: BigInt(counter) })).toEqual({ ok: true, counter: BigInt(counter), delta: 0 });
  });

  it('a code of a later counter is found within the look-ahead, with its delta', () => {
    expect(verifyHotp(KEY, APPENDIX_D[7]!, { counter: 3, lookAhead: 5 })).toEqual({ ok: true, counter: 7, delta: 4 });
    expect(verifyHotp(KEY, APPENDIX_D[7]!, { counter: 3, lookAhead: 3 })).toEqual({ ok: false, reason: 'mismatch' });
  });

  it('look-ahead defaults to 0 and never looks back', () => {
    expect(verifyHotp(KEY, APPENDIX_D[1]!, { counter: 0 })).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifyHotp(KEY, APPENDIX_D[1]!, { counter: 2, lookAhead: 10 })).toEqual({ ok: false, reason: 'mismatch' });
  });

  it('storing counter + 1 makes the same code fail next time', () => {
    const first = verifyHotp(KEY, APPENDIX_D[4]!, { counter: 2, lookAhead: 5 });
    expect(first.ok).toBe(true);
    if (!first.ok) return;
    expect(verifyHotp(KEY, APPENDIX_D[4]!, { counter: first.counter + 1, lookAhead: 5 }).ok).toBe(false);
  });
});

describe('counters across the 64-bit range', () => {
  it('bigint counters up to 2^64-1; the look-ahead stops at the last counter', () => {
    const max = 2n ** 64n - 1n;
    const code = generateHotp(KEY, max);
    expect(verifyHotp(KEY, code, { counter: max - 2n, lookAhead: 10 })).toEqual({ ok: true, counter: max, delta: 2 });
    expect(verifyHotp(KEY, generateHotp(KEY, 0), { counter: max - 1n, lookAhead: 10 })).toEqual({ ok: false, reason: 'mismatch' });
  });

  it('number counters stop at 2^53-1', () => {
    const last = Number.MAX_SAFE_INTEGER;
    expect(verifyHotp(KEY, generateHotp(KEY, last), { counter: last - 1, lookAhead: 5 })).toEqual({ ok: true, counter: last, delta: 1 });
  });
});

describe('strict codes and bounded options', () => {
  it.each([' 755224', '755224 ', '75522', '7552244', '７５５２２４', 755224, null, '+75522'])('%j is malformed', (code) => {
    expect(verifyHotp(KEY, code, { counter: 0, lookAhead: 3 })).toEqual({ ok: false, reason: 'malformed' });
  });

  it.each([
    ['lookAhead above the cap', { counter: 0, lookAhead: MAX_LOOK_AHEAD + 1 }, 'lookAhead'],
    ['negative lookAhead', { counter: 0, lookAhead: -1 }, 'lookAhead'],
    ['fractional lookAhead', { counter: 0, lookAhead: 1.5 }, 'lookAhead'],
    ['no counter', {}, 'counter'],
    ['negative counter', { counter: -1 }, 'counter'],
    ['unsafe counter', { counter: 2 ** 53 }, 'counter'],
    ['counter above 2^64-1', { counter: 2n ** 64n }, 'counter'],
  ])('%s is INVALID_OPTION', (_, options, field) => {
    expect(() => verifyHotp(KEY, '755224', options as never)).toThrowError(expect.objectContaining({ code: 'INVALID_OPTION', field }));
  });

  it('SHA256/SHA512 and 8 digits agree with generateHotp', () => {
    for (const algorithm of ['SHA1', 'SHA256', 'SHA512'] as const) {
      const code = generateHotp(KEY, 1234, { algorithm, digits: 8 });
      expect(verifyHotp(KEY, code, { counter: 1230, lookAhead: 4, algorithm, digits: 8 })).toEqual({ ok: true, counter: 1234, delta: 4 });
    }
  });

  it('short legacy keys need minSecretBytes', () => {
    const short = new Uint8Array(10).fill(3);
    expect(() => verifyHotp(short, '123456', { counter: 0 })).toThrowError(OtpError);
    const code = generateHotp(short, 5, { minSecretBytes: 10 });
    expect(verifyHotp(short, code, { counter: 5, minSecretBytes: 10 }).ok).toBe(true);
  });
});

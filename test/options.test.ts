// Programmer errors throw OtpError('INVALID_OPTION' | 'INVALID_SECRET') naming the option, and no
// message ever contains the secret or the submitted code.
import { describe, expect, it } from 'vitest';
import { OtpError, generateHotp, generateTotp, timeStep, verifyTotp } from '../src/index.js';

const SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const CODE = '287082';

function thrown(fn: () => unknown): OtpError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(OtpError);
    const err = e as OtpError;
    expect(err.message).not.toContain(SECRET.slice(0, 12));
    expect(err.message).not.toContain(CODE);
    return err;
  }
  throw new Error('expected an OtpError');
}

const BAD_OPTIONS: [string, Record<string, unknown>, string][] = [
  ['period 0', { period: 0 }, 'period'],
  ['period -30', { period: -30 }, 'period'],
  ['period 121', { period: 121 }, 'period'],
  ['period 30.5', { period: 30.5 }, 'period'],
  ['period NaN', { period: Number.NaN }, 'period'],
  ['period "30"', { period: '30' }, 'period'],
  ['t0 1.5', { t0: 1.5 }, 't0'],
  ['t0 NaN', { t0: Number.NaN }, 't0'],
  ['t0 after now', { t0: 2_000_000_000, now: 1_000 }, 'now'],
  ['now NaN', { now: Number.NaN }, 'now'],
  ['now Infinity', { now: Infinity }, 'now'],
  ['now -Infinity', { now: -Infinity }, 'now'],
  ['now negative', { now: -1 }, 'now'],
  ['now beyond 2^53', { now: 2 ** 60 }, 'now'],
  ['now a Date', { now: new Date(0) }, 'now'],
  ['digits 5', { digits: 5 }, 'digits'],
  ['digits 9', { digits: 9 }, 'digits'],
  ['digits 10', { digits: 10 }, 'digits'],
  ['digits "6"', { digits: '6' }, 'digits'],
  ['algorithm MD5', { algorithm: 'MD5' }, 'algorithm'],
  ['algorithm sha1 (lowercase)', { algorithm: 'sha1' }, 'algorithm'],
  ['algorithm SHA224', { algorithm: 'SHA224' }, 'algorithm'],
  ['afterStep 1.5', { afterStep: 1.5 }, 'afterStep'],
  ['afterStep NaN', { afterStep: Number.NaN }, 'afterStep'],
];

describe('bad options throw INVALID_OPTION naming the option', () => {
  it.each(BAD_OPTIONS)('%s', (_, options, field) => {
    for (const call of [() => generateTotp(SECRET, options), () => verifyTotp(SECRET, CODE, options)]) {
      if (field === 'afterStep' && call === undefined) continue;
      const opts = field === 'afterStep' ? options : options;
      const err = thrown(field === 'afterStep' ? () => verifyTotp(SECRET, CODE, opts) : call);
      expect(err.code).toBe('INVALID_OPTION');
      expect(err.field).toBe(field);
    }
  });

  it('timeStep validates now, period and t0', () => {
    expect(thrown(() => timeStep(Number.NaN)).field).toBe('now');
    expect(thrown(() => timeStep(0, { period: 0 })).field).toBe('period');
    expect(thrown(() => timeStep(0, { t0: 0.5 })).field).toBe('t0');
    expect(timeStep(59_999)).toBe(1);
    expect(timeStep(60_000)).toBe(2);
    expect(timeStep(90_000, { t0: 30 })).toBe(2);
    expect(timeStep(120_000, { period: 120 })).toBe(1);
  });

  it.each([-1, 1.5, Number.NaN, 2 ** 53, -1n, 2n ** 64n, '1'])('HOTP counter %s throws', (counter) => {
    expect(thrown(() => generateHotp(SECRET, counter as never)).field).toBe('counter');
  });

  it('bad secrets throw INVALID_SECRET from every function, even with a malformed code', () => {
    for (const secret of ['', 'not base32!', new Uint8Array(8), 42]) {
      expect(thrown(() => generateTotp(secret as never, { now: 0 })).code).toBe('INVALID_SECRET');
      expect(thrown(() => verifyTotp(secret as never, CODE, { now: 0 })).code).toBe('INVALID_SECRET');
      expect(thrown(() => verifyTotp(secret as never, 'x', { now: 0 })).code).toBe('INVALID_SECRET');
      expect(thrown(() => generateHotp(secret as never, 0)).code).toBe('INVALID_SECRET');
    }
  });

  it('defaults now to the clock when it is omitted', () => {
    const code = generateTotp(SECRET);
    expect(code).toMatch(/^\d{6}$/);
    // Generated and checked within a second of each other: the default ±1 window covers a step boundary.
    expect(verifyTotp(SECRET, code).ok).toBe(true);
  });
});

// 2,000 random (secret, time, algorithm, digits, period) cases agree with two independent
// implementations: otpauth (in-process) and pyotp (Debian's python3-pyotp, one batch process).
import fc from 'fast-check';
import * as OTPAuth from 'otpauth';
import { describe, expect, it } from 'vitest';
import { encodeSecret, generateTotp, verifyTotp, type Algorithm, type Digits } from '../src/index.js';
import { PYTHON, pyotpTotp, requireTool } from './helpers/oracles.js';

const CASES = 2000;

interface Case {
  key: Uint8Array;
  seconds: number;
  algorithm: Algorithm;
  digits: Digits;
  period: number;
}

const arbCase: fc.Arbitrary<Case> = fc.record({
  key: fc.uint8Array({ minLength: 16, maxLength: 64 }),
  // Up to year 5138: past 2^31 and 2^32 seconds.
  seconds: fc.oneof(fc.integer({ min: 0, max: 2 ** 31 }), fc.integer({ min: 0, max: 100_000_000_000 })),
  algorithm: fc.constantFrom<Algorithm>('SHA1', 'SHA256', 'SHA512'),
  digits: fc.constantFrom<Digits>(6, 7, 8),
  period: fc.oneof(fc.constant(30), fc.constant(60), fc.integer({ min: 1, max: 120 })),
});

// A fixed seed: the same 2,000 cases every run, so a failure reproduces.
const cases = fc.sample(arbCase, { numRuns: CASES, seed: 6238 });

function ours(c: Case): string {
  return generateTotp(encodeSecret(c.key), { now: c.seconds * 1000, algorithm: c.algorithm, digits: c.digits, period: c.period });
}

describe(`cross-check of ${CASES} random cases`, () => {
  it('agree with otpauth', () => {
    let checked = 0;
    for (const c of cases) {
      const theirs = new OTPAuth.TOTP({
        secret: new OTPAuth.Secret({ buffer: c.key.slice().buffer }),
        algorithm: c.algorithm,
        digits: c.digits,
        period: c.period,
      }).generate({ timestamp: c.seconds * 1000 });
      expect(ours(c), JSON.stringify({ ...c, key: '<key>' })).toBe(theirs);
      checked++;
    }
    expect(checked).toBe(CASES);
  });

  const skip = requireTool(PYTHON, 'python3-pyotp');
  it.skipIf(skip !== null)('agree with pyotp', () => {
    const theirs = pyotpTotp(
      cases.map((c) => ({ secret: encodeSecret(c.key), time: c.seconds, algorithm: c.algorithm, digits: c.digits, period: c.period })),
    );
    expect(theirs).toHaveLength(CASES);
    cases.forEach((c, i) => expect(ours(c)).toBe(theirs[i]));
  });

  it('every generated code verifies at the same moment with delta 0', () => {
    for (const c of cases) {
      const opts = { now: c.seconds * 1000, algorithm: c.algorithm, digits: c.digits, period: c.period };
      const r = verifyTotp(c.key, ours(c), opts);
      expect(r.ok && r.delta).toBe(0);
    }
  });
});

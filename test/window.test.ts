// The drift window: exactly `past`/`future` steps accepted and one more refused; `afterStep`
// (RFC 6238 §5.2 one-time rule) at, below and above the matched step; `drift` recentres the window.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OtpError, generateHotp, generateTotp, timeStep, verifyTotp } from '../src/index.js';

const SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const NOW = 1_700_000_015_000; // the middle of a step
const CURRENT = timeStep(NOW);
const codeAt = (step: number) => generateHotp(SECRET, step);

describe('window edges', () => {
  it('defaults to one step on each side: T-1, T, T+1 accepted; T-2 and T+2 refused', () => {
    for (const d of [-1, 0, 1]) expect(verifyTotp(SECRET, codeAt(CURRENT + d), { now: NOW })).toEqual({ ok: true, step: CURRENT + d, delta: d });
    for (const d of [-2, 2]) expect(verifyTotp(SECRET, codeAt(CURRENT + d), { now: NOW })).toEqual({ ok: false, reason: 'mismatch' });
  });

  const SIDES: [number, number][] = [
    [0, 0],
    [1, 0],
    [0, 1],
    [2, 1],
    [1, 3],
    [10, 10],
  ];
  it.each(SIDES)('past=%i future=%i: the edges are in, one more is out', (past, future) => {
    const window = { past, future };
    expect(verifyTotp(SECRET, codeAt(CURRENT - past), { now: NOW, window })).toMatchObject({ ok: true, delta: 0 - past });
    expect(verifyTotp(SECRET, codeAt(CURRENT + future), { now: NOW, window })).toMatchObject({ ok: true, delta: future });
    expect(verifyTotp(SECRET, codeAt(CURRENT - past - 1), { now: NOW, window })).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifyTotp(SECRET, codeAt(CURRENT + future + 1), { now: NOW, window })).toEqual({ ok: false, reason: 'mismatch' });
  });

  it('a number is the same window on both sides', () => {
    expect(verifyTotp(SECRET, codeAt(CURRENT - 3), { now: NOW, window: 3 })).toMatchObject({ ok: true, delta: -3 });
    expect(verifyTotp(SECRET, codeAt(CURRENT + 3), { now: NOW, window: 3 })).toMatchObject({ ok: true, delta: 3 });
    expect(verifyTotp(SECRET, codeAt(CURRENT + 4), { now: NOW, window: 3 }).ok).toBe(false);
  });

  it('window 0 accepts the current step only (not "always invalid", not "any")', () => {
    expect(verifyTotp(SECRET, codeAt(CURRENT), { now: NOW, window: 0 })).toEqual({ ok: true, step: CURRENT, delta: 0 });
    expect(verifyTotp(SECRET, codeAt(CURRENT - 1), { now: NOW, window: 0 }).ok).toBe(false);
  });

  it('the window never reaches below step 0', () => {
    expect(verifyTotp(SECRET, codeAt(0), { now: 0, window: 5 })).toEqual({ ok: true, step: 0, delta: 0 });
    expect(verifyTotp(SECRET, codeAt(1), { now: 0, window: 5 })).toEqual({ ok: true, step: 1, delta: 1 });
  });

  it.each([11, -1, 1.5, Number.NaN, { past: 11, future: 0 }, { past: 0, future: -1 }, { past: 1 }, null, '1'])(
    'window %j throws INVALID_OPTION',
    (window) => {
      expect(() => verifyTotp(SECRET, codeAt(CURRENT), { now: NOW, window: window as never })).toThrow(OtpError);
    },
  );
});

describe('afterStep (one-time use)', () => {
  it('matched step <= afterStep is replayed; above it is ok', () => {
    const code = codeAt(CURRENT);
    expect(verifyTotp(SECRET, code, { now: NOW, afterStep: CURRENT })).toEqual({ ok: false, reason: 'replayed' });
    expect(verifyTotp(SECRET, code, { now: NOW, afterStep: CURRENT + 1 })).toEqual({ ok: false, reason: 'replayed' });
    expect(verifyTotp(SECRET, code, { now: NOW, afterStep: CURRENT - 1 })).toEqual({ ok: true, step: CURRENT, delta: 0 });
  });

  it('a code from the trailing step cannot be reused after a newer one was accepted (devise-two-factor CVE-2021-43177)', () => {
    const newer = verifyTotp(SECRET, codeAt(CURRENT), { now: NOW });
    expect(newer.ok).toBe(true);
    const lastStep = newer.ok ? newer.step : -1;
    expect(verifyTotp(SECRET, codeAt(CURRENT - 1), { now: NOW, afterStep: lastStep })).toEqual({ ok: false, reason: 'replayed' });
  });

  it('a wrong code is a mismatch, not replayed, whatever afterStep says', () => {
    const wrong = codeAt(CURRENT + 5);
    expect(verifyTotp(SECRET, wrong, { now: NOW, afterStep: CURRENT + 10 })).toEqual({ ok: false, reason: 'mismatch' });
  });

  it('property: a success always has step > afterStep, and using the returned step makes the same code fail', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1, max: 1 }), fc.integer({ min: -3, max: 3 }), (d, after) => {
        const code = codeAt(CURRENT + d);
        const r = verifyTotp(SECRET, code, { now: NOW, afterStep: CURRENT + after });
        if (r.ok) {
          expect(r.step).toBeGreaterThan(CURRENT + after);
          expect(verifyTotp(SECRET, code, { now: NOW, afterStep: r.step })).toEqual({ ok: false, reason: 'replayed' });
        } else {
          expect(r.reason).toBe('replayed');
          expect(CURRENT + d).toBeLessThanOrEqual(CURRENT + after);
        }
      }),
    );
  });
});

describe('drift', () => {
  it('centres the window on current + drift and reports delta against the current step', () => {
    expect(verifyTotp(SECRET, codeAt(CURRENT + 4), { now: NOW, drift: 3 })).toEqual({ ok: true, step: CURRENT + 4, delta: 4 });
    expect(verifyTotp(SECRET, codeAt(CURRENT + 2), { now: NOW, drift: 3 })).toMatchObject({ ok: true, delta: 2 });
    expect(verifyTotp(SECRET, codeAt(CURRENT + 1), { now: NOW, drift: 3 }).ok).toBe(false);
    expect(verifyTotp(SECRET, codeAt(CURRENT - 5), { now: NOW, drift: -4 })).toMatchObject({ ok: true, delta: -5 });
  });

  it.each([0.5, Number.NaN, Infinity])('drift %s throws', (drift) => {
    expect(() => verifyTotp(SECRET, codeAt(CURRENT), { now: NOW, drift })).toThrow(OtpError);
  });
});

describe('properties', () => {
  it('a code generated at now verifies at now with delta 0', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 45 }),
        fc.constantFrom('SHA1', 'SHA256', 'SHA512' as const),
        fc.constantFrom(6, 7, 8 as const),
        fc.integer({ min: 1, max: 120 }),
        (now, algorithm, digits, period) => {
          const opts = { now, algorithm, digits, period };
          const r = verifyTotp(SECRET, generateTotp(SECRET, opts), opts);
          expect(r).toEqual({ ok: true, step: timeStep(now, { period }), delta: 0 });
        },
      ),
    );
  });

  it('a code from k steps away verifies exactly when k is inside the window', () => {
    fc.assert(
      fc.property(fc.integer({ min: -6, max: 6 }), fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 4 }), (k, past, future) => {
        const r = verifyTotp(SECRET, codeAt(CURRENT + k), { now: NOW, window: { past, future } });
        // Codes of different steps can collide (about 1 in 10^6): only assert the direction that cannot.
        if (k >= -past && k <= future) expect(r).toEqual({ ok: true, step: CURRENT + k, delta: k });
        else expect(r.ok && r.step === CURRENT + k).toBe(false);
      }),
    );
  });
});

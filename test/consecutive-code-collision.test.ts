// Two consecutive steps with the same six digits (about 1 in 10^6 per pair of steps). Before, the second
// submission of such a code was taken as the next step's own code (inside the window) and accepted: the one
// failure the live-reshard test saw in CI ("1 replays accepted, not ok: ["replayed"]", 2399 ok), one store,
// one record, no Redis involved. Now digits that match a used step are `replayed` wherever else they match:
// whoever saw a code submitted cannot sign in with it a step later (RFC 6238 §5.2: the verifier MUST NOT
// accept the second attempt of the OTP).
import { describe, expect, it } from 'vitest';
import { generateTotp, verifyTotp } from '../src/totp.js';
import { PERIOD_MS, SECRET, harness, why } from './helpers/enrollment.js';

/** RFC 6238's key gives 896878 at this step and at the next (found by walking its steps). */
const STEP = 65_343_997;
const CODE = '896878';

describe('consecutive steps with equal codes', () => {
  it('the vector: the same code at STEP and STEP + 1, a different one on either side', () => {
    const at = (s: number) => generateTotp(SECRET, { now: s * PERIOD_MS });
    expect([at(STEP), at(STEP + 1)]).toEqual([CODE, CODE]);
    expect(at(STEP - 1)).not.toBe(CODE);
    expect(at(STEP + 2)).not.toBe(CODE);
  });

  it('verifyTotp: digits matching a used step are replayed even though an unused step of the window has them too', () => {
    const now = STEP * PERIOD_MS + 1_000;
    expect(verifyTotp(SECRET, CODE, { now, afterStep: STEP - 1 })).toEqual({ ok: true, step: STEP, delta: 0 });
    expect(verifyTotp(SECRET, CODE, { now, afterStep: STEP })).toEqual({ ok: false, reason: 'replayed' });
    // A step later the same digits are still refused while the used step is in the window...
    expect(verifyTotp(SECRET, CODE, { now: now + PERIOD_MS, afterStep: STEP })).toEqual({ ok: false, reason: 'replayed' });
    // ...and without a used step among them, the later step matches as before.
    expect(verifyTotp(SECRET, CODE, { now, afterStep: STEP - 2 })).toEqual({ ok: true, step: STEP, delta: 0 });
    expect(verifyTotp(SECRET, CODE, { now: now + PERIOD_MS, afterStep: STEP - 1 })).toEqual({ ok: true, step: STEP + 1, delta: 0 });
  });

  it('the service: a code accepted once is replayed on its second submission, also when the next step has the same digits', async () => {
    const h = harness();
    h.clock.now = STEP * PERIOD_MS + 1_000;
    expect(await h.mfa.importFactor('u1', { secret: SECRET, lastStep: STEP - 1 })).toMatchObject({ ok: true });
    expect(await h.mfa.verify('u1', CODE)).toEqual({ ok: true, delta: 0 });
    expect(why(await h.mfa.verify('u1', CODE))).toBe('replayed');
    // The user's app shows the same digits for one more step; they wait for the next code.
    h.advance(PERIOD_MS);
    expect(why(await h.mfa.verify('u1', CODE))).toBe('replayed');
    h.advance(PERIOD_MS);
    expect(await h.mfa.verify('u1', generateTotp(SECRET, { now: h.clock.now }))).toEqual({ ok: true, delta: 0 });
  });
});

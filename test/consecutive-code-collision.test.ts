// Two consecutive steps with the same six digits (about 1 in 10^6 per pair of steps): the second
// submission of that code is the next step's own code, so it is accepted as that step, and the next
// step's first submission is then `replayed`. This is the one failure the live-reshard test saw in CI
// ("1 replays accepted, not ok: ["replayed"]", 2399 ok): one store, one record, no Redis involved.
import { describe, expect, it } from 'vitest';
import { generateTotp } from '../src/totp.js';
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

  it('a code verified twice in its step is taken the second time as the next step, whose own first submission is then refused as replayed', async () => {
    const h = harness();
    h.clock.now = STEP * PERIOD_MS + 1_000;
    expect(await h.mfa.importFactor('u1', { secret: SECRET, lastStep: STEP - 1 })).toMatchObject({ ok: true });
    expect(await h.mfa.verify('u1', CODE)).toEqual({ ok: true, delta: 0 });
    // Not the same one-time password again: the same digits are step STEP + 1's code, inside the window.
    expect(await h.mfa.verify('u1', CODE)).toEqual({ ok: true, delta: 1 });
    expect(why(await h.mfa.verify('u1', CODE))).toBe('replayed');
    h.advance(PERIOD_MS);
    // Step STEP + 1 is used already, so its code is refused at its own step.
    expect(why(await h.mfa.verify('u1', CODE))).toBe('replayed');
  });
});

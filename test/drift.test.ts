// Drift (RFC 6238 §6): the window is centred on the stored drift, which successes re-measure.
import { describe, expect, it } from 'vitest';
import { PERIOD_MS, codeAtStep, enroll, harness } from './helpers/enrollment.js';

describe('drift', () => {
  // [offset of the submitted code from the current step, with drift 0] -> accepted?
  it.each([
    [-2, false],
    [-1, true],
    [0, true],
    [1, true],
    [2, false],
  ])('with no drift a code at current%+d is %s', async (offset, accepted) => {
    const h = harness();
    const secret = await enroll(h);
    h.advance(5 * PERIOD_MS); // far from the pairing steps
    const result = await h.mfa.verify('u1', codeAtStep(secret, h.step() + offset));
    expect(result.ok).toBe(accepted);
    if (result.ok) expect(result.delta).toBe(offset);
  });

  it('a success stores its delta as the new drift, and the window follows it', async () => {
    const h = harness();
    const secret = await enroll(h);
    h.advance(5 * PERIOD_MS);
    expect(await h.mfa.verify('u1', codeAtStep(secret, h.step() + 1))).toEqual({ ok: true, delta: 1 });
    expect((await h.mfa.status('u1')).drift).toBe(1);
    h.advance(3 * PERIOD_MS);
    // Centred on current+1: +2 is inside now, -1 is not.
    expect(await h.mfa.verify('u1', codeAtStep(secret, h.step() + 2))).toEqual({ ok: true, delta: 2 });
    h.advance(3 * PERIOD_MS);
    expect((await h.mfa.verify('u1', codeAtStep(secret, h.step() - 1))).ok).toBe(false);
    expect((await h.mfa.status('u1')).drift).toBe(2);
  });

  it('an app whose clock runs ahead is followed one step at a time', async () => {
    const h = harness();
    const secret = await enroll(h);
    for (let ahead = 1; ahead <= 5; ahead++) {
      h.advance(10 * PERIOD_MS);
      const result = await h.mfa.verify('u1', codeAtStep(secret, h.step() + ahead));
      expect(result).toEqual({ ok: true, delta: ahead });
    }
    expect((await h.mfa.status('u1')).drift).toBe(5);
  });

  it('a jump of two steps beyond the drift needs resync', async () => {
    const h = harness();
    const secret = await enroll(h);
    h.advance(5 * PERIOD_MS);
    expect((await h.mfa.verify('u1', codeAtStep(secret, h.step() + 3))).ok).toBe(false);
  });
});

// Issue 11 item 5: resync was an oracle. resync(X, X) answered `not-consecutive` when X was the code of
// any step within ±11 and `mismatch` otherwise; a code learned for step +10 signed in 5 minutes later.
// Now `not-consecutive` means only "the two submissions are the same text", which reveals nothing about
// the secret; every other wrong pair is `mismatch`. verifyPairing follows the same rule.
import { describe, expect, it } from 'vitest';
import { PERIOD_MS, codeAtStep, enroll, harness, ok, wrongCode, why } from './helpers/enrollment.js';

describe('resync and pairing reveal nothing about other steps (issue 11 item 5)', () => {
  it('resync(X, X) answers the same for a code of step +10 as for a code of no step, and counts neither', async () => {
    const h = harness();
    const secret = await enroll(h);
    h.advance(20 * PERIOD_MS);
    const s = h.step();
    const future = codeAtStep(secret, s + 10);
    const none = wrongCode(secret, s, 12);
    expect(await h.mfa.resync('u1', future, future)).toEqual({ ok: false, reason: 'not-consecutive' });
    expect(await h.mfa.resync('u1', none, none)).toEqual({ ok: false, reason: 'not-consecutive' });
    expect((await h.mfa.status('u1')).failures).toBe(0);
  });

  it('the attack: probing every step of the window with resync(X, X) tells no step apart', async () => {
    const h = harness({ policy: { maxFailures: 100 } });
    const secret = await enroll(h);
    h.advance(20 * PERIOD_MS);
    const s = h.step();
    const answers = new Set<string>();
    for (let d = -11; d <= 11; d++) {
      const x = codeAtStep(secret, s + d);
      answers.add(why(await h.mfa.resync('u1', x, x)));
    }
    answers.add(why(await h.mfa.resync('u1', wrongCode(secret, s), wrongCode(secret, s))));
    expect([...answers]).toEqual(['not-consecutive']);
  });

  it('two different wrong codes are mismatch, whether or not they are codes of steps in the window', async () => {
    const h = harness({ policy: { maxFailures: 100 } });
    const secret = await enroll(h);
    h.advance(20 * PERIOD_MS);
    const s = h.step();
    const w = wrongCode(secret, s);
    const cases: [string, string][] = [
      [codeAtStep(secret, s + 5), codeAtStep(secret, s + 3)], // both codes of the window, not consecutive
      [codeAtStep(secret, s + 4), codeAtStep(secret, s + 3)], // reversed
      [codeAtStep(secret, s + 10), w], // one code of the window
      [w, wrongCode(secret, s, 12, w)], // no code of the window
    ];
    for (const [a, b] of cases) expect(await h.mfa.resync('u1', a, b)).toEqual({ ok: false, reason: 'mismatch' });
    expect((await h.mfa.status('u1')).failures).toBe(4);
  });

  it('verifyPairing: reversed or far-apart codes of the window are mismatch, like any wrong pair', async () => {
    const h = harness();
    const { secret } = ok(await h.mfa.beginEnrollment('u1', { accountName: 'a@example.com' }));
    const s = h.step();
    expect(await h.mfa.verifyPairing('u1', codeAtStep(secret, s), codeAtStep(secret, s - 1))).toEqual({ ok: false, reason: 'mismatch', attemptsLeft: 4 });
    expect(await h.mfa.verifyPairing('u1', codeAtStep(secret, s - 1), codeAtStep(secret, s + 1))).toEqual({ ok: false, reason: 'mismatch', attemptsLeft: 3 });
    const x = codeAtStep(secret, s);
    expect(await h.mfa.verifyPairing('u1', x, x)).toEqual({ ok: false, reason: 'not-consecutive' });
    expect(await h.mfa.verifyPairing('u1', codeAtStep(secret, s - 1), x)).toEqual({ ok: true, state: 'verified' });
  });
});

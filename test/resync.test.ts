// Resync (as AWS IAM ResyncMFADevice): two consecutive codes over a wide window re-measure drift.
import { describe, expect, it } from 'vitest';
import { PERIOD_MS, codeAtStep, enroll, harness, wrongCode, why } from './helpers/enrollment.js';

async function drifted(ahead: number) {
  const h = harness();
  const secret = await enroll(h);
  h.advance(20 * PERIOD_MS); // far past the pairing steps, so no test code is an old, used one
  const s = h.step();
  return { h, secret, s, pair: (a: number) => [codeAtStep(secret, s + a - 1), codeAtStep(secret, s + a)] as const, ahead };
}

describe('resync', () => {
  it.each([5, -5, 10, -9])('an app %i steps off: sign-in fails, resync measures it, sign-in works', async (ahead) => {
    const { h, secret, pair } = await drifted(ahead);
    expect((await h.mfa.verify('u1', codeAtStep(secret, h.step() + ahead))).ok).toBe(false);
    const [c1, c2] = pair(ahead);
    expect(await h.mfa.resync('u1', c1, c2)).toEqual({ ok: true, delta: ahead });
    expect((await h.mfa.status('u1')).drift).toBe(ahead);
    h.advance(PERIOD_MS);
    expect(await h.mfa.verify('u1', codeAtStep(secret, h.step() + ahead))).toEqual({ ok: true, delta: ahead });
  });

  it('beyond the resync window (±10) it is a mismatch', async () => {
    const { h, pair } = await drifted(12);
    const [c1, c2] = pair(12);
    expect((await h.mfa.resync('u1', c1, c2)).ok).toBe(false);
  });

  it.each([
    ['the same code twice', 0, 0, 'not-consecutive'],
    ['reversed', 1, 0, 'mismatch'],
    ['two steps apart', 0, 2, 'mismatch'],
    ['malformed', 'x', 0, 'malformed'],
    ['wrong', 'wrong', 'wrong2', 'mismatch'],
    ['the same wrong code twice', 'wrong', 'wrong', 'not-consecutive'],
  ] as const)('%s -> %s', async (_n, a, b, reason) => {
    const { h, secret, s } = await drifted(0);
    const w = wrongCode(secret, s);
    const code = (c: number | string): string =>
      typeof c === 'number' ? codeAtStep(secret, s + 3 + c) : c === 'wrong' ? w : c === 'wrong2' ? wrongCode(secret, s, 12, w) : c;
    expect(why(await h.mfa.resync('u1', code(a), code(b)))).toBe(reason);
  });

  it('codes at or before the last used step are replayed, not accepted', async () => {
    const { h, secret, s } = await drifted(0);
    expect((await h.mfa.verify('u1', codeAtStep(secret, s))).ok).toBe(true);
    expect(await h.mfa.resync('u1', codeAtStep(secret, s - 1), codeAtStep(secret, s))).toEqual({ ok: false, reason: 'replayed' });
  });

  it('codes used by resync cannot sign in afterwards', async () => {
    const { h, secret, s } = await drifted(0);
    expect((await h.mfa.resync('u1', codeAtStep(secret, s + 3), codeAtStep(secret, s + 4))).ok).toBe(true);
    expect(why(await h.mfa.verify('u1', codeAtStep(secret, s + 4)))).toBe('replayed');
  });

  it('wrong resync attempts count toward the lockout, and a lock refuses resync', async () => {
    const { h, secret, s } = await drifted(0);
    const wrong = wrongCode(secret, s);
    const wrong2 = wrongCode(secret, s, 12, wrong);
    for (let i = 0; i < 10; i++) await h.mfa.resync('u1', wrong, wrong2);
    expect(why(await h.mfa.resync('u1', codeAtStep(secret, s + 3), codeAtStep(secret, s + 4)))).toBe('locked');
  });

  it('needs enabled MFA', async () => {
    const h = harness();
    expect(await h.mfa.resync('nobody', '123456', '234567')).toEqual({ ok: false, reason: 'not-enabled' });
  });
});

// Issue 11 item 3: the lockout has a bound. A patient attacker who guesses at the very moment each lock
// ends gets a fixed number of guesses in a day and in a month, and at most 100 consecutive failures in
// total (NIST SP 800-63B): then the factor is suspended until an administrator unlocks it or the user
// signs in with a recovery code. The README states these numbers; this test computes them.
import { describe, expect, it } from 'vitest';
import type { MfaPolicy } from '../src/enrollment/policy.js';
import { codeAtStep, enroll, harness, ok, wrongCode, why } from './helpers/enrollment.js';

const DAY = 86_400_000;

/** Guesses wrong codes at the moment each lock ends, on an injected clock, until refused for good or `horizon` passes. */
async function patientAttacker(policy: Partial<MfaPolicy> = {}, horizon = 400 * DAY) {
  const h = harness({ policy });
  const secret = await enroll(h);
  ok(await h.mfa.generateRecoveryCodes('u1', { count: 2 }));
  const start = h.clock.now;
  const guesses: number[] = []; // ms after the start of each counted guess
  while (h.clock.now - start < horizon) {
    const result = await h.mfa.verify('u1', wrongCode(secret, h.step()));
    if (!result.ok && result.reason === 'mismatch') guesses.push(h.clock.now - start);
    else if (!result.ok && result.reason === 'suspended') {
      guesses.push(h.clock.now - start); // the suspending guess was counted too
      break;
    } else throw new Error(`unexpected ${why(result)}`);
    const status = await h.mfa.status('u1');
    if (status.lockedUntil !== null) h.clock.now = status.lockedUntil; // wait exactly until the lock ends
  }
  const within = (ms: number): number => guesses.filter((t) => t < ms).length;
  return { h, secret, guesses, day: within(DAY), month: within(30 * DAY), total: guesses.length };
}

describe('lockout bound (issue 11 item 3)', () => {
  it('at the defaults a patient attacker gets 16 guesses in a day, 45 in 30 days and 100 in total, then the factor is suspended', async () => {
    const { h, guesses, day, month, total } = await patientAttacker();
    expect({ day, month, total }).toEqual({ day: 16, month: 45, total: 100 });
    // The 100th consecutive failure is the last one, on day 84; nothing after it counts.
    expect(Math.floor(guesses.at(-1)! / DAY)).toBe(84);
    expect(await h.mfa.status('u1')).toMatchObject({ state: 'enabled', suspended: true, failures: 100, lockedUntil: null });
  });

  it('a suspended factor refuses verify and resync, even the right codes, however long one waits', async () => {
    const { h, secret } = await patientAttacker();
    h.advance(365 * DAY);
    expect(await h.mfa.verify('u1', codeAtStep(secret, h.step()))).toEqual({ ok: false, reason: 'suspended' });
    expect(await h.mfa.resync('u1', codeAtStep(secret, h.step() + 1), codeAtStep(secret, h.step() + 2))).toEqual({
      ok: false,
      reason: 'suspended',
    });
    expect((await h.mfa.status('u1')).failures).toBe(100); // refusals are not failures: the count never passes the cap
  });

  it('an administrator unlock lifts the suspension; the right code then signs in', async () => {
    const { h, secret } = await patientAttacker();
    expect(await h.mfa.unlock('u1', { actor: 'admin-1' })).toEqual({ ok: true, state: 'enabled' });
    expect(await h.mfa.status('u1')).toMatchObject({ suspended: false, failures: 0, lockedUntil: null });
    expect((await h.mfa.verify('u1', codeAtStep(secret, h.step()))).ok).toBe(true);
  });

  it('a recovery sign-in lifts the suspension', async () => {
    const h = harness({ policy: { maxFailures: 3, suspendAfterFailures: 3 } });
    const secret = await enroll(h);
    const [code] = ok(await h.mfa.generateRecoveryCodes('u1', { count: 1 })).codes;
    for (let i = 0; i < 3; i++) await h.mfa.verify('u1', wrongCode(secret, h.step()));
    expect((await h.mfa.status('u1')).suspended).toBe(true);
    expect(await h.mfa.useRecoveryCode('u1', code!)).toEqual({ ok: true, remaining: 0 });
    expect(await h.mfa.status('u1')).toMatchObject({ suspended: false, failures: 0 });
    expect((await h.mfa.verify('u1', codeAtStep(secret, h.step()))).ok).toBe(true);
  });

  it.each([
    [{ suspendAfterFailures: 20 }, { day: 16, month: 20, total: 20 }],
    [{ maxFailures: 5, suspendAfterFailures: 5 }, { day: 5, month: 5, total: 5 }],
    [{ maxFailures: 3 }, { day: 9, month: 38, total: 100 }],
  ])('the cap is configurable below 100: %j -> %j', async (policy, bound) => {
    const { day, month, total } = await patientAttacker(policy);
    expect({ day, month, total }).toEqual(bound);
  });

  it('resync guesses count toward the same bound', async () => {
    const h = harness({ policy: { maxFailures: 2, suspendAfterFailures: 4 } });
    const secret = await enroll(h);
    const a = wrongCode(secret, h.step());
    const b = wrongCode(secret, h.step(), 12, a);
    for (let i = 0; i < 4; i++) {
      await h.mfa.resync('u1', a, b);
      const s = await h.mfa.status('u1');
      if (s.lockedUntil !== null) h.clock.now = s.lockedUntil;
    }
    expect(await h.mfa.status('u1')).toMatchObject({ suspended: true, failures: 4 });
    expect(why(await h.mfa.verify('u1', codeAtStep(secret, h.step())))).toBe('suspended');
  });
});

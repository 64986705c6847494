// Audit events: every life-cycle step reports who, what and when (and delta where it applies).
import { describe, expect, it } from 'vitest';
import { PERIOD_MS, codeAtStep, enroll, harness, wrongCode } from './helpers/enrollment.js';

describe('events', () => {
  it('the seed flow, sign-ins, recovery and disable emit their events with userId, actor and time', async () => {
    const h = harness({ policy: { maxFailures: 2 } });
    const actor = { actor: 'admin-7' };
    const { secret } = await h.mfa.beginEnrollment('u1', { accountName: 'a@example.com', ...actor });
    const s = h.step();
    await h.mfa.verifyPairing('u1', wrongCode(secret, s), wrongCode(secret, s), actor);
    await h.mfa.verifyPairing('u1', codeAtStep(secret, s), codeAtStep(secret, s + 1), actor);
    await h.mfa.enable('u1', actor);
    h.advance(5 * PERIOD_MS);
    await h.mfa.verify('u1', codeAtStep(secret, h.step() + 1));
    await h.mfa.verify('u1', codeAtStep(secret, h.step() + 1));
    await h.mfa.resync('u1', codeAtStep(secret, h.step() + 3), codeAtStep(secret, h.step() + 4));
    const codes = await h.mfa.generateRecoveryCodes('u1', { count: 2, ...actor });
    await h.mfa.useRecoveryCode('u1', codes[0]!);
    await h.mfa.verify('u1', '000000');
    await h.mfa.useRecoveryCode('u1', '0000-0000-0000-0000');
    await h.mfa.disable('u1', actor);
    expect(h.events.map((e) => [e.type, e.actor ?? null, e.delta ?? null, e.reason ?? null])).toEqual([
      ['enrollment.started', 'admin-7', null, null],
      ['enrollment.failed', 'admin-7', null, 'mismatch'],
      ['enrollment.verified', 'admin-7', 1, null],
      ['enabled', 'admin-7', null, null],
      ['verify.ok', null, 1, null],
      ['verify.replayed', null, null, 'replayed'],
      ['resync', null, 4, null],
      ['recovery.generated', 'admin-7', null, null],
      ['recovery.used', null, null, null],
      ['verify.failed', null, null, 'mismatch'],
      ['recovery.failed', null, null, 'mismatch'],
      ['locked', null, null, null],
      ['disabled', 'admin-7', null, null],
    ]);
    expect(h.events.every((e) => e.userId === 'u1' && Number.isInteger(e.at))).toBe(true);
    expect(h.events.find((e) => e.type === 'locked')).toMatchObject({ failures: 2, lockedUntil: h.clock.now + 15 * 60_000 });
    expect(h.events.find((e) => e.type === 'recovery.used')).toMatchObject({ remaining: 1 });
  });

  it('expiry and rotation are reported', async () => {
    const h = harness();
    await enroll(h);
    await h.mfa.beginEnrollment('u1', { accountName: 'a@example.com' });
    h.advance(10 * 60_000);
    await h.mfa.verifyPairing('u1', '123456', '234567');
    expect(h.events.at(-2)).toMatchObject({ type: 'enrollment.started', rotation: true });
    expect(h.events.at(-1)).toMatchObject({ type: 'enrollment.expired', userId: 'u1', at: h.clock.now });
  });

  it('a locked refusal is reported as a failed sign-in', async () => {
    const h = harness({ policy: { maxFailures: 1 } });
    const secret = await enroll(h);
    await h.mfa.verify('u1', wrongCode(secret, h.step()));
    await h.mfa.verify('u1', codeAtStep(secret, h.step()));
    expect(h.events.at(-1)).toMatchObject({ type: 'verify.failed', reason: 'locked' });
  });

  it('a throwing onEvent does not change the outcome that was written', async () => {
    const h = harness({
      onEvent: () => {
        throw new Error('audit sink down');
      },
    });
    const secret = await enroll(h);
    expect(await h.mfa.verify('u1', codeAtStep(secret, h.step()))).toEqual({ ok: true, delta: 0 });
  });
});

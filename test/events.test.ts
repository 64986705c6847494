// Audit events: every life-cycle step reports who, what and when (and delta where it applies).
import { describe, expect, it } from 'vitest';
import type { MfaEventType } from '../src/enrollment/events.js';
import { PERIOD_MS, codeAtStep, enroll, harness, wrongCode, ok } from './helpers/enrollment.js';

describe('events', () => {
  it('the seed flow, sign-ins, recovery and disable emit their events with userId, actor and time', async () => {
    const h = harness({ policy: { maxFailures: 2 } });
    const actor = { actor: 'admin-7' };
    const { secret } = ok(await h.mfa.beginEnrollment('u1', { accountName: 'a@example.com', ...actor }));
    const s = h.step();
    await h.mfa.verifyPairing('u1', wrongCode(secret, s), wrongCode(secret, s), actor);
    await h.mfa.verifyPairing('u1', codeAtStep(secret, s), codeAtStep(secret, s + 1), actor);
    await h.mfa.enable('u1', actor);
    h.advance(5 * PERIOD_MS);
    await h.mfa.verify('u1', codeAtStep(secret, h.step() + 1));
    await h.mfa.verify('u1', codeAtStep(secret, h.step() + 1));
    await h.mfa.resync('u1', codeAtStep(secret, h.step() + 3), codeAtStep(secret, h.step() + 4));
    const codes = ok(await h.mfa.generateRecoveryCodes('u1', { count: 2, ...actor })).codes;
    await h.mfa.useRecoveryCode('u1', codes[0]!);
    await h.mfa.verify('u1', wrongCode(secret, h.step()));
    await h.mfa.verify('u1', wrongCode(secret, h.step()));
    await h.mfa.verify('u1', wrongCode(secret, h.step()));
    await h.mfa.useRecoveryCode('u1', '0000-0000-0000-0000');
    await h.mfa.unlock('u1', actor);
    await h.mfa.disable('u1', actor);
    expect(h.events.map((e) => [e.type, e.actor ?? null, e.method ?? null, e.delta ?? null, e.reason ?? null])).toEqual([
      ['enrollment.started', 'admin-7', null, null, null],
      ['enrollment.failed', 'admin-7', null, null, 'not-consecutive'],
      ['enrollment.verified', 'admin-7', null, 1, null],
      ['factor.enabled', 'admin-7', null, null, null],
      ['signin.succeeded', null, 'verify', 1, null],
      ['signin.replayed', null, 'verify', null, 'replayed'],
      ['factor.resynced', null, 'resync', 4, null],
      ['recovery.generated', 'admin-7', null, null, null],
      ['recovery.used', null, 'useRecoveryCode', null, null],
      ['signin.failed', null, 'verify', null, 'mismatch'],
      ['signin.failed', null, 'verify', null, 'mismatch'],
      ['factor.locked', null, null, null, null],
      ['signin.refused', null, 'verify', null, 'locked'],
      ['recovery.failed', null, 'useRecoveryCode', null, 'mismatch'],
      ['factor.unlocked', 'admin-7', 'unlock', null, null],
      ['factor.disabled', 'admin-7', null, null, null],
    ]);
    expect(h.events.every((e) => e.userId === 'u1' && Number.isInteger(e.at))).toBe(true);
    expect(h.events.find((e) => e.type === 'factor.locked')).toMatchObject({ failures: 2, lockedUntil: h.clock.now + 15 * 60_000 });
    expect(h.events.find((e) => e.type === 'recovery.used')).toMatchObject({ remaining: 1 });
  });

  it('expiry and rotation are reported', async () => {
    const h = harness();
    await enroll(h);
    ok(await h.mfa.beginEnrollment('u1', { accountName: 'a@example.com' }));
    h.advance(10 * 60_000);
    await h.mfa.verifyPairing('u1', '123456', '234567');
    expect(h.events.at(-2)).toMatchObject({ type: 'enrollment.started', rotation: true });
    expect(h.events.at(-1)).toMatchObject({ type: 'enrollment.expired', userId: 'u1', at: h.clock.now });
  });

  it('one refusal, one event: locked and suspended refusals emit signin.refused on verify and resync alike', async () => {
    const h = harness({ policy: { maxFailures: 1, suspendAfterFailures: 2 } });
    const secret = await enroll(h);
    await h.mfa.verify('u1', wrongCode(secret, h.step()));
    h.events.length = 0;
    await h.mfa.verify('u1', codeAtStep(secret, h.step()));
    await h.mfa.resync('u1', codeAtStep(secret, h.step() + 1), codeAtStep(secret, h.step() + 2));
    h.advance(15 * 60_000);
    await h.mfa.resync('u1', '000000', '111111'); // the second failure suspends
    h.events.length = 0;
    await h.mfa.verify('u1', codeAtStep(secret, h.step()));
    await h.mfa.resync('u1', codeAtStep(secret, h.step() + 1), codeAtStep(secret, h.step() + 2));
    expect(h.events.map((e) => [e.type, e.method, e.reason])).toEqual([
      ['signin.refused', 'verify', 'suspended'],
      ['signin.refused', 'resync', 'suspended'],
    ]);
  });

  it('every event name is noun.verb', () => {
    const names: MfaEventType[] = [
      'enrollment.started', 'enrollment.verified', 'enrollment.failed', 'enrollment.expired',
      'factor.enabled', 'factor.disabled', 'factor.resynced', 'factor.locked', 'factor.suspended', 'factor.unlocked',
      'signin.succeeded', 'signin.failed', 'signin.replayed', 'signin.refused',
      'recovery.generated', 'recovery.used', 'recovery.failed', 'recovery.locked',
    ];
    for (const name of names) expect(name).toMatch(/^(enrollment|factor|signin|recovery)\.[a-z]+ed$/);
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

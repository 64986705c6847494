// The admin views need more than the state (issue 13 item 4): when the factor was enabled, when it was
// last used, whether it is locked or suspended, and how many pairing attempts are left.
import { describe, expect, it } from 'vitest';
import { PERIOD_MS, codeAtStep, enroll, harness, ok, wrongCode } from './helpers/enrollment.js';

describe('status: enabledAt, lastUsedAt, locked, attemptsLeft', () => {
  it('enabledAt is when Enable ran; lastUsedAt is null until a sign-in and moves with each one', async () => {
    const h = harness();
    const secret = await enroll(h); // enable at T0, then one step later
    const enabledAt = h.clock.now - PERIOD_MS;
    expect(await h.mfa.status('u1')).toMatchObject({ state: 'enabled', enabledAt, lastUsedAt: null, locked: false });
    expect((await h.mfa.verify('u1', codeAtStep(secret, h.step()))).ok).toBe(true);
    expect((await h.mfa.status('u1')).lastUsedAt).toBe(h.clock.now);
    const signedIn = h.clock.now;
    h.advance(PERIOD_MS);
    await h.mfa.verify('u1', wrongCode(secret, h.step()));
    expect((await h.mfa.status('u1')).lastUsedAt).toBe(signedIn); // a failure is not a use
  });

  it('a recovery-code sign-in is a use', async () => {
    const h = harness();
    await enroll(h);
    const { codes } = ok(await h.mfa.generateRecoveryCodes('u1'));
    h.advance(5000);
    expect((await h.mfa.useRecoveryCode('u1', codes[0]!)).ok).toBe(true);
    expect((await h.mfa.status('u1')).lastUsedAt).toBe(h.clock.now);
  });

  it('locked is true while the lock runs and false when it has run out; suspended is its own flag', async () => {
    const h = harness({ policy: { maxFailures: 2, lockoutMs: 60_000 } });
    const secret = await enroll(h);
    for (let i = 0; i < 2; i++) await h.mfa.verify('u1', wrongCode(secret, h.step()));
    expect(await h.mfa.status('u1')).toMatchObject({ locked: true, suspended: false, lockedUntil: h.clock.now + 60_000 });
    h.advance(60_000);
    expect(await h.mfa.status('u1')).toMatchObject({ locked: false, lockedUntil: null, failures: 2 });
  });

  it('pending.attemptsLeft counts down with wrong pairs; a disabled user has no dates', async () => {
    const h = harness({ policy: { maxPairingAttempts: 3 } });
    expect(await h.mfa.status('u1')).toMatchObject({ state: 'disabled', enabledAt: null, lastUsedAt: null, locked: false, pending: null });
    const { secret } = ok(await h.mfa.beginEnrollment('u1', { accountName: 'a@example.com' }));
    expect((await h.mfa.status('u1')).pending?.attemptsLeft).toBe(3);
    const w = wrongCode(secret, h.step());
    const r = await h.mfa.verifyPairing('u1', w, wrongCode(secret, h.step(), 12, w));
    expect(r).toEqual({ ok: false, reason: 'mismatch', attemptsLeft: 2 });
    expect((await h.mfa.status('u1')).pending?.attemptsLeft).toBe(2);
  });

  it('a record written before lastUsedAt existed reads as never used', async () => {
    const h = harness();
    await enroll(h);
    const cur = (await h.store.get('u1'))!;
    const { lastUsedAt: _drop, ...old } = cur.record as Record<string, unknown>;
    await h.store.put('u1', old as never, cur.version);
    expect((await h.mfa.status('u1')).lastUsedAt).toBeNull();
  });
});

// Throttling (RFC 4226 §7.3, NIST SP 800-63B: at most 100 consecutive failures): lock, wait, reset.
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, type MfaPolicy, resolvePolicy } from '../src/enrollment/policy.js';
import { codeAtStep, enroll, harness, wrongCode, why, ok } from './helpers/enrollment.js';

describe('lockout', () => {
  it('defaults: 10 failures, 15 minutes', () => {
    expect(DEFAULT_POLICY.maxFailures).toBe(10);
    expect(DEFAULT_POLICY.lockoutMs).toBe(15 * 60_000);
  });

  it.each([1, 3, 10, 100])('with maxFailures %i the next attempt is refused even with the right code', async (max) => {
    const h = harness({ policy: { maxFailures: max } });
    const secret = await enroll(h);
    const wrong = wrongCode(secret, h.step());
    for (let i = 1; i < max; i++) expect(await h.mfa.verify('u1', wrong)).toEqual({ ok: false, reason: 'mismatch' });
    if (max < DEFAULT_POLICY.suspendAfterFailures) {
      expect(await h.mfa.verify('u1', wrong)).toEqual({ ok: false, reason: 'mismatch', retryAfterMs: 15 * 60_000 });
      expect(await h.mfa.verify('u1', codeAtStep(secret, h.step()))).toEqual({ ok: false, reason: 'locked', retryAfterMs: 15 * 60_000 });
    } else {
      // At 100 the limit is the NIST cap itself: the factor is suspended rather than locked.
      expect(await h.mfa.verify('u1', wrong)).toEqual({ ok: false, reason: 'suspended' });
      expect(await h.mfa.verify('u1', codeAtStep(secret, h.step()))).toEqual({ ok: false, reason: 'suspended' });
    }
    expect((await h.mfa.status('u1')).failures).toBe(max);
  });

  it('the lock ends after lockoutMs; then the right code works and the count restarts', async () => {
    const h = harness();
    const secret = await enroll(h);
    const wrong = wrongCode(secret, h.step());
    for (let i = 0; i < 10; i++) await h.mfa.verify('u1', wrong);
    h.advance(15 * 60_000 - 1);
    expect(await h.mfa.verify('u1', codeAtStep(secret, h.step()))).toEqual({ ok: false, reason: 'locked', retryAfterMs: 1 });
    h.advance(1);
    expect((await h.mfa.verify('u1', codeAtStep(secret, h.step()))).ok).toBe(true);
    expect(await h.mfa.status('u1')).toMatchObject({ failures: 0, lockedUntil: null });
  });

  it('time alone never grants a fresh set of attempts: each failure after a lock ends locks again, twice as long', async () => {
    const h = harness();
    const secret = await enroll(h);
    const wrong = wrongCode(secret, h.step());
    for (let i = 0; i < 10; i++) await h.mfa.verify('u1', wrong);
    let lock = 15 * 60_000;
    for (let failures = 11; failures <= 20; failures++) {
      h.advance(lock);
      expect(await h.mfa.status('u1')).toMatchObject({ failures: failures - 1, lockedUntil: null });
      lock = Math.min(lock * 2, 86_400_000);
      expect(await h.mfa.verify('u1', wrong)).toEqual({ ok: false, reason: 'mismatch', retryAfterMs: lock });
      expect((await h.mfa.status('u1')).failures).toBe(failures);
    }
    expect(lock).toBe(86_400_000); // capped at a day
    h.advance(lock);
    expect((await h.mfa.verify('u1', codeAtStep(secret, h.step()))).ok).toBe(true);
    expect(await h.mfa.status('u1')).toMatchObject({ failures: 0, lockedUntil: null });
  });

  it('a success resets the consecutive count', async () => {
    const h = harness();
    const secret = await enroll(h);
    const wrong = wrongCode(secret, h.step());
    for (let i = 0; i < 9; i++) await h.mfa.verify('u1', wrong);
    expect((await h.mfa.verify('u1', codeAtStep(secret, h.step()))).ok).toBe(true);
    for (let i = 0; i < 9; i++) expect(why(await h.mfa.verify('u1', wrong))).toBe('mismatch');
    expect((await h.mfa.status('u1')).lockedUntil).toBe(null);
  });

  it('malformed input is refused without counting', async () => {
    const h = harness({ policy: { maxFailures: 2 } });
    await enroll(h);
    for (const bad of ['', '12345', '1234567', 'abcdef', '١٢٣٤٥٦']) expect(why(await h.mfa.verify('u1', bad))).toBe('malformed');
    expect((await h.mfa.status('u1')).failures).toBe(0);
  });

  it('wrong recovery codes and wrong TOTP codes are counted apart', async () => {
    const h = harness();
    const secret = await enroll(h);
    ok(await h.mfa.generateRecoveryCodes('u1'));
    const wrong = wrongCode(secret, h.step());
    for (let i = 0; i < 5; i++) await h.mfa.verify('u1', wrong);
    for (let i = 0; i < 5; i++) await h.mfa.useRecoveryCode('u1', '0000-0000-0000-0000');
    expect(await h.mfa.status('u1')).toMatchObject({ failures: 5, recoveryFailures: 5, lockedUntil: null, recoveryLockedUntil: null });
  });

  it('lockout survives a new service instance on the same store (the count lives in the record)', async () => {
    const h = harness();
    const secret = await enroll(h);
    const wrong = wrongCode(secret, h.step());
    for (let i = 0; i < 10; i++) await h.mfa.verify('u1', wrong);
    const other = harness({ store: h.store });
    other.clock.now = h.clock.now;
    expect(why(await other.mfa.verify('u1', codeAtStep(secret, other.step())))).toBe('locked');
  });

  it.each([
    [{ maxFailures: 101 }, 'policy.maxFailures'],
    [{ maxFailures: 0 }, 'policy.maxFailures'],
    [{ maxFailures: 2.5 }, 'policy.maxFailures'],
    [{ lockoutMs: 0 }, 'policy.lockoutMs'],
    [{ maxPairingAttempts: 0 }, 'policy.maxPairingAttempts'],
    [{ window: { past: 11, future: 1 } }, 'policy.window'],
    [{ resyncWindow: 0 }, 'policy.resyncWindow'],
    [{ maxWriteAttempts: 0 }, 'policy.maxWriteAttempts'],
    [{ maxAttempts: 20 }, 'policy.maxAttempts'], // renamed to maxWriteAttempts: a clear error, not a silent default
    [{ maxWrongCodes: 3 }, 'policy.maxWrongCodes'], // unknown fields are refused
    [{ suspendAfterFailures: 101 }, 'policy.suspendAfterFailures'],
    [{ maxFailures: 20, suspendAfterFailures: 19 }, 'policy.suspendAfterFailures'],
    [{ maxRecoveryFailures: 0 }, 'policy.maxRecoveryFailures'],
  ] as [Record<string, unknown>, string][])('policy %j is refused (%s)', (policy, field) => {
    expect(() => resolvePolicy(policy as Partial<MfaPolicy>)).toThrow(expect.objectContaining({ code: 'INVALID_OPTION', field }));
    expect(() => harness({ policy: policy as Partial<MfaPolicy> })).toThrow(expect.objectContaining({ code: 'INVALID_OPTION', field }));
  });
});

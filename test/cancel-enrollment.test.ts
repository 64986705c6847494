// Cancel a pending pairing from the Manage MFA dialog: the first enrollment goes away entirely; a
// cancelled rotation leaves the old authenticator working.
import { describe, expect, it } from 'vitest';
import { codeAtStep, enroll, harness, ok } from './helpers/enrollment.js';

describe('cancelEnrollment', () => {
  it('cancelling a first enrollment leaves no record', async () => {
    const h = harness();
    ok(await h.mfa.beginEnrollment('u1', { accountName: 'a@example.com' }));
    expect(await h.mfa.cancelEnrollment('u1', { actor: 'admin' })).toEqual({ ok: true, state: 'disabled' });
    expect(await h.store.get('u1')).toBeNull();
    expect(h.events.at(-1)).toMatchObject({ type: 'enrollment.cancelled', rotation: false, actor: 'admin', userId: 'u1' });
  });

  it('cancelling a rotation keeps the enabled factor, its codes and its recovery codes', async () => {
    const h = harness();
    const secret = await enroll(h);
    const { codes } = ok(await h.mfa.generateRecoveryCodes('u1'));
    const { secret: next } = ok(await h.mfa.beginEnrollment('u1', { accountName: 'a@example.com' }));
    expect(await h.mfa.cancelEnrollment('u1')).toEqual({ ok: true, state: 'enabled' });
    expect((await h.mfa.status('u1')).pending).toBeNull();
    expect((await h.mfa.verify('u1', codeAtStep(secret, h.step()))).ok).toBe(true);
    expect(await h.mfa.verifyPairing('u1', codeAtStep(next, h.step() - 1), codeAtStep(next, h.step()))).toEqual({ ok: false, reason: 'no-pending' });
    expect((await h.mfa.status('u1')).recoveryCodesLeft).toBe(codes.length);
  });

  it('nothing to cancel is no-pending, and writes nothing', async () => {
    const h = harness();
    expect(await h.mfa.cancelEnrollment('u1')).toEqual({ ok: false, reason: 'no-pending' });
    await enroll(h);
    const before = await h.store.get('u1');
    expect(await h.mfa.cancelEnrollment('u1')).toEqual({ ok: false, reason: 'no-pending' });
    expect(await h.store.get('u1')).toEqual(before);
  });

  it('a pairing that has run out is not cancelled: no-pending (as status shows), an expiry event, and it is cleared', async () => {
    const h = harness();
    ok(await h.mfa.beginEnrollment('u1', { accountName: 'a@example.com' }));
    h.advance(10 * 60_000); // the pairing's expiresAt: from then on status shows no pending pairing
    expect((await h.mfa.status('u1')).pending).toBeNull();
    expect(await h.mfa.cancelEnrollment('u1', { actor: 'admin' })).toEqual({ ok: false, reason: 'no-pending' });
    expect(h.events.at(-1)).toMatchObject({ type: 'enrollment.expired', userId: 'u1' });
    expect(h.events.some((e) => e.type === 'enrollment.cancelled')).toBe(false);
    expect(await h.store.get('u1')).toBeNull();

    const secret = await enroll(h);
    ok(await h.mfa.beginEnrollment('u1', { accountName: 'a@example.com' }));
    h.advance(11 * 60_000);
    expect(await h.mfa.cancelEnrollment('u1')).toEqual({ ok: false, reason: 'no-pending' });
    expect((await h.store.get('u1'))!.record).not.toHaveProperty('pending');
    expect((await h.mfa.verify('u1', codeAtStep(secret, h.step()))).ok).toBe(true);
  });
});

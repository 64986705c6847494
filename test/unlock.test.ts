// Issue 11 item 6: administration. `unlock` clears a lock or suspension and the failure counts, keeps the
// factor and emits factor.unlocked; `disable` works when the stored secret cannot be decrypted (key lost,
// wrong key, a plaintext record under a cipher) and even when the record does not parse.
import { describe, expect, it } from 'vitest';
import { aesGcmCipher } from '../src/enrollment/cipher.js';
import { memoryStore } from '../src/storage/memory.js';
import { codeAtStep, enroll, harness, ok, wrongCode } from './helpers/enrollment.js';

const cipherWith = (fill: number) => aesGcmCipher({ keys: { k1: new Uint8Array(32).fill(fill) }, currentKeyId: 'k1' });

describe('unlock (issue 11 item 6)', () => {
  it('clears a lock and the count, keeps the factor and its recovery codes, emits factor.unlocked with the actor', async () => {
    const h = harness();
    const secret = await enroll(h);
    ok(await h.mfa.generateRecoveryCodes('u1', { count: 3 }));
    for (let i = 0; i < 10; i++) await h.mfa.verify('u1', wrongCode(secret, h.step()));
    for (let i = 0; i < 2; i++) await h.mfa.useRecoveryCode('u1', '0000-0000-0000-0000');
    expect((await h.mfa.status('u1')).lockedUntil).not.toBe(null);
    h.events.length = 0;
    expect(await h.mfa.unlock('u1', { actor: 'admin-9' })).toEqual({ ok: true, state: 'enabled' });
    expect(h.events).toEqual([{ type: 'factor.unlocked', method: 'unlock', userId: 'u1', actor: 'admin-9', at: h.clock.now }]);
    expect(await h.mfa.status('u1')).toMatchObject({
      state: 'enabled',
      failures: 0,
      lockedUntil: null,
      suspended: false,
      recoveryFailures: 0,
      recoveryCodesLeft: 3,
    });
    expect(await h.mfa.verify('u1', codeAtStep(secret, h.step()))).toEqual({ ok: true, delta: 0 });
  });

  it('clears a suspension', async () => {
    const h = harness({ policy: { maxFailures: 2, suspendAfterFailures: 2 } });
    const secret = await enroll(h);
    for (let i = 0; i < 2; i++) await h.mfa.verify('u1', wrongCode(secret, h.step()));
    expect((await h.mfa.status('u1')).suspended).toBe(true);
    expect((await h.mfa.unlock('u1')).ok).toBe(true);
    expect((await h.mfa.verify('u1', codeAtStep(secret, h.step()))).ok).toBe(true);
  });

  it('works without the key: it reads no secret', async () => {
    const store = memoryStore();
    const h = harness({ store, cipher: cipherWith(1), policy: { maxFailures: 1 } });
    const secret = await enroll(h);
    await h.mfa.verify('u1', wrongCode(secret, h.step()));
    const lost = harness({ store }); // the key is lost: no cipher at all
    lost.clock.now = h.clock.now;
    expect(await lost.mfa.unlock('u1')).toEqual({ ok: true, state: 'enabled' });
    expect((await h.mfa.verify('u1', codeAtStep(secret, h.step()))).ok).toBe(true); // the envelope was kept as it was
  });

  it('answers not-enabled without an enabled factor, and emits nothing', async () => {
    const h = harness();
    expect(await h.mfa.unlock('nobody')).toEqual({ ok: false, reason: 'not-enabled' });
    await h.mfa.beginEnrollment('u2', { accountName: 'b@example.com' });
    expect(await h.mfa.unlock('u2')).toEqual({ ok: false, reason: 'not-enabled' });
    expect(h.events.filter((e) => e.type === 'factor.unlocked')).toEqual([]);
  });
});

describe('disable when the record cannot be read (issue 11 item 6)', () => {
  const cases = {
    'the key is lost (no cipher configured)': () => harness({ store: shared }),
    'a wrong key': () => harness({ store: shared, cipher: cipherWith(2) }),
  };
  const shared = memoryStore();

  it.each(Object.keys(cases))('%s', async (name) => {
    const owner = harness({ store: shared, cipher: cipherWith(1) });
    await enroll(owner);
    const admin = cases[name as keyof typeof cases]();
    await expect(admin.mfa.verify('u1', '123456')).rejects.toMatchObject({ code: 'DECRYPT_FAILED' });
    expect(await admin.mfa.disable('u1', { actor: 'admin' })).toEqual({ ok: true, state: 'disabled' });
    expect(admin.events.map((e) => [e.type, e.actor])).toEqual([['factor.disabled', 'admin']]);
    expect(await shared.get('u1')).toBe(null);
  });

  it('a plaintext record under a cipher', async () => {
    const store = memoryStore();
    await enroll(harness({ store }));
    const admin = harness({ store, cipher: cipherWith(1) });
    await expect(admin.mfa.verify('u1', '123456')).rejects.toMatchObject({ code: 'DECRYPT_FAILED' });
    expect(await admin.mfa.disable('u1')).toEqual({ ok: true, state: 'disabled' });
    expect((await admin.mfa.status('u1')).state).toBe('disabled');
  });

  it('a record that does not parse', async () => {
    const store = memoryStore();
    await store.put('u1', { schema: 1, failures: 'many' }, null);
    const admin = harness({ store });
    await expect(admin.mfa.status('u1')).rejects.toMatchObject({ code: 'INVALID_RECORD' });
    expect(await admin.mfa.disable('u1')).toEqual({ ok: true, state: 'disabled' });
    expect(await store.get('u1')).toBe(null);
  });

  it('no record: ok, nothing written, no event', async () => {
    const h = harness();
    expect(await h.mfa.disable('nobody')).toEqual({ ok: true, state: 'disabled' });
    expect(h.events).toEqual([]);
  });
});

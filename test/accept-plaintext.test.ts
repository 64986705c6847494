// createMfa({ cipher, acceptPlaintext }) (issue 13 item 2): turning encryption on without downtime. Without
// the option a plaintext record is DECRYPT_FAILED (the cipher's guarantee); with it the record opens and its
// next write seals it. Records that are already sealed behave exactly as before.
import { describe, expect, it } from 'vitest';
import { aesGcmCipher } from '../src/enrollment/cipher.js';
import { createMfa } from '../src/enrollment/service.js';
import { memoryStore } from '../src/storage/memory.js';
import { SECRET, codeAtStep, enroll, harness, ok, why, wrongCode } from './helpers/enrollment.js';

const cipher = () => aesGcmCipher({ keys: { k1: new Uint8Array(32).fill(5) }, currentKeyId: 'k1' });
type Rec = { active?: { secret: unknown }; pending?: { secret: unknown } };

/** A store with one plaintext user written by a service without a cipher; the clock one step on. */
async function plaintextStore() {
  const old = harness();
  const secret = await enroll(old);
  return { store: old.store, secret, now: old.clock.now };
}

describe('acceptPlaintext', () => {
  it('off (the default): a plaintext record is DECRYPT_FAILED with a cipher configured', async () => {
    const { store, secret, now } = await plaintextStore();
    const h = harness({ store, cipher: cipher() });
    h.clock.now = now;
    await expect(h.mfa.verify('u1', codeAtStep(secret, h.step()))).rejects.toMatchObject({ code: 'DECRYPT_FAILED' });
  });

  it('on: the plaintext record signs in, and that write seals it under the cipher', async () => {
    const { store, secret, now } = await plaintextStore();
    const h = harness({ store, cipher: cipher(), acceptPlaintext: true });
    h.clock.now = now;
    expect(await h.mfa.verify('u1', codeAtStep(secret, h.step()))).toEqual({ ok: true, delta: 0 });
    const stored = (await store.get('u1'))!.record as Rec;
    expect(stored.active!.secret).toMatchObject({ kid: 'k1', v: 2 });
    expect(JSON.stringify(stored)).not.toContain(secret);
    // Sealed for good: a service without acceptPlaintext now opens it.
    const strict = harness({ store, cipher: cipher() });
    strict.clock.now = now + 30_000;
    expect(why(await strict.mfa.verify('u1', codeAtStep(secret, strict.step())))).toBe('ok');
  });

  it('a wrong code is counted, and that write seals the record too', async () => {
    const { store, secret, now } = await plaintextStore();
    const h = harness({ store, cipher: cipher(), acceptPlaintext: true });
    h.clock.now = now;
    expect(why(await h.mfa.verify('u1', wrongCode(secret, h.step())))).toBe('mismatch');
    expect(((await store.get('u1'))!.record as Rec).active!.secret).toMatchObject({ kid: 'k1' });
    expect((await h.mfa.status('u1')).failures).toBe(1);
  });

  it('a call that writes nothing (a replayed code) leaves the record as it was', async () => {
    const { store, secret, now } = await plaintextStore();
    const h = harness({ store, cipher: cipher(), acceptPlaintext: true });
    h.clock.now = now;
    ok(await h.mfa.verify('u1', codeAtStep(secret, h.step())));
    const sealed = await store.get('u1');
    expect(why(await h.mfa.verify('u1', codeAtStep(secret, h.step())))).toBe('replayed');
    expect(await store.get('u1')).toEqual(sealed);
  });

  it('a pending plaintext secret opens at pairing and is sealed by it; a sign-in beside it leaves it as it was', async () => {
    const old = harness();
    const secret = await enroll(old);
    const rotation = ok(await old.mfa.beginEnrollment('u1', { accountName: 'a@example.com' }));
    const h = harness({ store: old.store, cipher: cipher(), acceptPlaintext: true });
    h.clock.now = old.clock.now;
    ok(await h.mfa.verify('u1', codeAtStep(secret, h.step())));
    let stored = (await old.store.get('u1'))!.record as Rec;
    expect(stored.active!.secret).toMatchObject({ kid: 'k1' });
    expect(stored.pending!.secret).toBe(rotation.secret); // not read by a sign-in: written back unchanged
    const s = h.step();
    expect(why(await h.mfa.verifyPairing('u1', codeAtStep(rotation.secret, s - 1), codeAtStep(rotation.secret, s)))).toBe('ok');
    stored = (await old.store.get('u1'))!.record as Rec;
    expect(stored.pending!.secret).toMatchObject({ kid: 'k1' });
  });

  it('sealed records and new enrollments are unchanged by the option', async () => {
    const h = harness({ cipher: cipher(), acceptPlaintext: true });
    const secret = await enroll(h);
    const before = await h.store.get('u1');
    expect(((before!.record) as Rec).active!.secret).toMatchObject({ kid: 'k1' });
    expect(why(await h.mfa.verify('u1', codeAtStep(secret, h.step())))).toBe('ok');
    ok(await h.mfa.importFactor('u2', { secret: SECRET }));
    expect(((await h.store.get('u2'))!.record as Rec).active!.secret).toMatchObject({ kid: 'k1' });
  });

  it('without a cipher it changes nothing (secrets stay text)', async () => {
    const h = harness({ acceptPlaintext: true });
    const secret = await enroll(h);
    expect(((await h.store.get('u1'))!.record as Rec).active!.secret).toBe(secret);
  });

  it('must be a boolean, read once as an own property', async () => {
    expect(() => createMfa({ store: memoryStore(), issuer: 'Acme', acceptPlaintext: 'yes' as never })).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTION', field: 'acceptPlaintext' }),
    );
    const { store, secret, now } = await plaintextStore();
    const options = Object.assign(Object.create({ acceptPlaintext: true }) as object, { store, issuer: 'Acme', cipher: cipher(), now: () => now });
    const mfa = createMfa(options as never);
    await expect(mfa.verify('u1', codeAtStep(secret, Math.floor(now / 30_000)))).rejects.toMatchObject({ code: 'DECRYPT_FAILED' });
  });
});

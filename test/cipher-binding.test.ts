// Issue 11 item 9: the cipher spent its IV budget on sign-ins (every write re-encrypted the secret), and
// its additional data named only the user, so an envelope could move between factors. Now a secret is
// sealed again only when it changed or its key id or binding is not current, and the AEAD data binds the
// user id, the factor slot (active or pending) and that factor's creation time. Envelopes from 0.1.0
// (bound to the user id only, no `v`) still open, and are sealed with the full binding on the next write.
import { describe, expect, it } from 'vitest';
import { type SecretCipher, aesGcmCipher } from '../src/enrollment/cipher.js';
import { memoryStore } from '../src/storage/memory.js';
import type { Json } from '../src/storage/types.js';
import { SECRET, codeAtStep, enroll, harness, ok, wrongCode } from './helpers/enrollment.js';

const KEY = new Uint8Array(32).fill(7);

/** aesGcmCipher with a count of encryptions (each one spends a random IV). */
function counting(keys: Record<string, Uint8Array> = { k1: KEY }, currentKeyId = 'k1') {
  const inner = aesGcmCipher({ keys, currentKeyId });
  const counter = { encryptions: 0 };
  const cipher: SecretCipher = {
    encrypt: (secret, binding) => {
      counter.encryptions++;
      return inner.encrypt(secret, binding);
    },
    decrypt: (envelope, binding) => inner.decrypt(envelope, binding),
    isCurrent: (envelope) => inner.isCurrent(envelope),
  };
  return { cipher, counter };
}

type Stored = { active?: { secret: Json; enabledAt: number }; pending?: { secret: Json; createdAt: number } };
const stored = async (h: ReturnType<typeof harness>, userId = 'u1') => (await h.store.get(userId))!.record as Stored;

describe('the cipher seals only what changed (issue 11 item 9)', () => {
  it('sign-ins, failures, replays, locks, recovery codes and unlock write the same envelope back: no IV spent', async () => {
    const { cipher, counter } = counting();
    const h = harness({ cipher, policy: { maxFailures: 3 } });
    const secret = await enroll(h);
    expect(counter.encryptions).toBe(2); // the pending secret at begin, then bound anew as the active factor at enable
    const envelope = (await stored(h)).active!.secret;
    const [rc] = ok(await h.mfa.generateRecoveryCodes('u1', { count: 2 })).codes;
    const right = codeAtStep(secret, h.step());
    expect((await h.mfa.verify('u1', right)).ok).toBe(true);
    await h.mfa.verify('u1', right); // replayed
    for (let i = 0; i < 4; i++) await h.mfa.verify('u1', wrongCode(secret, h.step())); // locks
    await h.mfa.useRecoveryCode('u1', '0000-0000-0000-0000');
    await h.mfa.useRecoveryCode('u1', rc!);
    await h.mfa.verify('u1', wrongCode(secret, h.step()));
    await h.mfa.unlock('u1');
    await h.mfa.resync('u1', codeAtStep(secret, h.step() + 4), codeAtStep(secret, h.step() + 5));
    expect(counter.encryptions).toBe(2);
    expect((await stored(h)).active!.secret).toEqual(envelope);
  });

  it('a rotation seals the new pending secret once; the active envelope stays', async () => {
    const { cipher, counter } = counting();
    const h = harness({ cipher });
    await enroll(h);
    const active = (await stored(h)).active!.secret;
    counter.encryptions = 0;
    ok(await h.mfa.beginEnrollment('u1', { accountName: 'a@example.com' }));
    expect(counter.encryptions).toBe(1);
    expect((await stored(h)).active!.secret).toEqual(active);
  });

  it('a key rotation seals again on the next write, then no more', async () => {
    const store = memoryStore();
    const first = counting({ k1: KEY }, 'k1');
    const a = harness({ store, cipher: first.cipher });
    const secret = await enroll(a);
    const second = counting({ k1: KEY, k2: new Uint8Array(32).fill(8) }, 'k2');
    const b = harness({ store, cipher: second.cipher });
    b.clock.now = a.clock.now;
    expect((await b.mfa.verify('u1', codeAtStep(secret, b.step())))).toMatchObject({ ok: true });
    expect(second.counter.encryptions).toBe(1);
    expect((await stored(b)).active!.secret).toMatchObject({ kid: 'k2', v: 2 });
    b.advance(30_000);
    expect((await b.mfa.verify('u1', codeAtStep(secret, b.step())))).toMatchObject({ ok: true });
    expect(second.counter.encryptions).toBe(1);
  });
});

describe('envelopes are bound to the user, the factor slot and its creation (issue 11 item 9)', () => {
  it('the pending envelope moved into the active slot fails to decrypt', async () => {
    const h = harness({ cipher: aesGcmCipher({ keys: { k1: KEY }, currentKeyId: 'k1' }) });
    await enroll(h);
    const { secret: next } = ok(await h.mfa.beginEnrollment('u1', { accountName: 'a@example.com' }));
    const cur = (await h.store.get('u1'))!;
    const record = structuredClone(cur.record) as Stored;
    record.active!.secret = record.pending!.secret; // the attacker knows the new (pending) secret
    await h.store.put('u1', record as Json, cur.version);
    await expect(h.mfa.verify('u1', codeAtStep(next, h.step()))).rejects.toMatchObject({ code: 'DECRYPT_FAILED' });
  });

  it('an envelope of an earlier enrollment (another creation time) fails in a later pending factor', async () => {
    const h = harness({ cipher: aesGcmCipher({ keys: { k1: KEY }, currentKeyId: 'k1' }) });
    const { secret: earlier } = ok(await h.mfa.beginEnrollment('u1', { accountName: 'a@example.com' }));
    const old = (await stored(h)).pending!.secret;
    h.advance(1);
    ok(await h.mfa.beginEnrollment('u1', { accountName: 'a@example.com' }));
    const cur = (await h.store.get('u1'))!;
    const record = structuredClone(cur.record) as Stored;
    record.pending!.secret = old;
    await h.store.put('u1', record as Json, cur.version);
    const s = h.step();
    await expect(h.mfa.verifyPairing('u1', codeAtStep(earlier, s - 1), codeAtStep(earlier, s))).rejects.toMatchObject({
      code: 'DECRYPT_FAILED',
    });
  });

  it('a bound envelope with its version stripped does not open as an 0.1.0 one', async () => {
    const h = harness({ cipher: aesGcmCipher({ keys: { k1: KEY }, currentKeyId: 'k1' }) });
    const secret = await enroll(h);
    const cur = (await h.store.get('u1'))!;
    const record = structuredClone(cur.record) as { active: { secret: Record<string, unknown> } };
    delete record.active.secret['v'];
    await h.store.put('u1', record as unknown as Json, cur.version);
    await expect(h.mfa.verify('u1', codeAtStep(secret, h.step()))).rejects.toMatchObject({ code: 'DECRYPT_FAILED' });
  });
});

describe('records sealed by 0.1.0 (user id only) (issue 11 item 9)', () => {
  /** An envelope as 0.1.0 sealed it: AES-256-GCM with the user id alone as additional data, no `v`. */
  async function legacyEnvelope(secret: string, userId: string) {
    const te = new TextEncoder();
    const key = await crypto.subtle.importKey('raw', KEY, 'AES-GCM', false, ['encrypt']);
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const ct = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: te.encode(userId) }, key, te.encode(secret)));
    const b64 = (b: Uint8Array) => btoa(String.fromCharCode(...b)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    return { kid: 'k1', iv: b64(iv), ct: b64(ct) };
  }

  it('open, and are sealed with the new binding on the next write; after that no re-encryption', async () => {
    const store = memoryStore();
    const { cipher, counter } = counting();
    const h = harness({ store, cipher });
    const active = { secret: await legacyEnvelope(SECRET, 'u1'), algorithm: 'SHA1', digits: 6, period: 30, lastStep: h.step() - 5, drift: 0, enabledAt: 1 };
    await store.put('u1', { schema: 1, failures: 0, recovery: [], active }, null);
    expect((await h.mfa.verify('u1', codeAtStep(SECRET, h.step()))).ok).toBe(true);
    expect(counter.encryptions).toBe(1);
    const resealed = (await stored(h)).active!.secret;
    expect(resealed).toMatchObject({ kid: 'k1', v: 2 });
    h.advance(30_000);
    expect((await h.mfa.verify('u1', codeAtStep(SECRET, h.step()))).ok).toBe(true);
    expect(counter.encryptions).toBe(1);
    expect((await stored(h)).active!.secret).toEqual(resealed);
  });

  it('a read-only call (a refused code) leaves the 0.1.0 envelope as it is, and it still opens', async () => {
    const store = memoryStore();
    const h = harness({ store, cipher: aesGcmCipher({ keys: { k1: KEY }, currentKeyId: 'k1' }) });
    const envelope = await legacyEnvelope(SECRET, 'u1');
    const active = { secret: envelope, algorithm: 'SHA1', digits: 6, period: 30, lastStep: h.step(), drift: 0, enabledAt: 1 };
    await store.put('u1', { schema: 1, failures: 0, recovery: [], active }, null);
    expect(await h.mfa.verify('u1', codeAtStep(SECRET, h.step()))).toEqual({ ok: false, reason: 'replayed' });
    expect((await stored(h)).active!.secret).toEqual(envelope);
  });

  it('a 0.1.0 envelope copied to another user still fails', async () => {
    const store = memoryStore();
    const h = harness({ store, cipher: aesGcmCipher({ keys: { k1: KEY }, currentKeyId: 'k1' }) });
    const active = { secret: await legacyEnvelope(SECRET, 'alice'), algorithm: 'SHA1', digits: 6, period: 30, lastStep: 0, drift: 0, enabledAt: 1 };
    await store.put('mallory', { schema: 1, failures: 0, recovery: [], active }, null);
    await expect(h.mfa.verify('mallory', codeAtStep(SECRET, h.step()))).rejects.toMatchObject({ code: 'DECRYPT_FAILED' });
  });
});

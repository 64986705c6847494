// Secrets at rest: with a cipher the store holds only AES-256-GCM ciphertext bound to the user id.
import { describe, expect, it } from 'vitest';
import { aesGcmCipher } from '../src/enrollment/cipher.js';
import { memoryStore } from '../src/storage/memory.js';
import type { Json } from '../src/storage/types.js';
import { codeAtStep, enroll, harness, ok } from './helpers/enrollment.js';

const key = (fill: number): Uint8Array => new Uint8Array(32).fill(fill);
const base64 = (bytes: Uint8Array): string => btoa(String.fromCharCode(...bytes));
const K1 = { k1: key(1) };

describe('secrets at rest', () => {
  it('the stored record holds an envelope, never the base32 secret, and sign-in still works', async () => {
    const h = harness({ cipher: aesGcmCipher({ keys: K1, currentKeyId: 'k1' }) });
    const secret = await enroll(h);
    const stored = (await h.store.get('u1'))!.record as { active: { secret: Json } };
    expect(JSON.stringify(stored)).not.toContain(secret);
    expect(stored.active.secret).toMatchObject({ kid: 'k1', iv: expect.any(String), ct: expect.any(String) });
    expect((await h.mfa.verify('u1', codeAtStep(secret, h.step()))).ok).toBe(true);
  });

  it('the pending secret is encrypted too', async () => {
    const h = harness({ cipher: aesGcmCipher({ keys: K1, currentKeyId: 'k1' }) });
    const { secret } = ok(await h.mfa.beginEnrollment('u1', { accountName: 'a@example.com' }));
    expect(JSON.stringify(await h.store.get('u1'))).not.toContain(secret);
  });

  it('a record copied to another user fails to decrypt', async () => {
    const h = harness({ cipher: aesGcmCipher({ keys: K1, currentKeyId: 'k1' }) });
    await enroll(h, 'alice');
    await h.store.put('mallory', (await h.store.get('alice'))!.record, null);
    await expect(h.mfa.verify('mallory', '123456')).rejects.toMatchObject({ code: 'DECRYPT_FAILED' });
  });

  it('rotation: old key ids still decrypt; the next write re-encrypts with the current key', async () => {
    const store = memoryStore();
    const old = harness({ store, cipher: aesGcmCipher({ keys: K1, currentKeyId: 'k1' }) });
    const secret = await enroll(old);
    const rotated = harness({ store, cipher: aesGcmCipher({ keys: { k1: base64(key(1)), k2: base64(key(2)) }, currentKeyId: 'k2' }) });
    rotated.clock.now = old.clock.now;
    expect((await rotated.mfa.verify('u1', codeAtStep(secret, rotated.step()))).ok).toBe(true);
    const stored = (await store.get('u1'))!.record as { active: { secret: { kid: string } } };
    expect(stored.active.secret.kid).toBe('k2');
    const withoutOld = harness({ store, cipher: aesGcmCipher({ keys: { k2: key(2) }, currentKeyId: 'k2' }) });
    withoutOld.clock.now = rotated.clock.now + 30_000;
    expect((await withoutOld.mfa.verify('u1', codeAtStep(secret, withoutOld.step()))).ok).toBe(true);
  });

  it.each([
    ['an unknown key id', (e: Record<string, string>) => ({ ...e, kid: 'nope' })],
    ['a flipped ciphertext bit', (e: Record<string, string>) => ({ ...e, ct: (e['ct']![0] === 'A' ? 'B' : 'A') + e['ct']!.slice(1) })],
    ['a different IV', (e: Record<string, string>) => ({ ...e, iv: 'AAAAAAAAAAAAAAAA' })],
    ['a short IV', (e: Record<string, string>) => ({ ...e, iv: 'AAAA' })],
    ['non-base64 ciphertext', (e: Record<string, string>) => ({ ...e, ct: '!!!' })],
  ])('%s fails with DECRYPT_FAILED, never ok', async (_n, tamper) => {
    const h = harness({ cipher: aesGcmCipher({ keys: K1, currentKeyId: 'k1' }) });
    const secret = await enroll(h);
    const cur = (await h.store.get('u1'))!;
    const record = cur.record as { active: { secret: Record<string, string> } };
    record.active.secret = tamper(record.active.secret);
    await h.store.put('u1', record as never, cur.version);
    await expect(h.mfa.verify('u1', codeAtStep(secret, h.step()))).rejects.toMatchObject({ code: 'DECRYPT_FAILED' });
  });

  it('with a cipher, a plaintext secret in the store is refused (no planted secrets); without one, an envelope is', async () => {
    const store = memoryStore();
    const plain = harness({ store });
    await enroll(plain);
    const encrypted = harness({ store, cipher: aesGcmCipher({ keys: K1, currentKeyId: 'k1' }) });
    await expect(encrypted.mfa.verify('u1', '123456')).rejects.toMatchObject({ code: 'DECRYPT_FAILED' });
    await enroll(encrypted, 'u2');
    await expect(plain.mfa.verify('u2', '123456')).rejects.toMatchObject({ code: 'DECRYPT_FAILED' });
  });

  it.each([
    [{ keys: { k1: key(1).slice(0, 31) }, currentKeyId: 'k1' }, 'keys.k1'],
    [{ keys: { k1: 'not base64!' }, currentKeyId: 'k1' }, 'keys.k1'],
    [{ keys: { k1: base64(key(1).slice(0, 16)) }, currentKeyId: 'k1' }, 'keys.k1'],
    [{ keys: K1, currentKeyId: 'k2' }, 'currentKeyId'],
  ])('cipher options %# are refused (%s)', (options, field) => {
    expect(() => aesGcmCipher(options)).toThrow(expect.objectContaining({ code: 'INVALID_OPTION', field }));
  });

  it('each write uses a fresh IV', async () => {
    const cipher = aesGcmCipher({ keys: K1, currentKeyId: 'k1' });
    const binding = { userId: 'u1', factor: 'active' as const, createdAt: 1 };
    const a = await cipher.encrypt('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', binding);
    const b = await cipher.encrypt('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', binding);
    expect(a.iv).not.toBe(b.iv);
    expect(await cipher.decrypt(b, binding)).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
  });
});

// No leaks: no error, event, status or result contains a secret, a submitted code or a recovery code.
import { describe, expect, it } from 'vitest';
import { aesGcmCipher } from '../src/enrollment/cipher.js';
import { canonicalRecoveryCode } from '../src/enrollment/recovery.js';
import { memoryStore } from '../src/storage/memory.js';
import type { MfaStore } from '../src/storage/types.js';
import { PERIOD_MS, codeAtStep, harness, wrongCode, ok } from './helpers/enrollment.js';

/** Every string inside a value (numbers such as timestamps are skipped: a 6-digit code could hide in them by chance). */
function strings(value: unknown, out: string[] = [], seen = new Set<unknown>()): string[] {
  if (typeof value === 'string') out.push(value);
  else if (value instanceof Error) {
    if (seen.has(value)) return out;
    seen.add(value);
    out.push(value.message, String(value), value.stack ?? '');
    for (const v of Object.values(value)) strings(v, out, seen);
    if (value.cause instanceof Error) strings(value.cause, out, seen);
  } else if (typeof value === 'object' && value !== null && !seen.has(value)) {
    seen.add(value);
    for (const v of Object.values(value)) strings(v, out, seen);
  }
  return out;
}

const failing = (inner: MfaStore): MfaStore => ({
  get: (u) => inner.get(u),
  put: async () => {
    throw new Error('disk full');
  },
  delete: async () => {
    throw new Error('disk full');
  },
});

describe('no leaks', () => {
  it('a full life cycle, with failures of every kind, never shows a secret or code', async () => {
    const store = memoryStore();
    const h = harness({ store, cipher: aesGcmCipher({ keys: { k: new Uint8Array(32) }, currentKeyId: 'k' }) });
    const observed: unknown[] = [];
    const secrets: string[] = [];
    const codes: string[] = [];
    const recovery: string[] = [];
    const call = async (fn: () => Promise<unknown>): Promise<void> => {
      observed.push(await fn().catch((e: unknown) => e));
    };
    const code = (step: number): string => {
      const c = codeAtStep(secrets.at(-1)!, step);
      codes.push(c);
      return c;
    };

    const begun = ok(await h.mfa.beginEnrollment('u1', { accountName: 'a@example.com' }));
    secrets.push(begun.secret);
    const s = h.step();
    const wrong = wrongCode(begun.secret, s);
    codes.push(wrong);
    await call(() => h.mfa.verifyPairing('u1', wrong, wrong));
    await call(() => h.mfa.verifyPairing('u1', code(s), code(s)));
    await call(() => h.mfa.status('u1'));
    await call(() => h.mfa.verifyPairing('u1', code(s - 1), code(s)));
    await call(() => h.mfa.enable('u1'));
    h.advance(PERIOD_MS);
    const right = code(h.step());
    await call(() => h.mfa.verify('u1', right));
    await call(() => h.mfa.verify('u1', right));
    await call(() => h.mfa.verify('u1', wrong));
    await call(() => h.mfa.verify('u1', ` ${right}`));
    await call(() => h.mfa.resync('u1', code(h.step() + 2), code(h.step() + 3)));
    const rc = ok(await h.mfa.generateRecoveryCodes('u1', { count: 3 })).codes;
    recovery.push(...rc, ...rc.map((c) => canonicalRecoveryCode(c)!));
    await call(() => h.mfa.useRecoveryCode('u1', rc[0]!));
    await call(() => h.mfa.useRecoveryCode('u1', rc[0]!));
    await call(() => h.mfa.status('u1'));
    // Rotation, then failures from a broken store, a tampered record and bad input.
    const next = ok(await h.mfa.beginEnrollment('u1', { accountName: 'a@example.com' }));
    secrets.push(next.secret);
    await call(() => h.mfa.beginEnrollment('u1', { accountName: 'bad:name' }));
    const broken = harness({ store: failing(store), cipher: aesGcmCipher({ keys: { k: new Uint8Array(32) }, currentKeyId: 'k' }) });
    broken.clock.now = h.clock.now;
    await call(() => broken.mfa.verify('u1', code(broken.step() + 5)));
    await call(() => broken.mfa.useRecoveryCode('u1', rc[1]!));
    const other = harness({ store, cipher: aesGcmCipher({ keys: { k: new Uint8Array(32).fill(9) }, currentKeyId: 'k' }) });
    await call(() => other.mfa.verify('u1', code(h.step() + 6)));
    const plain = harness({ store });
    await call(() => plain.mfa.verify('u1', code(h.step() + 7))); // an envelope but no cipher: DECRYPT_FAILED
    await call(() => plain.mfa.useRecoveryCode('u1', rc[2]!)); // reads no secret: works without the key
    await call(() => other.mfa.unlock('u1', { actor: 'admin' }));
    await call(() => h.mfa.verify('', right));
    await call(() => h.mfa.generateRecoveryCodes('nobody'));
    await call(() => h.mfa.disable('u1'));
    await call(() => h.mfa.status('u1'));

    const text = strings([observed, h.events, broken.events, other.events]);
    expect(observed.filter((o) => o instanceof Error).length).toBeGreaterThanOrEqual(6);
    expect(h.events.length).toBeGreaterThan(10);
    const needles = [...secrets, ...secrets.map((x) => x.toLowerCase()), ...codes, ...recovery];
    for (const needle of needles) {
      for (const t of text) expect(t.includes(needle), `found a secret or code in: ${t.slice(0, 80)}`).toBe(false);
    }
  });

  it('a store error that carries the record (like ioredis ReplyError.command.args) reaches the caller scrubbed', async () => {
    const inner = memoryStore();
    const h = harness({ store: inner }); // no cipher: the record holds the base32 secret
    const { secret } = ok(await h.mfa.beginEnrollment('u1', { accountName: 'a@example.com' }));
    const leaky: MfaStore = {
      get: (u) => inner.get(u),
      put: async (_u, record) => {
        const error = Object.assign(new Error(`OOM command not allowed`), {
          name: 'ReplyError',
          code: 'OOM',
          command: { name: 'evalsha', args: [JSON.stringify(record)] },
          record,
        });
        throw Object.assign(new Error('write failed', { cause: error }), { code: 'EWRITE' });
      },
      delete: async () => false,
    };
    const b = harness({ store: leaky });
    b.clock.now = h.clock.now;
    const s = b.step();
    const error = await b.mfa.verifyPairing('u1', codeAtStep(secret, s - 1), codeAtStep(secret, s)).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'STORE_UNAVAILABLE' });
    const cause = (error as Error).cause as Error & { code?: string };
    expect([cause.name, cause.code, cause.message, cause.cause]).toEqual(['Error', 'EWRITE', 'write failed', undefined]);
    for (const t of strings(error)) expect(t.includes(secret)).toBe(false);
    expect(JSON.stringify(error)).not.toContain(secret);
  });

  it('locks, suspension, recovery locks and unlock: no event, result or status holds a secret or code', async () => {
    const h = harness({ policy: { maxFailures: 2, suspendAfterFailures: 3, maxRecoveryFailures: 1 } });
    const { secret } = ok(await h.mfa.beginEnrollment('u1', { accountName: 'a@example.com' }));
    const s = h.step();
    const seen: unknown[] = [];
    const codes: string[] = [codeAtStep(secret, s - 1), codeAtStep(secret, s)];
    seen.push(await h.mfa.verifyPairing('u1', codes[0]!, codes[1]!), await h.mfa.enable('u1'));
    const rc = ok(await h.mfa.generateRecoveryCodes('u1', { count: 2 })).codes;
    for (let i = 0; i < 4; i++) {
      const c = wrongCode(secret, h.step(), 12, ...codes);
      codes.push(c);
      seen.push(await h.mfa.verify('u1', c), await h.mfa.status('u1'));
      h.advance(30 * 60_000);
    }
    seen.push(await h.mfa.resync('u1', codeAtStep(secret, h.step() + 1), codeAtStep(secret, h.step() + 2)));
    seen.push(await h.mfa.useRecoveryCode('u1', '0000-0000-0000-0000'), await h.mfa.useRecoveryCode('u1', rc[0]!));
    seen.push(await h.mfa.status('u1'), await h.mfa.unlock('u1', { actor: 'admin' }), await h.mfa.status('u1'));
    h.advance(15 * 60_000);
    seen.push(await h.mfa.useRecoveryCode('u1', rc[0]!));
    const types = new Set(h.events.map((e) => e.type));
    for (const t of ['factor.locked', 'factor.suspended', 'signin.refused', 'recovery.locked', 'factor.unlocked'] as const) {
      expect(types.has(t), t).toBe(true);
    }
    const needles = [secret, secret.toLowerCase(), ...codes, ...rc, ...rc.map((c) => canonicalRecoveryCode(c)!)];
    for (const t of strings([seen, h.events])) for (const needle of needles) expect(t.includes(needle)).toBe(false);
  });

  it('records in the store hold no code and, with a cipher, no secret', async () => {
    const h = harness({ cipher: aesGcmCipher({ keys: { k: new Uint8Array(32) }, currentKeyId: 'k' }) });
    const { secret } = ok(await h.mfa.beginEnrollment('u1', { accountName: 'a@example.com' }));
    const s = h.step();
    await h.mfa.verifyPairing('u1', codeAtStep(secret, s - 1), codeAtStep(secret, s));
    const record = (await h.store.get('u1'))!.record as { pending: { secret: { ct: string; iv: string } } };
    expect(record.pending.secret.ct.length).toBeGreaterThan(32);
    // Random ciphertext could hold six digits in a row by chance, so it is checked for the secret only.
    expect(JSON.stringify(record).includes(secret)).toBe(false);
    record.pending.secret = { ct: '', iv: '' };
    const stored = JSON.stringify(record);
    for (const needle of [codeAtStep(secret, s - 1), codeAtStep(secret, s)]) expect(stored.includes(needle)).toBe(false);
  });
});

// Fail closed: a failing store rejects with STORE_UNAVAILABLE, never reports ok, and leaves no half-written state.
import { describe, expect, it } from 'vitest';
import { OtpError } from '../src/errors.js';
import { memoryStore } from '../src/storage/memory.js';
import type { MfaStore } from '../src/storage/types.js';
import { type Harness, codeAtStep, enroll, harness } from './helpers/enrollment.js';

type Op = 'get' | 'put' | 'delete';
function broken(inner: MfaStore, failing: Op[]): MfaStore {
  const fail = (op: Op) => failing.includes(op);
  return {
    get: async (u) => (fail('get') ? Promise.reject(new Error('connection refused')) : inner.get(u)),
    put: async (u, r, v) => (fail('put') ? Promise.reject(new Error('connection reset')) : inner.put(u, r, v)),
    delete: async (u, v) => (fail('delete') ? Promise.reject(new Error('timeout')) : inner.delete(u, v)),
  };
}

const calls: Array<[string, (h: Harness, secret: string) => Promise<unknown>]> = [
  ['beginEnrollment', (h) => h.mfa.beginEnrollment('u1', { accountName: 'a@example.com' })],
  ['verify', (h, s) => h.mfa.verify('u1', codeAtStep(s, h.step()))],
  ['resync', (h, s) => h.mfa.resync('u1', codeAtStep(s, h.step() + 3), codeAtStep(s, h.step() + 4))],
  ['useRecoveryCode', (h) => h.mfa.useRecoveryCode('u1', '0000-0000-0000-0000')],
  ['generateRecoveryCodes', (h) => h.mfa.generateRecoveryCodes('u1')],
  ['disable', (h) => h.mfa.disable('u1')],
  ['verifyPairing', (h, s) => h.mfa.verifyPairing('u1', codeAtStep(s, 1), codeAtStep(s, 2))],
  ['enable', (h) => h.mfa.enable('u1')],
  ['status', (h) => h.mfa.status('u1')],
];

describe('fail closed', () => {
  it.each(calls)('%s rejects with STORE_UNAVAILABLE when get throws', async (_name, call) => {
    const inner = memoryStore();
    const a = harness({ store: inner });
    const secret = await enroll(a);
    const b = harness({ store: broken(inner, ['get']) });
    b.clock.now = a.clock.now;
    const error = await call(b, secret).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(OtpError);
    expect(error).toMatchObject({ code: 'STORE_UNAVAILABLE' });
  });

  it.each(calls.filter(([n]) => !['status', 'verifyPairing', 'enable'].includes(n)))(
    '%s rejects when the write throws, and the stored record is unchanged',
    async (_name, call) => {
      const inner = memoryStore();
      const a = harness({ store: inner });
      const secret = await enroll(a);
      const before = await inner.get('u1');
      const b = harness({ store: broken(inner, ['put', 'delete']) });
      b.clock.now = a.clock.now;
      await expect(call(b, secret)).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
      expect(await inner.get('u1')).toEqual(before);
    },
  );

  it('a right code is never ok when its step cannot be recorded, and stays usable afterwards', async () => {
    const inner = memoryStore();
    const a = harness({ store: inner });
    const secret = await enroll(a);
    const b = harness({ store: broken(inner, ['put']) });
    b.clock.now = a.clock.now;
    await expect(b.mfa.verify('u1', codeAtStep(secret, b.step()))).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    expect(b.events.filter((e) => e.type === 'signin.succeeded')).toEqual([]);
    expect((await a.mfa.verify('u1', codeAtStep(secret, a.step()))).ok).toBe(true);
  });

  it('the store error is kept as the cause for operators', async () => {
    const h = harness({ store: broken(memoryStore(), ['get']) });
    const error = (await h.mfa.status('u1').catch((e: unknown) => e)) as OtpError;
    expect((error.cause as Error).message).toBe('connection refused');
  });

  it.each([
    ['not an object', 'garbage'],
    ['unknown schema', { schema: 2, failures: 0, recovery: [] }],
    ['negative failures', { schema: 1, failures: -1, recovery: [] }],
    ['bad recovery hash', { schema: 1, failures: 0, recovery: ['abc'] }],
    ['active without a secret', { schema: 1, failures: 0, recovery: [], active: { algorithm: 'SHA1', digits: 6, period: 30, lastStep: 1, drift: 0, enabledAt: 0 } }],
    ['active with period 0', { schema: 1, failures: 0, recovery: [], active: { secret: 'X', algorithm: 'SHA1', digits: 6, period: 0, lastStep: 1, drift: 0, enabledAt: 0 } }],
  ])('a stored record with %s is refused with INVALID_RECORD, never ok', async (_name, record) => {
    const store = memoryStore();
    await store.put('u1', record as never, null);
    const h = harness({ store });
    await expect(h.mfa.verify('u1', '123456')).rejects.toMatchObject({ code: 'INVALID_RECORD' });
    await expect(h.mfa.status('u1')).rejects.toMatchObject({ code: 'INVALID_RECORD' });
  });
});

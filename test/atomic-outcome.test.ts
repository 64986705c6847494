// Atomic outcome: "right" is reported only if the step was recorded as used, "wrong" only if the
// failure was counted; contention is retried with fresh state, and exhausted retries answer `busy`.
import { describe, expect, it } from 'vitest';
import { memoryStore } from '../src/storage/memory.js';
import type { Json, MfaStore } from '../src/storage/types.js';
import { codeAtStep, enroll, harness, wrongCode, why } from './helpers/enrollment.js';

/** A store that runs `hook` once, between a caller's read and its write (a concurrent writer). */
function interleaving(inner: MfaStore) {
  let hook: (() => Promise<unknown>) | undefined;
  const store: MfaStore = {
    get: (u) => inner.get(u),
    async put(u: string, r: Json, v: number | null) {
      const h = hook;
      hook = undefined;
      if (h) await h();
      return inner.put(u, r, v);
    },
    delete: (u, v) => inner.delete(u, v),
  };
  return { store, beforeNextPut: (fn: () => Promise<unknown>) => (hook = fn) };
}

/** A store whose writes lose the compare-and-set `losses` times (as if another writer always won). */
function losing(inner: MfaStore, losses: number) {
  let left = losses;
  const store: MfaStore = {
    get: (u) => inner.get(u),
    put: async (u, r, v) => (left-- > 0 ? false : inner.put(u, r, v)),
    delete: async (u, v) => (left-- > 0 ? false : inner.delete(u, v)),
  };
  return store;
}

describe('atomic outcome', () => {
  it('a concurrent sign-in with the same code wins the write: this one is replayed, not ok', async () => {
    const inner = memoryStore();
    const a = harness({ store: inner });
    const secret = await enroll(a);
    const { store, beforeNextPut } = interleaving(inner);
    const b = harness({ store });
    b.clock.now = a.clock.now;
    const code = codeAtStep(secret, a.step());
    let other: unknown;
    beforeNextPut(async () => (other = await a.mfa.verify('u1', code)));
    expect(await b.mfa.verify('u1', code)).toEqual({ ok: false, reason: 'replayed' });
    expect(other).toEqual({ ok: true, delta: 0 });
  });

  it('concurrent failures are added, not overwritten (no lost update)', async () => {
    const inner = memoryStore();
    const a = harness({ store: inner });
    const secret = await enroll(a);
    const { store, beforeNextPut } = interleaving(inner);
    const b = harness({ store });
    b.clock.now = a.clock.now;
    const wrong = wrongCode(secret, a.step());
    beforeNextPut(async () => {
      for (let i = 0; i < 3; i++) await a.mfa.verify('u1', wrong);
    });
    expect(await b.mfa.verify('u1', wrong)).toEqual({ ok: false, reason: 'mismatch' });
    expect((await a.mfa.status('u1')).failures).toBe(4);
  });

  it('a lost write is retried with fresh state and the outcome reported is the one written', async () => {
    const inner = memoryStore();
    const a = harness({ store: inner });
    const secret = await enroll(a);
    const b = harness({ store: losing(inner, 5) });
    b.clock.now = a.clock.now;
    expect(await b.mfa.verify('u1', codeAtStep(secret, b.step()))).toEqual({ ok: true, delta: 0 });
    expect(why(await a.mfa.verify('u1', codeAtStep(secret, a.step())))).toBe('replayed');
  });

  it('when retries run out, right and wrong codes get the same `busy` and nothing changes', async () => {
    const inner = memoryStore();
    const a = harness({ store: inner });
    const secret = await enroll(a);
    const before = await inner.get('u1');
    const b = harness({ store: losing(inner, Infinity), policy: { maxWriteAttempts: 3 } });
    b.clock.now = a.clock.now;
    const right = await b.mfa.verify('u1', codeAtStep(secret, b.step()));
    const wrong = await b.mfa.verify('u1', wrongCode(secret, b.step()));
    expect(right).toEqual({ ok: false, reason: 'busy' });
    expect(wrong).toEqual(right);
    expect(await inner.get('u1')).toEqual(before);
    expect(b.events).toEqual([]); // no event for an outcome that was not written
    // The code was not consumed, so the user can still sign in with it.
    expect((await a.mfa.verify('u1', codeAtStep(secret, a.step()))).ok).toBe(true);
  });

  it('busy management calls answer busy like every other method (one refusal style)', async () => {
    const inner = memoryStore();
    const a = harness({ store: inner });
    const secret = await enroll(a);
    await a.mfa.verify('u1', wrongCode(secret, a.step())); // a failure, so unlock has something to write
    const b = harness({ store: losing(inner, Infinity), policy: { maxWriteAttempts: 2 } });
    expect(await b.mfa.beginEnrollment('u1', { accountName: 'a@example.com' })).toEqual({ ok: false, reason: 'busy' });
    expect(await b.mfa.generateRecoveryCodes('u1')).toEqual({ ok: false, reason: 'busy' });
    expect(await b.mfa.unlock('u1')).toEqual({ ok: false, reason: 'busy' });
    expect(await b.mfa.disable('u1')).toEqual({ ok: false, reason: 'busy' });
    expect(await b.mfa.useRecoveryCode('u1', '0000-0000-0000-0000')).toEqual({ ok: false, reason: 'busy' });
    expect((await a.mfa.status('u1')).state).toBe('enabled');
  });
});

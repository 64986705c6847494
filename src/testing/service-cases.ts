/**
 * Conformance cases for the service-level guarantees a store must make possible: under concurrent
 * calls a right code is accepted exactly once and every wrong code is counted.
 * @module
 */
import type { CreateMfaOptions, Mfa } from '../enrollment/mfa.js';
import { createMfa } from '../enrollment/service.js';
import type { MfaStore } from '../storage/types.js';
import { generateTotp } from '../totp.js';
import { type ConformanceApi, type ConformanceOptions, type StoreFactory, freshUser, tally, withStore } from './harness.js';

const PERIOD_MS = 30_000;
const START = Date.UTC(2030, 0, 1, 12, 0, 0); // a fixed, step-aligned moment: no test reads the wall clock

/** An enabled user on an injected clock, one step after pairing. Internal. */
async function enrolledUser(store: MfaStore, label: string, policy: CreateMfaOptions['policy'] = {}) {
  let now = START;
  const mfa = createMfa({ store, issuer: 'Conformance', now: () => now, policy: { maxWriteAttempts: 1000, ...policy } });
  const userId = freshUser(label);
  const started = await mfa.beginEnrollment(userId, { accountName: 'user@example.com' });
  if (!started.ok) throw new Error(`beginEnrollment failed: ${started.reason}`);
  const { secret } = started;
  const code = (at: number): string => generateTotp(secret, { now: at });
  const paired = await mfa.verifyPairing(userId, code(now - PERIOD_MS), code(now));
  if (!paired.ok) throw new Error(`pairing failed: ${paired.reason}`);
  const enabled = await mfa.enable(userId);
  if (!enabled.ok) throw new Error(`enable failed: ${enabled.reason}`);
  now += PERIOD_MS;
  // A code that matches no step of the window (past, current, future, with drift 0).
  const near = new Set([-2, -1, 0, 1, 2].map((d) => code(now + d * PERIOD_MS)));
  let wrong = 0;
  while (near.has(String(wrong).padStart(6, '0'))) wrong += 1;
  return { mfa, userId, rightCode: code(now), wrongCode: String(wrong).padStart(6, '0') };
}

/** New recovery codes for an enabled user, or an error naming why not. Internal. */
async function recoveryCodes(mfa: Mfa, userId: string, count: number): Promise<string[]> {
  const r = await mfa.generateRecoveryCodes(userId, { count });
  if (!r.ok) throw new Error(`generateRecoveryCodes failed: ${r.reason}`);
  return r.codes;
}

/** Registers the service-level concurrency cases. Internal: use `runStoreConformance`. */
export function serviceCases(api: ConformanceApi, makeStore: StoreFactory, options: ConformanceOptions): void {
  const { describe, it, expect } = api;
  const n = options.concurrency ?? 50;
  const test = (name: string, body: (store: MfaStore) => Promise<void>): void => {
    it(name, withStore(makeStore, options, body));
  };
  const times = <T>(count: number, fn: (i: number) => Promise<T>): Promise<T[]> =>
    Promise.all(Array.from({ length: count }, (_, i) => fn(i)));

  describe('service guarantees over this store', () => {
    test(`${n} concurrent verify calls with the same right code: exactly one ok`, async (store) => {
      const { mfa, userId, rightCode } = await enrolledUser(store, 'verify-race');
      const results = await times(n, () => mfa.verify(userId, rightCode));
      const counts = tally(results.map((r) => (r.ok ? 'ok' : r.reason)));
      expect(counts['ok']).toBe(1);
      expect((counts['replayed'] ?? 0) + (counts['busy'] ?? 0)).toBe(n - 1);
      expect((await mfa.verify(userId, rightCode)).ok).toBe(false);
      expect((await mfa.status(userId)).failures).toBe(0);
    });

    test(`${n} concurrent wrong codes are all counted (limit above ${n})`, async (store) => {
      const { mfa, userId, wrongCode } = await enrolledUser(store, 'wrong-race', { maxFailures: 100 });
      const results = await times(n, () => mfa.verify(userId, wrongCode));
      expect(tally(results.map((r) => (r.ok ? 'ok' : r.reason)))).toEqual({ mismatch: n });
      expect((await mfa.status(userId)).failures).toBe(n);
    });

    const limit = Math.min(10, Math.max(1, Math.floor(n / 2))); // the default limit, 10, when n >= 20
    test(`${n} concurrent wrong codes lock at the limit (${limit}) and never count past it`, async (store) => {
      const { mfa, userId, wrongCode, rightCode } = await enrolledUser(store, 'lock-race', { maxFailures: limit });
      const results = await times(n, () => mfa.verify(userId, wrongCode));
      const counts = tally(results.map((r) => (r.ok ? 'ok' : r.reason)));
      expect(counts).toEqual({ mismatch: limit, locked: n - limit });
      const status = await mfa.status(userId);
      expect(status.failures).toBe(limit);
      expect(status.lockedUntil === null).toBe(false);
      expect((await mfa.verify(userId, rightCode)).ok).toBe(false);
    });

    const cap = Math.min(10, Math.max(2, Math.floor(n / 2)));
    test(`${n} concurrent wrong codes at the suspension cap (${cap}) suspend once and never count past it`, async (store) => {
      const policy = { maxFailures: cap, suspendAfterFailures: cap };
      const { mfa, userId, wrongCode, rightCode } = await enrolledUser(store, 'suspend-race', policy);
      const results = await times(n, () => mfa.verify(userId, wrongCode));
      const counts = tally(results.map((r) => (r.ok ? 'ok' : r.reason)));
      expect(counts).toEqual({ mismatch: cap - 1, suspended: n - cap + 1 });
      const status = await mfa.status(userId);
      expect([status.failures, status.suspended]).toEqual([cap, true]);
      expect((await mfa.verify(userId, rightCode)).ok).toBe(false);
    });

    test(`recovery codes work while TOTP is locked, under ${n} concurrent wrong TOTP codes`, async (store) => {
      const { mfa, userId, wrongCode, rightCode } = await enrolledUser(store, 'recovery-locked', { maxFailures: 3 });
      const [code] = await recoveryCodes(mfa, userId, 1);
      await times(n, () => mfa.verify(userId, wrongCode));
      expect((await mfa.status(userId)).lockedUntil === null).toBe(false);
      expect(await mfa.useRecoveryCode(userId, code!)).toEqual({ ok: true, remaining: 0 });
      const status = await mfa.status(userId);
      expect([status.failures, status.lockedUntil]).toEqual([0, null]);
      expect((await mfa.verify(userId, rightCode)).ok).toBe(true);
    });

    test(`${n} concurrent uses of one recovery code: exactly one ok`, async (store) => {
      const { mfa, userId } = await enrolledUser(store, 'recovery-race', { maxRecoveryFailures: 100 });
      const [code] = await recoveryCodes(mfa, userId, 3);
      const results = await times(n, () => mfa.useRecoveryCode(userId, code!));
      const counts = tally(results.map((r) => (r.ok ? 'ok' : r.reason)));
      expect(counts['ok']).toBe(1);
      expect(counts['busy'] ?? 0).toBe(0);
      expect((await mfa.status(userId)).recoveryCodesLeft).toBe(2);
      expect((await mfa.status(userId)).recoveryFailures).toBe(n - 1);
    });

    test(`${n} concurrent uses of ${n} different recovery codes all succeed, none lost`, async (store) => {
      const { mfa, userId } = await enrolledUser(store, 'recovery-all');
      const codes = await recoveryCodes(mfa, userId, n);
      const results = await times(n, (i) => mfa.useRecoveryCode(userId, codes[i]!));
      expect(results.filter((r) => r.ok).length).toBe(n);
      expect((await mfa.status(userId)).recoveryCodesLeft).toBe(0);
    });

    test(`${n} concurrent wrong recovery codes are all counted`, async (store) => {
      const { mfa, userId } = await enrolledUser(store, 'recovery-wrong', { maxRecoveryFailures: 100 });
      await recoveryCodes(mfa, userId, 2);
      const results = await times(n, () => mfa.useRecoveryCode(userId, '0000-0000-0000-0000'));
      expect(tally(results.map((r) => (r.ok ? 'ok' : r.reason)))).toEqual({ mismatch: n });
      expect((await mfa.status(userId)).recoveryFailures).toBe(n);
    });
  });
}

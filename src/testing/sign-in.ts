/**
 * Conformance group `signInCases`: the service's sign-in guarantees over the store under concurrent
 * calls: one right code is accepted exactly once, every wrong code is counted, the lock holds at its limit.
 * @module
 */
import { type CaseGroup, storeCase, tally } from './harness.js';
import { enrolledUser, outcome, times } from './service-fixture.js';

/**
 * Registers the sign-in cases (`options.concurrency` callers, default 50).
 * @example
 * ```ts
 * import { describe, it, expect } from 'vitest';
 * import { signInCases } from 'totp-enroll/testing';
 * signInCases({ describe, it, expect }, () => myStore());
 * ```
 */
export const signInCases: CaseGroup = (api, makeStore, options = {}) => {
  const { describe, expect } = api;
  const n = options.concurrency ?? 50;
  const test = storeCase(api, makeStore, options);

  describe('service guarantees over this store: sign-in', () => {
    test(`${n} concurrent verify calls with the same right code: exactly one ok`, async (store) => {
      const { mfa, userId, rightCode } = await enrolledUser(store, 'verify-race');
      const counts = tally((await times(n, () => mfa.verify(userId, rightCode))).map(outcome));
      expect(counts['ok']).toBe(1);
      expect((counts['replayed'] ?? 0) + (counts['busy'] ?? 0)).toBe(n - 1);
      expect((await mfa.verify(userId, rightCode)).ok).toBe(false);
      expect((await mfa.status(userId)).failures).toBe(0);
    });

    test(`${n} concurrent wrong codes are all counted (limit above ${n})`, async (store) => {
      const { mfa, userId, wrongCode } = await enrolledUser(store, 'wrong-race', { maxFailures: 100 });
      const results = await times(n, () => mfa.verify(userId, wrongCode));
      expect(tally(results.map(outcome))).toEqual({ mismatch: n });
      expect((await mfa.status(userId)).failures).toBe(n);
    });

    const limit = Math.min(10, Math.max(1, Math.floor(n / 2))); // the default limit, 10, when n >= 20
    test(`${n} concurrent wrong codes lock at the limit (${limit}) and never count past it`, async (store) => {
      const { mfa, userId, wrongCode, rightCode } = await enrolledUser(store, 'lock-race', { maxFailures: limit });
      const results = await times(n, () => mfa.verify(userId, wrongCode));
      expect(tally(results.map(outcome))).toEqual({ mismatch: limit, locked: n - limit });
      const status = await mfa.status(userId);
      expect(status.failures).toBe(limit);
      expect(status.lockedUntil === null).toBe(false);
      expect((await mfa.verify(userId, rightCode)).ok).toBe(false);
    });

    const cap = Math.min(10, Math.max(2, Math.floor(n / 2)));
    test(`${n} concurrent wrong codes at the suspension cap (${cap}) suspend once and never count past it`, async (store) => {
      const policy = { maxFailures: cap, suspendAfterFailures: cap };
      const { mfa, userId, wrongCode, rightCode } = await enrolledUser(store, 'suspend-race', policy);
      const counts = tally((await times(n, () => mfa.verify(userId, wrongCode))).map(outcome));
      expect(counts).toEqual({ mismatch: cap - 1, suspended: n - cap + 1 });
      const status = await mfa.status(userId);
      expect([status.failures, status.suspended]).toEqual([cap, true]);
      expect((await mfa.verify(userId, rightCode)).ok).toBe(false);
    });
  });
};

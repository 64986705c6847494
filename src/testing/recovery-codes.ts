/**
 * Conformance group `recoveryCodeCases`: recovery codes over the store under concurrent calls: one
 * code is used exactly once, different codes are all consumed, every wrong code is counted.
 * @module
 */
import { type CaseGroup, storeCase, tally } from './harness.js';
import { enrolledUser, outcome, recoveryCodes, times } from './service-fixture.js';

/**
 * Registers the recovery-code cases (`options.concurrency` callers, default 50).
 * @example
 * ```ts
 * import { describe, it, expect } from 'vitest';
 * import { recoveryCodeCases } from 'totp-enroll/testing';
 * recoveryCodeCases({ describe, it, expect }, () => myStore());
 * ```
 */
export const recoveryCodeCases: CaseGroup = (api, makeStore, options = {}) => {
  const { describe, expect } = api;
  const n = options.concurrency ?? 50;
  const test = storeCase(api, makeStore, options);

  describe('service guarantees over this store: recovery codes', () => {
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
      const counts = tally((await times(n, () => mfa.useRecoveryCode(userId, code!))).map(outcome));
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
      expect(tally(results.map(outcome))).toEqual({ mismatch: n });
      expect((await mfa.status(userId)).recoveryFailures).toBe(n);
    });
  });
};

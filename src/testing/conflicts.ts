/**
 * Conformance group `conflictCases`: the store under test behind a scripted layer that answers some
 * writes with a conflict (`false`, nothing written), as a SQL adapter does for a serialization failure
 * (PostgreSQL 40001/40P01) or a busy database (SQLITE_BUSY). The service must re-read the real store and
 * retry: a sign-in still lands exactly once, every wrong code is counted once, and a conflict that never
 * clears is `busy`, never `ok`, with nothing recorded.
 * @module
 */
import type { MfaStore } from '../storage/types.js';
import { type CaseGroup, storeCase, tally } from './harness.js';
import { enrolledUser, outcome, times } from './service-fixture.js';

/** `store`, except that a write for which `conflict()` is true answers `false` without reaching it. */
function withConflicts(store: MfaStore, conflict: () => boolean): MfaStore & { conflicts: number } {
  const scripted = {
    conflicts: 0,
    get: (userId: string) => store.get(userId),
    put: async (userId: string, record: Parameters<MfaStore['put']>[1], expected: number | null) => {
      if (!conflict()) return store.put(userId, record, expected);
      scripted.conflicts++;
      return false;
    },
    delete: async (userId: string, expected: number) => {
      if (!conflict()) return store.delete(userId, expected);
      scripted.conflicts++;
      return false;
    },
  };
  return scripted;
}

/**
 * Registers the conflict cases (`options.concurrency` callers, default 50).
 * @example
 * ```ts
 * import { describe, it, expect } from 'vitest';
 * import { conflictCases } from 'totp-enroll/testing';
 * conflictCases({ describe, it, expect }, () => myStore());
 * ```
 */
export const conflictCases: CaseGroup = (api, makeStore, options = {}) => {
  const { describe, expect } = api;
  const n = Math.min(options.concurrency ?? 50, 20);
  const test = storeCase(api, makeStore, options);

  describe('service guarantees over this store: conflicts reported as errors (serialization failure, busy)', () => {
    test('a sign-in whose first writes meet a conflict is retried and accepted exactly once', async (store) => {
      let left = 0;
      const scripted = withConflicts(store, () => left-- > 0);
      const { mfa, userId, rightCode } = await enrolledUser(scripted, 'conflict-retry');
      const before = await store.get(userId);
      left = 3;
      expect({ first: outcome(await mfa.verify(userId, rightCode)), conflicts: scripted.conflicts }).toEqual({ first: 'ok', conflicts: 3 });
      expect((await store.get(userId))?.version === before?.version).toBe(false);
      expect(outcome(await mfa.verify(userId, rightCode))).toBe('replayed');
      expect((await mfa.status(userId)).failures).toBe(0);
    });

    test(`${n} concurrent wrong codes whose writes meet conflicts are each counted exactly once`, async (store) => {
      let calls = 0;
      const scripted = withConflicts(store, () => calls++ % 2 === 0); // every other write is refused
      const { mfa, userId, wrongCode } = await enrolledUser(scripted, 'conflict-count', { maxFailures: 100 });
      calls = 0;
      const results = await times(n, () => mfa.verify(userId, wrongCode));
      expect(tally(results.map(outcome))).toEqual({ mismatch: n });
      expect((await mfa.status(userId)).failures).toBe(n);
      expect(scripted.conflicts >= n).toBe(true);
    });

    test('a conflict that never clears is busy, never ok, records nothing, and the code still works after', async (store) => {
      let blocked = false;
      const scripted = withConflicts(store, () => blocked);
      const { mfa, userId, rightCode, wrongCode } = await enrolledUser(scripted, 'conflict-busy', { maxWriteAttempts: 4 });
      const before = await store.get(userId);
      blocked = true;
      expect(outcome(await mfa.verify(userId, rightCode))).toBe('busy');
      expect(outcome(await mfa.verify(userId, wrongCode))).toBe('busy');
      expect(await store.get(userId)).toEqual(before);
      blocked = false;
      expect(outcome(await mfa.verify(userId, rightCode))).toBe('ok');
      expect((await mfa.status(userId)).failures).toBe(0);
    });
  });
};

/**
 * Conformance group `raceCases`: many callers at once on one record. Exactly one of N competing
 * writes from one version wins, and read-modify-write loops lose no update.
 * @module
 */
import type { Json } from '../storage/types.js';
import { type CaseGroup, freshUser, storeCase } from './harness.js';

const RECORD: Json = { schema: 1, note: 'first' };

/**
 * Registers the race cases (`options.concurrency` callers, default 50).
 * @example
 * ```ts
 * import { describe, it, expect } from 'vitest';
 * import { raceCases } from 'totp-enroll/testing';
 * raceCases({ describe, it, expect }, () => myStore(), { concurrency: 20 });
 * ```
 */
export const raceCases: CaseGroup = (api, makeStore, options = {}) => {
  const { describe, expect } = api;
  const n = options.concurrency ?? 50;
  const test = storeCase(api, makeStore, options);

  describe('store contract: concurrency', () => {
    test(`${n} concurrent inserts: exactly one wins`, async (store) => {
      const user = freshUser('race-insert');
      const results = await Promise.all(Array.from({ length: n }, (_, i) => store.put(user, { schema: 1, i }, null)));
      expect(results.filter(Boolean).length).toBe(1);
      expect((await store.get(user))!.record).toEqual({ schema: 1, i: results.indexOf(true) });
    });

    test(`${n} concurrent updates from one version: exactly one wins`, async (store) => {
      const user = freshUser('race-update');
      await store.put(user, RECORD, null);
      const v = (await store.get(user))!.version;
      const results = await Promise.all(Array.from({ length: n }, (_, i) => store.put(user, { schema: 1, i }, v)));
      expect(results.filter(Boolean).length).toBe(1);
      expect((await store.get(user))!.record).toEqual({ schema: 1, i: results.indexOf(true) });
    });

    test('concurrent delete and updates from one version: exactly one wins', async (store) => {
      const user = freshUser('race-delete');
      await store.put(user, RECORD, null);
      const v = (await store.get(user))!.version;
      const ops = Array.from({ length: n }, (_, i) => (i % 2 === 0 ? store.delete(user, v) : store.put(user, { schema: 1, i }, v)));
      const results = await Promise.all(ops);
      expect(results.filter(Boolean).length).toBe(1);
      const got = await store.get(user);
      const winner = results.indexOf(true);
      if (winner % 2 === 0) expect(got).toBe(null);
      else expect(got?.record).toEqual({ schema: 1, i: winner });
    });

    test(`${n} concurrent read-modify-write loops lose no update`, async (store) => {
      const user = freshUser('race-counter');
      await store.put(user, { schema: 1, count: 0 }, null);
      const increment = async (): Promise<number> => {
        for (let attempt = 1; ; attempt++) {
          const cur = (await store.get(user))!;
          const count = (cur.record as { count: number }).count;
          if (await store.put(user, { schema: 1, count: count + 1 }, cur.version)) return attempt;
          if (attempt > 10 * n) throw new Error('no progress under contention');
        }
      };
      await Promise.all(Array.from({ length: n }, increment));
      expect((await store.get(user))!.record).toEqual({ schema: 1, count: n });
    });
  });
};

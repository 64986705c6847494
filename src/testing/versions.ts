/**
 * Conformance group `versionCases`: versions a version never repeats for a user id, whatever removes old rows
 * or keys (a delete, a tombstone expiring, the housekeeping you run). A version that comes back lets
 * a write stalled since before a delete land on the record created afterwards: a disabled factor
 * would return.
 * @module
 */
import type { Json, MfaStore } from '../storage/types.js';
import { type CaseGroup, freshUser, storeCase } from './harness.js';

/**
 * Registers the version cases; pass your housekeeping as `options.purge` to hold versions to it.
 * @example
 * ```ts
 * import { describe, it, expect } from 'vitest';
 * import { versionCases } from 'totp-enroll/testing';
 * versionCases({ describe, it, expect }, () => myStore(pool), { purge: (_s, id) => pool.query('DELETE ...', [id]) });
 * ```
 */
export const versionCases: CaseGroup = (api, makeStore, options = {}) => {
  const { describe, expect } = api;
  const test = storeCase(api, makeStore, options);
  /** Writes `count` updates in a row and returns every version the record had, the first one included. */
  const updates = async (store: MfaStore, user: string, label: string, count: number): Promise<number[]> => {
    let version = (await store.get(user))!.version;
    const seen = [version];
    for (let i = 0; i < count; i++) {
      expect(await store.put(user, { schema: 1, label, i }, version)).toBe(true);
      version = (await store.get(user))!.version;
      seen.push(version);
    }
    return seen;
  };

  describe('store contract: versions never repeat', () => {
    test('versions are never reused for a user, even after a delete and re-insert', async (store) => {
      const user = freshUser('versions');
      const seen: number[] = [];
      for (let round = 0; round < 3; round++) {
        await store.put(user, { schema: 1, round }, null);
        seen.push(...(await updates(store, user, `round-${round}`, 3)));
        // A writer holding a version from before the delete must not hit the re-inserted record.
        expect(await store.delete(user, seen.at(-1)!)).toBe(true);
      }
      expect(new Set(seen).size).toBe(seen.length);
      await store.put(user, { schema: 1 }, null);
      for (const old of seen) expect(await store.put(user, { schema: 1, note: 'late' }, old)).toBe(false);
    });

    test('a version is a safe integer, never the version it replaces', async (store) => {
      const user = freshUser('version-shape');
      await store.put(user, { schema: 1 }, null);
      const seen = await updates(store, user, 'shape', 5);
      for (const v of seen) expect(Number.isSafeInteger(v)).toBe(true);
      for (let i = 1; i < seen.length; i++) expect(seen[i] === seen[i - 1]).toBe(false);
    });

    // A store whose versions restart with each row (1, 2, 3 ... per user) repeats them as soon as
    // anything removes the row; fresh users sharing a first version is the sign of it.
    test('fresh records do not all start at one version (versions do not restart with the row)', async (store) => {
      const firsts = new Set<number>();
      for (let i = 0; i < 8; i++) {
        const user = freshUser(`first-version-${i}`);
        expect(await store.put(user, { schema: 1, i }, null)).toBe(true);
        firsts.add((await store.get(user))!.version);
      }
      expect(firsts.size > 1).toBe(true);
    });

    const housekeeping = options.purge ? ', housekeeping removing what the delete left' : '';
    test(`a write stalled across a delete${housekeeping} and a re-creation never lands on the new record`, async (store) => {
      const user = freshUser('stalled-write');
      const before: Json = { schema: 1, factor: 'old' };
      await store.put(user, before, null);
      const history = await updates(store, user, 'old', 3);
      const stalled = history.at(-1)!; // a writer read the record at this version, then stalled
      expect(await store.delete(user, stalled)).toBe(true);
      await options.purge?.(store, user);
      expect(await store.put(user, { schema: 1, factor: 'new' }, null)).toBe(true);
      // Recreate at least as many versions as the old record had: a counter restarting at its first
      // value reaches the stalled version on the way. The stalled write is tried at every step.
      let version = (await store.get(user))!.version;
      for (let i = 0; i <= history.length + 2; i++) {
        expect(await store.put(user, { schema: 1, factor: 'old', restored: true }, stalled)).toBe(false);
        expect((await store.get(user))!.record).toEqual(i === 0 ? { schema: 1, factor: 'new' } : { schema: 1, factor: 'new', i });
        expect(await store.put(user, { schema: 1, factor: 'new', i: i + 1 }, version)).toBe(true);
        version = (await store.get(user))!.version;
      }
      expect(await store.delete(user, stalled)).toBe(false);
      expect((await store.get(user))!.record).toEqual({ schema: 1, factor: 'new', i: history.length + 3 });
    });
  });
};

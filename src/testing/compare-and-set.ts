/**
 * Conformance group `compareAndSetCases`: get / put / delete, one caller at a time. An insert only
 * fills an empty slot, an update or delete needs the current version, and a refused write changes nothing.
 * @module
 */
import type { Json } from '../storage/types.js';
import { type CaseGroup, freshUser, storeCase } from './harness.js';

const RECORD: Json = { schema: 1, note: 'first' };

/**
 * Registers the compare-and-set cases.
 * @example
 * ```ts
 * import { describe, it, expect } from 'vitest';
 * import { compareAndSetCases } from 'totp-enroll/testing';
 * compareAndSetCases({ describe, it, expect }, () => myStore());
 * ```
 */
export const compareAndSetCases: CaseGroup = (api, makeStore, options = {}) => {
  const { describe, expect } = api;
  const test = storeCase(api, makeStore, options);

  describe('store contract: compare-and-set', () => {
    test('get of an unknown user is null', async (store) => {
      expect(await store.get(freshUser('unknown'))).toBe(null);
    });

    test('insert (expected null) stores the record and gives it a numeric version', async (store) => {
      const user = freshUser('insert');
      expect(await store.put(user, RECORD, null)).toBe(true);
      const got = await store.get(user);
      expect(got?.record).toEqual(RECORD);
      expect(typeof got?.version).toBe('number');
    });

    test('insert over an existing record returns false and changes nothing', async (store) => {
      const user = freshUser('insert-conflict');
      await store.put(user, RECORD, null);
      const before = await store.get(user);
      expect(await store.put(user, { schema: 1, note: 'second' }, null)).toBe(false);
      expect(await store.get(user)).toEqual(before);
    });

    test('update with the current version succeeds and changes the version', async (store) => {
      const user = freshUser('update');
      await store.put(user, RECORD, null);
      const v1 = (await store.get(user))!.version;
      expect(await store.put(user, { schema: 1, note: 'second' }, v1)).toBe(true);
      const got = await store.get(user);
      expect(got?.record).toEqual({ schema: 1, note: 'second' });
      expect(got?.version === v1).toBe(false);
    });

    test('update with a stale version returns false and changes nothing', async (store) => {
      const user = freshUser('stale');
      await store.put(user, RECORD, null);
      const v1 = (await store.get(user))!.version;
      await store.put(user, { schema: 1, note: 'second' }, v1);
      const current = await store.get(user);
      expect(await store.put(user, { schema: 1, note: 'third' }, v1)).toBe(false);
      expect(await store.get(user)).toEqual(current);
    });

    test('update of a missing record returns false and does not insert', async (store) => {
      const user = freshUser('update-missing');
      expect(await store.put(user, RECORD, 1)).toBe(false);
      expect(await store.put(user, RECORD, 0)).toBe(false);
      expect(await store.get(user)).toBe(null);
    });

    test('delete needs the current version', async (store) => {
      const user = freshUser('delete');
      await store.put(user, RECORD, null);
      const v1 = (await store.get(user))!.version;
      await store.put(user, { schema: 1, note: 'second' }, v1);
      expect(await store.delete(user, v1)).toBe(false);
      expect((await store.get(user))?.record).toEqual({ schema: 1, note: 'second' });
      const v2 = (await store.get(user))!.version;
      expect(await store.delete(user, v2)).toBe(true);
      expect(await store.get(user)).toBe(null);
      expect(await store.delete(user, v2)).toBe(false);
    });

    test('users are independent (ids compared exactly: case, Unicode normal forms)', async (store) => {
      const base = freshUser('Ab');
      const ids = [base, base.toLowerCase(), `${base}-\u00e9`, `${base}-e\u0301`, `${base} `];
      for (const [i, id] of ids.entries()) expect(await store.put(id, { schema: 1, i }, null)).toBe(true);
      for (const [i, id] of ids.entries()) expect((await store.get(id))?.record).toEqual({ schema: 1, i });
      const first = await store.get(ids[0]!);
      expect(await store.delete(ids[0]!, first!.version)).toBe(true);
      expect((await store.get(ids[1]!))?.record).toEqual({ schema: 1, i: 1 });
    });
  });
};

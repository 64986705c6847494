/**
 * Conformance cases for the raw storage contract: get/put/delete with compare-and-set.
 * @module
 */
import type { Json, MfaStore } from '../storage/types.js';
import { type ConformanceApi, type ConformanceOptions, type StoreFactory, freshUser, withStore } from './harness.js';

const RECORD: Json = { schema: 1, note: 'first' };

/** Registers the storage-contract cases. Internal: use `runStoreConformance`. */
export function storeContractCases(api: ConformanceApi, makeStore: StoreFactory, options: ConformanceOptions): void {
  const { describe, it, expect } = api;
  const n = options.concurrency ?? 50;
  const test = (name: string, body: (store: MfaStore) => Promise<void>): void => {
    it(name, withStore(makeStore, options, body));
  };

  describe('store contract: get / put / delete', () => {
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

  describe('store contract: values', () => {
    test('get returns a deep copy: mutating it or the written object does not change the store', async (store) => {
      const user = freshUser('copy');
      const written = { schema: 1, list: ['a'], nested: { n: 1 } };
      await store.put(user, written, null);
      written.list.push('mutated-after-put');
      written.nested.n = 99;
      const got = (await store.get(user))!;
      expect(got.record).toEqual({ schema: 1, list: ['a'], nested: { n: 1 } });
      const record = got.record as { list: string[] };
      record.list.push('mutated-after-get');
      expect((await store.get(user))!.record).toEqual({ schema: 1, list: ['a'], nested: { n: 1 } });
    });

    test('JSON round trip of Unicode, numbers, nulls and nesting', async (store) => {
      const user = freshUser('unicode-\u00fc\u4e2d\ud83d\udd10');
      const record: Json = {
        schema: 1,
        text: 'caf\u00e9 \u4e2d\u6587 \u0627\u0644\u0639\u0631\u0628\u064a\u0629 \ud83d\udd10\ud83d\udc68\u200d\ud83d\udc69 "q" \\ \n\t',
        ints: [0, -1, 1, 2 ** 31, 2 ** 32 + 1, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER],
        floats: [0.5, 1.25e-7],
        flags: [true, false, null],
        empty: { list: [], object: {}, text: '' },
        deep: { a: { b: { c: { d: [{ e: 'f' }] } } } },
      };
      await store.put(user, record, null);
      expect((await store.get(user))!.record).toEqual(record);
    });

    test('JSON round trip of a large record (about 256 KB)', async (store) => {
      const user = freshUser('large');
      const hashes = Array.from({ length: 1000 }, (_, i) => i.toString(16).padStart(64, '0'));
      const record: Json = { schema: 1, hashes, blob: 'x'.repeat(190_000) };
      await store.put(user, record, null);
      expect((await store.get(user))!.record).toEqual(record);
    });
  });

  describe('store contract: concurrency', () => {
    test(`${n} concurrent inserts: exactly one wins`, async (store) => {
      const user = freshUser('race-insert');
      const results = await Promise.all(Array.from({ length: n }, (_, i) => store.put(user, { schema: 1, i }, null)));
      expect(results.filter(Boolean).length).toBe(1);
      const winner = results.indexOf(true);
      expect((await store.get(user))!.record).toEqual({ schema: 1, i: winner });
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
      const ops = Array.from({ length: n }, (_, i) =>
        i % 2 === 0 ? store.delete(user, v) : store.put(user, { schema: 1, i }, v),
      );
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
}

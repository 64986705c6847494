/**
 * Conformance group `valueCases`: what goes in comes out, and nothing else: deep copies both ways,
 * JSON round trips of Unicode, numbers and nesting, and a large record.
 * @module
 */
import type { Json } from '../storage/types.js';
import { type CaseGroup, freshUser, storeCase } from './harness.js';

/**
 * Registers the value cases.
 * @example
 * ```ts
 * import { describe, it, expect } from 'vitest';
 * import { valueCases } from 'totp-enroll/testing';
 * valueCases({ describe, it, expect }, () => myStore());
 * ```
 */
export const valueCases: CaseGroup = (api, makeStore, options = {}) => {
  const { describe, expect } = api;
  const test = storeCase(api, makeStore, options);

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
};

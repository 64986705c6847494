/**
 * Conformance group `listingCases`: the optional `MfaStore.list` and `getMany`. A walk in small pages
 * returns every record with the version `get` gives, never a deleted one, ids with glob, LIKE, hash-tag
 * and astral characters exactly as written; limits and cursors are checked; `getMany` answers in the
 * order asked. Stores may share a database: the cases walk the whole store and judge only their own ids.
 * @module
 */
import { compareCodePoints } from '../storage/list-options.js';
import { MAX_GET_MANY, type ListedRecord, type MfaStore } from '../storage/types.js';
import { type CaseGroup, type ConformanceOptions, freshUser, storeCase } from './harness.js';

type Listing = Required<Pick<MfaStore, 'list' | 'getMany'>>;

/**
 * Ids that break a store decoding keys, escaping globs or comparing text carelessly. Internal.
 * @example
 * ```ts
 * awkwardIds('u').includes('u-2*'); // true
 * ```
 */
export function awkwardIds(base: string): string[] {
  return [':', '::x', '*', '?', '[a-z]', '{tag}', '}{', '\\', '\\*', '%', '_', "'", '"', ' space ', '\u{1F510}', '\uFFFF', '\uE000',
    '\uFFFD', '\u{10FFFF}', 'é', '\uFDD0x'].flatMap((s, i) => [`${base}-${i}${s}`, `${base}-${i}${s}${s}`])
    // One stem: code-point order (U+D7FF, U+E000, U+FFFF, U+1F510) is not code-unit order (U+1F510 before U+E000).
    .concat(['\uD7FF', '\uE000', '\uFFFF', '\u{1F510}', '\u{1F510}\uE000'].map((s) => `${base}-z${s}`));
}

/**
 * Registers the listing cases; `options.listing` says what the store promises (see `ConformanceOptions`).
 * @example
 * ```ts
 * import { describe, it, expect } from 'vitest';
 * import { listingCases } from 'totp-enroll/testing';
 * listingCases({ describe, it, expect }, () => myStore(), { listing: 'ordered' });
 * ```
 */
export const listingCases: CaseGroup = (api, makeStore, options: ConformanceOptions = {}) => {
  const { describe, expect } = api;
  const test = storeCase(api, makeStore, options);
  const ordered = options.listing === 'ordered';
  /** The store's listing methods; `null` (the case has nothing to check) only when none was promised. */
  const listing = (store: MfaStore, method: 'list' | 'getMany'): Listing | null => {
    if (options.listing !== undefined) {
      expect({ list: typeof store.list, getMany: typeof store.getMany }).toEqual({ list: 'function', getMany: 'function' });
    }
    return typeof store[method] === 'function' ? (store as Listing) : null;
  };
  /** Walks the whole store in pages of `limit`; checks each page and, for an ordered store, the whole order. */
  const walk = async (store: Listing, limit: number): Promise<ListedRecord[]> => {
    const seen: ListedRecord[] = [];
    let cursor: string | null = null;
    for (let pages = 0; ; pages++) {
      expect(pages < 1_000_000).toBe(true);
      const page = await store.list({ cursor, limit });
      expect(page.items.length <= limit).toBe(true);
      expect(new Set(page.items.map((i) => i.userId)).size).toBe(page.items.length);
      // Rows the store cannot read back, if any: ids, none of them also among the page's items.
      const unreadable: unknown = page.unreadable ?? [];
      expect(Array.isArray(unreadable) && unreadable.every((id) => typeof id === 'string' && !page.items.some((i) => i.userId === id))).toBe(true);
      seen.push(...page.items);
      if (page.cursor === null) break;
      expect(typeof page.cursor === 'string' && page.cursor.length > 0).toBe(true);
      cursor = page.cursor;
    }
    if (ordered) {
      const outOfOrder = seen.findIndex((item, i) => i > 0 && compareCodePoints(seen[i - 1]!.userId, item.userId) >= 0);
      expect(outOfOrder === -1 ? null : [seen[outOfOrder - 1]!.userId, seen[outOfOrder]!.userId]).toBe(null);
    }
    return seen;
  };
  /** The listed items of `ids`, by id; each appears once when the store is ordered. */
  const mine = (seen: readonly ListedRecord[], ids: readonly string[]): Map<string, ListedRecord[]> => {
    const wanted = new Set(ids);
    const found = new Map<string, ListedRecord[]>();
    for (const item of seen) if (wanted.has(item.userId)) found.set(item.userId, [...(found.get(item.userId) ?? []), item]);
    return found;
  };
  /** Each id listed (once, if ordered) with the record and version `get` gives. */
  const expectListed = async (store: MfaStore, seen: readonly ListedRecord[], ids: readonly string[]): Promise<void> => {
    const found = mine(seen, ids);
    for (const id of ids) {
      const items = found.get(id) ?? [];
      const current = await store.get(id);
      expect({ id, listed: items.length > 0, once: !ordered || items.length === 1 }).toEqual({ id, listed: true, once: true });
      for (const item of items) expect({ id, record: item.record, version: item.version }).toEqual({ id, ...current });
    }
  };
  const refusal = async (call: () => Promise<unknown>): Promise<unknown> => {
    const error = await call().then(() => 'resolved', (e: unknown) => e);
    const e = error as { name?: unknown; code?: unknown; field?: unknown };
    return typeof error === 'object' && error !== null ? { name: e.name, code: e.code, field: e.field } : error;
  };
  const refused = (field: string) => ({ name: 'OtpError', code: 'INVALID_OPTION', field });
  const write = async (store: MfaStore, ids: readonly string[]): Promise<void> => {
    for (const [i, id] of ids.entries()) expect(await store.put(id, { schema: 1, i, id }, null)).toBe(true);
  };

  describe('store contract: list and getMany (optional)', () => {
    test('a walk in pages of 7 returns every record with the version get gives', async (store) => {
      const s = listing(store, 'list');
      if (!s) return;
      const base = freshUser('walk');
      const ids = Array.from({ length: 23 }, (_, i) => `${base}-${i}`);
      await write(store, ids);
      // Updated records are listed with their latest version.
      for (const id of ids.slice(0, 5)) expect(await store.put(id, { schema: 1, updated: true }, (await store.get(id))!.version)).toBe(true);
      await expectListed(store, await walk(s, 7), ids);
    });

    test('deleted records are never listed, nor read by getMany; the others still are', async (store) => {
      const s = listing(store, 'list');
      if (!s) return;
      const base = freshUser('deleted');
      const ids = Array.from({ length: 8 }, (_, i) => `${base}-${i}`);
      await write(store, ids);
      const gone = ids.filter((_, i) => i % 2 === 0);
      for (const id of gone) expect(await store.delete(id, (await store.get(id))!.version)).toBe(true);
      const seen = await walk(s, 5);
      expect([...mine(seen, gone).keys()]).toEqual([]);
      await expectListed(store, seen, ids.filter((id) => !gone.includes(id)));
      if (typeof store.getMany === 'function') expect(await store.getMany(gone)).toEqual(gone.map(() => null));
    });

    test('ids with glob, LIKE, hash-tag, quote, backslash, astral and U+E000-U+FFFF characters are listed exactly', async (store) => {
      const s = listing(store, 'list');
      if (!s) return;
      const ids = awkwardIds(freshUser('awkward'));
      await write(store, ids);
      const seen = await walk(s, 4);
      await expectListed(store, seen, ids);
      // Nothing else that looks like ours: a decoded id is never a mangled form of a written one.
      const base = ids[0]!.slice(0, ids[0]!.lastIndexOf('-'));
      const strays = seen.filter((i) => i.userId.startsWith(base) && !ids.includes(i.userId)).map((i) => i.userId);
      expect(strays).toEqual([]);
    });

    test('limit is respected from 1 up, and by default at most 100 items come back', async (store) => {
      const s = listing(store, 'list');
      if (!s) return;
      await write(store, Array.from({ length: 3 }, (_, i) => `${freshUser('limit')}-${i}`));
      for (const limit of [1, 2, 3]) expect((await s.list({ limit })).items.length <= limit).toBe(true);
      expect((await s.list()).items.length <= 100).toBe(true);
      expect((await s.list({ cursor: null })).items.length <= 100).toBe(true);
    });

    test('a bad limit or cursor is OtpError INVALID_OPTION, whatever the store holds', async (store) => {
      const s = listing(store, 'list');
      if (!s) return;
      for (const limit of [0, -1, 1001, 1.5, Number.NaN, Infinity, '10']) {
        expect({ limit, error: await refusal(() => s.list({ limit: limit as number })) }).toEqual({ limit, error: refused('limit') });
      }
      for (const cursor of ['', 42, {}, ['x'], 'x\uD800', '\uDC00']) {
        expect({ cursor, error: await refusal(() => s.list({ cursor: cursor as string })) }).toEqual({ cursor, error: refused('cursor') });
      }
    });

    test('getMany answers in the order asked, repeats included, null for unknown and deleted users', async (store) => {
      const s = listing(store, 'getMany');
      if (!s) return;
      const base = freshUser('many');
      const [a, b, gone, unknown] = [`${base}-a`, `${base}-b:*{x}`, `${base}-gone`, `${base}-unknown`];
      await write(store, [a, b, gone]);
      expect(await store.delete(gone, (await store.get(gone))!.version)).toBe(true);
      const asked = [b, unknown, a, gone, a, `${base}-\u{1F510}`];
      expect(await s.getMany(asked)).toEqual(await Promise.all(asked.map((id) => store.get(id))));
      expect((await s.getMany([a, b])).map((v) => v?.record)).toEqual([
        { schema: 1, i: 0, id: a },
        { schema: 1, i: 1, id: b },
      ]);
    });

    test(`getMany takes up to ${MAX_GET_MANY} ids, refuses more and bad ids, and answers [] to []`, async (store) => {
      const s = listing(store, 'getMany');
      if (!s) return;
      const base = freshUser('many-limit');
      await write(store, [`${base}-0`]);
      const ids = Array.from({ length: MAX_GET_MANY }, (_, i) => `${base}-${i}`);
      const got = await s.getMany(ids);
      expect([got.length, got[0]?.record, got.slice(1).every((v) => v === null)]).toEqual([MAX_GET_MANY, { schema: 1, i: 0, id: `${base}-0` }, true]);
      expect(await refusal(() => s.getMany([...ids, `${base}-x`]))).toEqual(refused('userIds'));
      expect(await refusal(() => s.getMany([`${base}-0`, 'x\uD800']))).toEqual(refused('userId'));
      expect(await refusal(() => s.getMany('abc' as unknown as string[]))).toEqual(refused('userIds'));
      expect(await s.getMany([])).toEqual([]);
    });
  });
};

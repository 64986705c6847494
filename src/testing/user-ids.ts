/**
 * Conformance group `userIdCases`: user ids: every store applies the one rule of `checkUserId` (non-empty,
 * well-formed UTF-16, no U+0000, at most 512 code units). An unpaired surrogate becomes U+FFFD on the way to a
 * UTF-8 database, so two ids that differ only there would share one record: one user would see, and
 * sign in with, the other's factor.
 * @module
 */
import { MAX_USER_ID_LENGTH } from '../user-id.js';
import { type CaseGroup, freshUser, storeCase } from './harness.js';

/**
 * Ids every store must refuse with `INVALID_OPTION` (field `userId`), by what is wrong with them. Internal.
 * @example
 * ```ts
 * invalidUserIds('u')['a lone high surrogate at the end']; // 'u\uD800'
 * ```
 */
export function invalidUserIds(base: string): Record<string, unknown> {
  return {
    'a lone high surrogate at the end': `${base}\uD800`,
    'another lone high surrogate at the end': `${base}\uDBFF`,
    'a lone low surrogate at the end': `${base}\uDC00`,
    'a lone low surrogate at the start': `\uDFFF${base}`,
    'a lone high surrogate before a letter': `${base}\uD83Dx`,
    'a reversed surrogate pair': `${base}\uDD10\uD83D`,
    'a U+0000 (PostgreSQL text cannot hold it)': `${base}\u0000x`,
    'the empty string': '',
    [`${MAX_USER_ID_LENGTH + 1} code units`]: `${base}-`.padEnd(MAX_USER_ID_LENGTH + 1, 'x'),
    'a number': 42,
    'undefined': undefined,
    'null': null,
  };
}

/**
 * Registers the user-id cases.
 * @example
 * ```ts
 * import { describe, it, expect } from 'vitest';
 * import { userIdCases } from 'totp-enroll/testing';
 * userIdCases({ describe, it, expect }, () => myStore());
 * ```
 */
export const userIdCases: CaseGroup = (api, makeStore, options = {}) => {
  const { describe, expect } = api;
  const test = storeCase(api, makeStore, options);
  /** The rejection of `call`, or a marker if it resolved (or threw synchronously, which it must not). */
  const rejection = async (call: () => Promise<unknown>): Promise<unknown> => {
    try {
      const promise = call();
      return await promise.then(
        () => 'resolved',
        (error: unknown) => error,
      );
    } catch {
      return 'threw synchronously instead of rejecting';
    }
  };
  const refusal = (error: unknown): unknown => {
    const e = error as { name?: unknown; code?: unknown; field?: unknown };
    return typeof error === 'object' && error !== null ? { name: e.name, code: e.code, field: e.field } : error;
  };
  const REFUSED = { name: 'OtpError', code: 'INVALID_OPTION', field: 'userId' };

  describe('store contract: user ids', () => {
    test('ill-formed, empty, over-long and non-string user ids are refused by get, put and delete', async (store) => {
      for (const [why, id] of Object.entries(invalidUserIds(freshUser('bad-id')))) {
        const calls = {
          get: () => store.get(id as string),
          insert: () => store.put(id as string, { schema: 1 }, null),
          update: () => store.put(id as string, { schema: 1 }, 1),
          delete: () => store.delete(id as string, 1),
        };
        for (const [method, call] of Object.entries(calls)) {
          expect({ why, method, error: refusal(await rejection(call)) }).toEqual({ why, method, error: REFUSED });
        }
      }
    });

    test('two ids that differ only in an unpaired surrogate never share a record', async (store) => {
      const base = freshUser('surrogate');
      const [first, second] = [`${base}\uD800`, `${base}\uDBFF`];
      expect(refusal(await rejection(() => store.put(first, { schema: 1, owner: 'first' }, null)))).toEqual(REFUSED);
      expect(refusal(await rejection(() => store.get(second)))).toEqual(REFUSED);
      // What the database would have turned both into is a user of its own, with nothing stored.
      expect(await store.get(`${base}\uFFFD`)).toBe(null);
    });

    test(`well-formed ids are accepted: surrogate pairs, U+FFFD, exactly ${MAX_USER_ID_LENGTH} code units`, async (store) => {
      const base = freshUser('good-id');
      const ids = [`${base}-\uD83D\uDD10`, `\uD800\uDC00${base}`, `${base}-\uFFFD`, `${base}-`.padEnd(MAX_USER_ID_LENGTH, 'y')];
      for (const [i, id] of ids.entries()) expect(await store.put(id, { schema: 1, i }, null)).toBe(true);
      for (const [i, id] of ids.entries()) expect((await store.get(id))?.record).toEqual({ schema: 1, i });
    });
  });
};

/**
 * The options of `MfaStore.list` and `getMany`, read once and checked the same way by every adapter.
 * @module
 */
import { assertOption } from '../errors.js';
import { snapshotOptions } from '../options.js';
import { checkUserId } from '../user-id.js';
import { type ListOptions, MAX_GET_MANY, MAX_LIST_LIMIT } from './types.js';

/** The checked options of one `list` call. */
export interface ListRequest {
  cursor: string | null;
  limit: number;
}

/**
 * Reads `list` options once (own properties only): `cursor` a string or null, `limit` 1 to 1000 (default 100).
 * @throws OtpError `INVALID_OPTION` (field `cursor` or `limit`).
 * @example
 * ```ts
 * readListOptions({ limit: 10 }); // { cursor: null, limit: 10 }
 * ```
 */
export function readListOptions(options: ListOptions | undefined): ListRequest {
  const o = snapshotOptions(options, ['cursor', 'limit'] as const, 'list options');
  const cursor = o.cursor ?? null;
  const limit = o.limit ?? 100;
  assertOption(cursor === null || (typeof cursor === 'string' && cursor.length > 0), 'cursor', 'a cursor a previous page returned, or null');
  assertOption(Number.isInteger(limit) && (limit as number) >= 1 && (limit as number) <= MAX_LIST_LIMIT, 'limit', `an integer from 1 to ${MAX_LIST_LIMIT}`);
  return { cursor: cursor as string | null, limit: limit as number };
}

/**
 * Checks the ids of one `getMany` call: an array of at most 1000 valid user ids. Returns a copy.
 * @throws OtpError `INVALID_OPTION` (field `userIds` or `userId`).
 * @example
 * ```ts
 * readUserIds(['u1', 'u2']); // ['u1', 'u2']
 * ```
 */
export function readUserIds(userIds: readonly string[]): string[] {
  assertOption(Array.isArray(userIds), 'userIds', 'an array of user ids');
  // The length first: copying `new Array(2 ** 32 - 1)` to count it would take minutes and gigabytes.
  assertOption(userIds.length <= MAX_GET_MANY, 'userIds', `at most ${MAX_GET_MANY} ids`);
  const ids = Array.from(userIds);
  assertOption(ids.length <= MAX_GET_MANY, 'userIds', `at most ${MAX_GET_MANY} ids`);
  for (const id of ids) checkUserId(id);
  return ids;
}

/**
 * Orders two user ids by Unicode code point, the order every keyset-paged store lists in: UTF-8 byte
 * order, so SQLite's `BINARY` collation and PostgreSQL's `COLLATE "C"` (UTF8 database) agree with it.
 * It differs from JavaScript's `<` (UTF-16 code units) only for U+E000-U+FFFF against astral characters.
 * @example
 * ```ts
 * compareCodePoints('\uFFFF', '\u{1F510}'); // < 0 (while '\uFFFF' > '\u{1F510}' in code units)
 * ```
 */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // Only a surrogate against a unit at or above U+E000 sorts differently by code point.
    const lift = (c: number): number => (c >= 0xd800 && c <= 0xdfff ? c + 0x2000 : c >= 0xe000 ? c - 0x800 : c);
    return lift(x) - lift(y);
  }
  return a.length - b.length;
}

/**
 * The cursor of a keyset-paged store (memory, SQLite, PostgreSQL): the last user id of the previous page.
 * Anything that is not a valid user id is refused, as a cursor no page returned.
 * @throws OtpError `INVALID_OPTION` (field `cursor`).
 * @example
 * ```ts
 * readIdCursor('alice'); // 'alice'
 * readIdCursor('u\uD800'); // throws: no page returns an ill-formed id
 * ```
 */
export function readIdCursor(cursor: string): string {
  try {
    checkUserId(cursor);
  } catch {
    assertOption(false, 'cursor', 'a cursor a previous page of this store returned, or null');
  }
  return cursor;
}

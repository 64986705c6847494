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
  const ids = Array.from(userIds);
  assertOption(ids.length <= MAX_GET_MANY, 'userIds', `at most ${MAX_GET_MANY} ids`);
  for (const id of ids) checkUserId(id);
  return ids;
}

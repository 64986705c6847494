/**
 * The storage contract of the enrollment service: a versioned record store with
 * compare-and-set. All security logic (replay guard, failure counting, lockout)
 * lives in the service; an adapter only has to store one JSON document per user
 * and refuse a write whose expected version is stale.
 * @module
 */

/** A JSON-serialisable value, as adapters store it. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** What `get` returns: the record and the version the store gave it. */
export interface Versioned<R> {
  record: R;
  /**
   * Opaque to the service; compared for equality only. A positive safe integer that never repeats for
   * a user id, whatever removes old rows or keys: the adapters draw a random 53-bit integer on every
   * write (`newVersion`), not a counter that restarts when a row is removed.
   */
  version: number;
}

/**
 * A versioned record store with compare-and-set.
 *
 * Contract (proven for every adapter by `runStoreConformance` from `totp-enroll/testing`):
 * - `get` returns `null` for an unknown user, else a deep copy of the last record written and its version.
 * - `put(userId, record, null)` inserts only if no record exists; returns `false` if one does.
 * - `put(userId, record, v)` replaces the record only if the stored version is still `v`; returns `false` otherwise
 *   (including when the record is gone). A successful put gives the record a new version never used before for that
 *   user id, not even by a record since deleted and removed (by the store, a tombstone's expiry or your housekeeping):
 *   otherwise a write stalled since before a delete lands on the record created afterwards and restores the deleted
 *   factor. A counter kept in the row does not qualify; a random 53-bit integer per write does (a stale version then
 *   recurs within `k` writes with probability `k / 2^53`).
 * - `delete(userId, v)` removes the record only if the stored version is still `v`.
 * - `userId` follows `checkUserId`: a non-empty, well-formed UTF-16 string without U+0000, of at most 512 code units; anything else
 *   rejects with `OtpError` `INVALID_OPTION` (field `userId`) before touching the backing store.
 * - A write the backing store refused as a conflict and rolled back (a PostgreSQL serialization failure or deadlock,
 *   `SQLITE_BUSY`) returns `false`, like a stale version: the service re-reads and retries. A read never answers a
 *   conflict with `null` (that would say "not enrolled"): retry it, or reject.
 * - Any failure to reach the backing store rejects (throws); it never reports a write that did not happen. The
 *   error must not reach the record (`storeUnavailable` keeps the driver error's name, code and message only).
 *
 * @example
 * ```ts
 * import { memoryStore } from 'totp-enroll';
 * const store = memoryStore();
 * await store.put('u1', { schema: 1 }, null);            // insert
 * const cur = await store.get('u1');                      // { record, version }
 * await store.put('u1', { schema: 1 }, cur!.version);     // true: CAS succeeded
 * await store.put('u1', { schema: 1 }, cur!.version);     // false: version is stale
 * ```
 */
export interface MfaStore<R = Json> {
  get(userId: string): Promise<Versioned<R> | null>;
  put(userId: string, record: R, expectedVersion: number | null): Promise<boolean>;
  delete(userId: string, expectedVersion: number): Promise<boolean>;
  /**
   * Optional: one page of the records the store holds, for bulk jobs (`migrateSecrets`) and admin views.
   * Pass the returned `cursor` back for the next page; `null` means the walk is over. Every record present
   * for the whole walk is returned at least once (the SQL and memory stores: exactly once, in ascending
   * code-point order of user id, i.e. UTF-8 byte order, `compareCodePoints`; Redis `SCAN` may repeat one
   * on a later page, in no order); records written or deleted during the walk
   * may or may not appear; deleted records (tombstones) never appear; a row the store cannot read back is
   * named in the page's `unreadable` instead of `items`. A page may hold fewer than `limit` items, even
   * none, before the end.
   */
  list?(options?: ListOptions): Promise<ListPage<R>>;
  /**
   * Optional: several records in one round-trip where the driver allows it (`IN (...)`, `MGET`, a pipeline),
   * in the order asked, `null` for an unknown user. At most {@link MAX_GET_MANY} ids.
   */
  getMany?(userIds: readonly string[]): Promise<(Versioned<R> | null)[]>;
}

/** Options of {@link MfaStore.list}. */
export interface ListOptions {
  /** The `cursor` of the previous page; `null` or absent for the first page. Opaque: never build one. */
  cursor?: string | null;
  /** Most items on the page, 1 to {@link MAX_LIST_LIMIT}; default 100. */
  limit?: number;
}

/** One listed record. */
export interface ListedRecord<R = Json> extends Versioned<R> {
  userId: string;
}

/** A page of {@link MfaStore.list}. */
export interface ListPage<R = Json> {
  items: ListedRecord<R>[];
  /**
   * Ids of this page's rows the store holds but cannot read back (damaged outside the store: text that is
   * not JSON, a bad version); `get` throws `INVALID_RECORD` for them. Listed so that one damaged row neither
   * stops a walk nor goes unreported. Absent when there are none (the memory store never has any).
   */
  unreadable?: string[];
  /** Pass it back for the next page; `null` at the end of the walk. */
  cursor: string | null;
}

/** The largest `limit` of {@link MfaStore.list}. */
export const MAX_LIST_LIMIT = 1000;
/** The most ids one {@link MfaStore.getMany} call takes. */
export const MAX_GET_MANY = 1000;

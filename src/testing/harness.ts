/**
 * The test-framework shapes the conformance suite needs, so it runs under vitest, jest, mocha+chai
 * adapters or node:test wrappers without depending on any of them.
 * @module
 */
import type { MfaStore } from '../storage/types.js';

/** The matchers the suite uses: `toBe` (Object.is) and `toEqual` (deep equality). */
export interface ConformanceMatchers {
  toBe(expected: unknown): unknown;
  toEqual(expected: unknown): unknown;
}

/** The test functions the suite is registered with, e.g. vitest's `{ describe, it, expect }`. */
export interface ConformanceApi {
  describe(name: string, body: () => void): unknown;
  it(name: string, body: () => Promise<void>): unknown;
  expect(actual: unknown): ConformanceMatchers;
}

/** Makes a fresh store (or a promise of one) for each case. Stores may share a backing database. */
export type StoreFactory = () => MfaStore | Promise<MfaStore>;

/** Options of `runStoreConformance`. */
export interface ConformanceOptions {
  /** Called after each case with the store it used, e.g. to close a connection pool. */
  cleanup?: (store: MfaStore) => unknown;
  /** Number of concurrent callers in the race cases; default 50. */
  concurrency?: number;
  /**
   * Housekeeping as your deployment runs it: removes whatever the store still keeps for `userId` after a
   * delete (tombstone rows or keys, expired or not). When given, the suite checks that a write stalled
   * across a delete, this clean-up and a re-creation cannot land on the new record (versions never repeat).
   * For a SQL table: `DELETE FROM t WHERE user_id = $1 AND record IS NULL`; for Redis: `DEL` of a key without a record.
   */
  purge?: (store: MfaStore, userId: string) => unknown;
  /**
   * What the store promises of the optional `list` and `getMany` (`listingCases`). `'ordered'`: both
   * present, every record exactly once in ascending code-point order of user id (the SQL and memory
   * stores). `'unordered'`: both present, every record at least once, never twice on one page (Redis
   * `SCAN`). Absent: the cases check whichever of the two the store has, as `'unordered'`.
   */
  listing?: 'ordered' | 'unordered';
}

/** Registers the cases of one capability; what every group of `totp-enroll/testing` is. */
export type CaseGroup = (api: ConformanceApi, makeStore: StoreFactory, options?: ConformanceOptions) => void;

/**
 * The `it` of a group: each case gets a fresh store from `makeStore`, cleaned up afterwards. Internal.
 * @example
 * ```ts
 * const test = storeCase(api, makeStore, options);
 * test('get of an unknown user is null', async (store) => { ... });
 * ```
 */
export function storeCase(
  api: ConformanceApi,
  makeStore: StoreFactory,
  options: ConformanceOptions,
): (name: string, body: (store: MfaStore) => Promise<void>) => void {
  return (name, body) => void api.it(name, withStore(makeStore, options, body));
}

/** Shared by the case files: runs `body` with a fresh store and always cleans up. Internal. */
export function withStore(
  makeStore: StoreFactory,
  options: ConformanceOptions,
  body: (store: MfaStore) => Promise<void>,
): () => Promise<void> {
  return async () => {
    const store = await makeStore();
    try {
      await body(store);
    } finally {
      await options.cleanup?.(store);
    }
  };
}

let sequence = 0;
const run = Math.random().toString(36).slice(2, 10);

/** A user id unique to this process run, so cases can share one database table. Internal. */
export function freshUser(label: string): string {
  sequence += 1;
  return `conformance-${run}-${sequence}-${label}`;
}

/** Counts the values of a list, e.g. outcome reasons. Internal. */
export function tally(values: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const v of values) counts[v] = (counts[v] ?? 0) + 1;
  return counts;
}

/**
 * `runStoreConformance`: one suite every storage adapter runs to prove the guarantees the
 * enrollment service relies on.
 * @module
 */
import type { ConformanceApi, ConformanceOptions, StoreFactory } from './harness.js';
import { serviceCases } from './service-cases.js';
import { storeContractCases } from './store-cases.js';
import { storeUserIdCases } from './store-user-ids.js';
import { storeVersionCases } from './store-versions.js';

/**
 * Registers the storage conformance suite with your test framework.
 *
 * It takes the test functions as parameters (no dependency on vitest or any runner) and a factory
 * that returns a store, or a promise of one, for each case. Cases use their own fresh user ids, so
 * stores may share one database. The suite covers the compare-and-set contract (inserts, updates,
 * deletes, deep copies, JSON round trips, races where exactly one writer wins), versions that never
 * repeat for a user (a write stalled across a delete, your housekeeping (`options.purge`) and a
 * re-creation must fail), the one user-id rule (ill-formed UTF-16 refused with `INVALID_OPTION`) and the
 * service guarantees built on it, with an injected clock: N concurrent `verify` calls with one right
 * code give exactly one `ok`; N concurrent wrong codes are all counted (or lock at the limit and stop);
 * the same for recovery codes.
 *
 * @example
 * ```ts
 * import { describe, it, expect } from 'vitest';
 * import { memoryStore } from 'totp-enroll';
 * import { runStoreConformance } from 'totp-enroll/testing';
 *
 * runStoreConformance({ describe, it, expect }, () => memoryStore());
 * // A pooled adapter: close the pool after each case.
 * // runStoreConformance({ describe, it, expect }, () => myStore(pool()), { cleanup: (s) => s.close() });
 * // With tombstones your housekeeping removes: hold the store to versions that survive it.
 * // runStoreConformance({ describe, it, expect }, () => myStore(pool), {
 * //   purge: (_store, userId) => pool.query('DELETE FROM mfa WHERE user_id = $1 AND record IS NULL', [userId]),
 * // });
 * ```
 */
export function runStoreConformance(
  api: ConformanceApi,
  makeStore: StoreFactory,
  options: ConformanceOptions = {},
): void {
  api.describe('totp-enroll store conformance', () => {
    storeContractCases(api, makeStore, options);
    storeVersionCases(api, makeStore, options);
    storeUserIdCases(api, makeStore, options);
    serviceCases(api, makeStore, options);
  });
}

export type { ConformanceApi, ConformanceMatchers, ConformanceOptions, StoreFactory } from './harness.js';

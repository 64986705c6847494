/**
 * `runStoreConformance`: every conformance group in one suite, the one every storage adapter runs to
 * prove the guarantees the enrollment service relies on.
 * @module
 */
import { compareAndSetCases } from './compare-and-set.js';
import { conflictCases } from './conflicts.js';
import type { CaseGroup, ConformanceApi, ConformanceOptions, StoreFactory } from './harness.js';
import { listingCases } from './listing.js';
import { raceCases } from './races.js';
import { recoveryCodeCases } from './recovery-codes.js';
import { signInCases } from './sign-in.js';
import { userIdCases } from './user-ids.js';
import { valueCases } from './values.js';
import { versionCases } from './versions.js';

/**
 * The groups `runStoreConformance` registers, in order; each is also exported to run on its own.
 * @example
 * ```ts
 * for (const group of conformanceGroups) group({ describe, it, expect }, () => myStore());
 * ```
 */
export const conformanceGroups: readonly CaseGroup[] = [
  compareAndSetCases,
  valueCases,
  raceCases,
  versionCases,
  userIdCases,
  signInCases,
  recoveryCodeCases,
  conflictCases,
  listingCases,
];

/**
 * Registers the storage conformance suite with your test framework.
 *
 * It takes the test functions as parameters (no dependency on vitest or any runner) and a factory
 * that returns a store, or a promise of one, for each case. Cases use their own fresh user ids, so
 * stores may share one database. The groups, each importable on its own: `compareAndSetCases`
 * (inserts, updates, deletes), `valueCases` (deep copies, JSON round trips), `raceCases` (exactly one
 * writer wins), `versionCases` (a write stalled across a delete, your housekeeping (`options.purge`)
 * and a re-creation must fail), `userIdCases` (the one user-id rule), `signInCases` and
 * `recoveryCodeCases` (with an injected clock: N concurrent calls with one right code give exactly one
 * `ok`; N concurrent wrong codes are all counted, or lock at the limit), `conflictCases` (writes refused
 * as conflicts, as a serialization failure or a busy database is, are retried and never lose a count), `listingCases`
 * (the optional `list` and `getMany`; say what the store promises with `options.listing`).
 *
 * @example
 * ```ts
 * import { describe, it, expect } from 'vitest';
 * import { memoryStore } from 'totp-enroll';
 * import { runStoreConformance, raceCases } from 'totp-enroll/testing';
 *
 * runStoreConformance({ describe, it, expect }, () => memoryStore());
 * // One group on its own:
 * // raceCases({ describe, it, expect }, () => memoryStore(), { concurrency: 20 });
 * // A pooled adapter: close the pool after each case.
 * // runStoreConformance({ describe, it, expect }, () => myStore(pool()), { cleanup: (s) => s.close() });
 * // With tombstones your housekeeping removes: hold the store to versions that survive it.
 * // runStoreConformance({ describe, it, expect }, () => myStore(pool), {
 * //   purge: (_store, userId) => pool.query('DELETE FROM mfa WHERE user_id = $1 AND record IS NULL', [userId]),
 * // });
 * ```
 */
export function runStoreConformance(api: ConformanceApi, makeStore: StoreFactory, options: ConformanceOptions = {}): void {
  api.describe('totp-enroll store conformance', () => {
    for (const group of conformanceGroups) group(api, makeStore, options);
  });
}

export type { CaseGroup, ConformanceApi, ConformanceMatchers, ConformanceOptions, StoreFactory } from './harness.js';

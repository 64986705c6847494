/**
 * `totp-enroll/testing`: the storage conformance suite for adapter authors, whole or by capability.
 * @module
 */
export {
  runStoreConformance,
  conformanceGroups,
  type CaseGroup,
  type ConformanceApi,
  type ConformanceMatchers,
  type ConformanceOptions,
  type StoreFactory,
} from './conformance.js';
export { compareAndSetCases } from './compare-and-set.js';
export { valueCases } from './values.js';
export { raceCases } from './races.js';
export { versionCases } from './versions.js';
export { userIdCases } from './user-ids.js';
export { signInCases } from './sign-in.js';
export { recoveryCodeCases } from './recovery-codes.js';
export { conflictCases } from './conflicts.js';
export { listingCases } from './listing.js';

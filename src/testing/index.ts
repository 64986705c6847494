/**
 * `totp-enroll/testing`: the storage conformance suite for adapter authors.
 * @module
 */
export {
  runStoreConformance,
  type ConformanceApi,
  type ConformanceMatchers,
  type ConformanceOptions,
  type StoreFactory,
} from './conformance.js';

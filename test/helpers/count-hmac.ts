// Counts the HMAC work of the core, for "refused before any HMAC" checks: a vi.mock factory for
// src/hmac.js that wraps its two HMAC entry points (keying, and keying plus truncation) with a counter.
import type * as Hmac from '../../src/hmac.js';

/**
 * The real module with `keyHotpHmac` and `hotpTruncate` counting into `calls.count`.
 * @example
 * ```ts
 * const hmacCalls = vi.hoisted(() => ({ count: 0 }));
 * vi.mock('../src/hmac.js', async (real) =>
 *   (await import('./helpers/count-hmac.js')).countingHmac(await real(), hmacCalls));
 * ```
 */
export function countingHmac(real: typeof Hmac, calls: { count: number }): typeof Hmac {
  return {
    ...real,
    keyHotpHmac: (...args) => {
      calls.count++;
      return real.keyHotpHmac(...args);
    },
    hotpTruncate: (...args) => {
      calls.count++;
      return real.hotpTruncate(...args);
    },
  };
}

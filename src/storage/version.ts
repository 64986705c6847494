/**
 * Record versions that never repeat for a user id: each write draws a fresh random 53-bit integer
 * instead of incrementing a counter kept in the row. A counter restarts as soon as anything removes
 * the row or key (a delete, housekeeping, a tombstone expiring), and then a write stalled since
 * before the delete lands on the record created afterwards. A random version needs no shared
 * counter (impossible across Redis Cluster slots once the key is gone) and no agreement between
 * clocks, and stays a JavaScript number that PostgreSQL `bigint`, SQLite `INTEGER` and Redis hold
 * exactly. The chance that a version a stalled writer holds comes back within the next `k` writes
 * of that user is `k / (2^53 - 1)`: below one in 10^9 for a million writes.
 * @module
 */
import { OtpError } from '../errors.js';

/**
 * A fresh version for a write: a uniformly random integer in `[1, 2^53 - 1]`, never equal to
 * `previous` (the version the write replaces).
 * @example
 * ```ts
 * const v = newVersion(null);   // e.g. 5230974316472811
 * newVersion(v) !== v;          // true
 * ```
 */
export function newVersion(previous: number | null): number {
  const words = new Uint32Array(2);
  for (;;) {
    globalThis.crypto.getRandomValues(words);
    const version = (words[0]! >>> 11) * 2 ** 32 + words[1]!;
    if (version !== 0 && version !== previous) return version;
  }
}

/**
 * Parses a stored version: a positive safe integer, as a number or as the decimal text PostgreSQL
 * and Redis return for big integers; anything else is `INVALID_RECORD`.
 * @example
 * ```ts
 * parseVersion('42'); // 42
 * ```
 */
export function parseVersion(value: unknown): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d{1,16}$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < 1) throw new OtpError('INVALID_RECORD', 'stored version is not a positive integer');
  return n;
}

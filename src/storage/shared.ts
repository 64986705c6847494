/**
 * What remains of the old grab-bag of adapter helpers, for the Redis adapter only: its key-prefix
 * rule, plus the record JSON (`./record-json.ts`) and set-up memo (`./once.ts`) it still imports from
 * here. SQL adapters use `./sql-statements.ts`, every store `./record-json.ts` and `./version.ts`.
 * Internal; not a public entry.
 * @module
 */
import { OtpError } from '../errors.js';

export { parseRecordJson, serialiseRecord } from './record-json.js';
export { once } from './once.js';

/** Printable ASCII without spaces or quotes; `{` `}` allowed so a prefix can carry a Redis Cluster hash tag. */
const REDIS_PREFIX = /^[A-Za-z0-9_:.\-{}/|#@]{1,64}$/;

/**
 * Returns `prefix` if it is a safe Redis key prefix (1-64 characters of `A-Z a-z 0-9 _ : . - { } / | # @`),
 * else throws `INVALID_OPTION`.
 * @example
 * ```ts
 * checkKeyPrefix('totp-enroll:mfa:'); // 'totp-enroll:mfa:'
 * checkKeyPrefix('has space'); // throws OtpError INVALID_OPTION
 * ```
 */
export function checkKeyPrefix(prefix: unknown): string {
  if (typeof prefix !== 'string' || !REDIS_PREFIX.test(prefix)) {
    throw new OtpError('INVALID_OPTION', 'prefix must be 1-64 characters of A-Z a-z 0-9 _ : . - { } / | # @', {
      field: 'prefix',
    });
  }
  return prefix;
}

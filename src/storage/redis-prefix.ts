/**
 * The Redis store's key prefix rule. Keys are `<prefix><userId>`, one key per user, and nothing the
 * store does needs two keys on one slot: so a prefix carries no Redis Cluster hash tag. A prefix such
 * as `{mfa}:` hashes every key on the tag alone, which puts all users on one slot and one master
 * (measured: 2,001 of 2,001 users on one of three masters); `{` and `}` are therefore refused.
 * Internal; used by `redis.ts`.
 * @module
 */
import { OtpError } from '../errors.js';

/** Printable ASCII without spaces, quotes or the hash-tag braces `{` `}`. */
const REDIS_PREFIX = /^[A-Za-z0-9_:.\-/|#@]{1,64}$/;

/**
 * Returns `prefix` if it is a safe Redis key prefix (1-64 characters of `A-Z a-z 0-9 _ : . - / | # @`),
 * else throws `INVALID_OPTION` (field `prefix`). `{` and `}` are refused with their own message: a
 * hash tag in the prefix would put every user on one Cluster slot.
 * @example
 * ```ts
 * checkKeyPrefix('totp-enroll:mfa:'); // 'totp-enroll:mfa:'
 * checkKeyPrefix('{mfa}:');           // throws OtpError INVALID_OPTION: one slot for all users
 * ```
 */
export function checkKeyPrefix(prefix: unknown): string {
  if (typeof prefix === 'string' && /[{}]/.test(prefix)) {
    throw new OtpError(
      'INVALID_OPTION',
      'prefix must not contain { or }: a Redis Cluster hash tag in the prefix puts every user on one slot and one master, ' +
        'and the store never needs two keys on one slot (each call touches one key)',
      { field: 'prefix' },
    );
  }
  if (typeof prefix !== 'string' || !REDIS_PREFIX.test(prefix)) {
    throw new OtpError('INVALID_OPTION', 'prefix must be 1-64 characters of A-Z a-z 0-9 _ : . - / | # @', {
      field: 'prefix',
    });
  }
  return prefix;
}

/**
 * The one rule for user ids, shared by the service and every store: a non-empty string of at most
 * 512 UTF-16 code units that is well-formed UTF-16 and has no U+0000. An unpaired surrogate is
 * refused because databases that store UTF-8 (PostgreSQL, Redis keys through a driver) turn it into
 * U+FFFD, so two ids that differ only there would share one record. U+0000 is refused because
 * PostgreSQL cannot store it in `text`: the same id would work on SQLite and Redis and be a
 * `STORE_UNAVAILABLE` "outage" on PostgreSQL.
 * @module
 */
import { OtpError } from './errors.js';

/** The longest user id accepted, in UTF-16 code units. */
export const MAX_USER_ID_LENGTH = 512;

/**
 * Throws `OtpError` `INVALID_OPTION` (field `userId`) unless `userId` is a valid user id.
 * @example
 * ```ts
 * checkUserId('u1');         // ok
 * checkUserId('u\uD800');    // throws: an unpaired surrogate
 * checkUserId('u\u0000');    // throws: PostgreSQL cannot store U+0000
 * ```
 */
export function checkUserId(userId: unknown): asserts userId is string {
  if (
    typeof userId !== 'string' ||
    userId.length === 0 ||
    userId.length > MAX_USER_ID_LENGTH ||
    !isWellFormed(userId) ||
    userId.includes('\u0000')
  ) {
    throw new OtpError(
      'INVALID_OPTION',
      `userId must be a non-empty, well-formed UTF-16 string without U+0000, of at most ${MAX_USER_ID_LENGTH} characters`,
      { field: 'userId' },
    );
  }
}

/** `String.prototype.isWellFormed` (ES2024), with the same check by hand where the runtime lacks it. */
function isWellFormed(text: string): boolean {
  const native = (text as { isWellFormed?: () => boolean }).isWellFormed;
  if (typeof native === 'function') return native.call(text);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return false;
      i++;
    } else if (c >= 0xdc00 && c <= 0xdfff) return false;
  }
  return true;
}

/**
 * Ids that begin with U+FDD0 (a Unicode noncharacter, "for internal use") name the library's own records
 * in a store, such as tenant policies. Stores accept them; the service refuses them as user ids, so no
 * user can read or overwrite such a record, and listings of users skip them.
 */
export const RESERVED_ID_PREFIX = '\uFDD0';

/**
 * True for an id in the library's own namespace ({@link RESERVED_ID_PREFIX}).
 * @example
 * ```ts
 * isReservedId('\uFDD0tenant:acme'); // true
 * isReservedId('alice');             // false
 * ```
 */
export function isReservedId(id: string): boolean {
  return id.startsWith(RESERVED_ID_PREFIX);
}

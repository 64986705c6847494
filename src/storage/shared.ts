/**
 * Helpers shared by the database adapters: name validation, record (de)serialisation and
 * the mapping of driver failures to `STORE_UNAVAILABLE`. Internal; not a public entry.
 * @module
 */
import { OtpError } from '../errors.js';

/** Unquoted SQL identifier, optionally schema-qualified; lower case so no database folds it differently. */
const SQL_TABLE = /^(?:[a-z_][a-z0-9_]{0,47}\.)?[a-z_][a-z0-9_]{0,47}$/;

/**
 * Returns `table` if it is a safe SQL table name (`name` or `schema.name`, lower-case letters,
 * digits and `_`, each part at most 48 characters), else throws `INVALID_OPTION`.
 * @example
 * ```ts
 * checkTableName('totp_enroll_mfa'); // 'totp_enroll_mfa'
 * checkTableName('mfa; drop table users'); // throws OtpError INVALID_OPTION
 * ```
 */
export function checkTableName(table: unknown): string {
  if (typeof table !== 'string' || !SQL_TABLE.test(table)) {
    throw new OtpError(
      'INVALID_OPTION',
      'table must be a lower-case SQL identifier ([a-z_][a-z0-9_]*, at most 48 characters), optionally schema-qualified',
      { field: 'table' },
    );
  }
  return table;
}

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

/**
 * Throws `INVALID_OPTION` unless `userId` is a non-empty string (adapters use it as a key).
 * @example
 * ```ts
 * checkUserId('u1'); // ok
 * ```
 */
export function checkUserId(userId: unknown): asserts userId is string {
  if (typeof userId !== 'string' || userId.length === 0) {
    throw new OtpError('INVALID_OPTION', 'userId must be a non-empty string', { field: 'userId' });
  }
}

/**
 * Serialises a record to the JSON text adapters store; throws `INVALID_RECORD` if it has no JSON form.
 * @example
 * ```ts
 * serialiseRecord({ schema: 1 }); // '{"schema":1}'
 * ```
 */
export function serialiseRecord(record: unknown): string {
  const json = JSON.stringify(record);
  if (typeof json !== 'string') throw new OtpError('INVALID_RECORD', 'record is not JSON-serialisable');
  return json;
}

/**
 * Parses stored JSON text back into a record; throws `INVALID_RECORD` (without the text) if it is corrupt.
 * @example
 * ```ts
 * parseRecord('{"schema":1}'); // { schema: 1 }
 * ```
 */
export function parseRecord<R>(json: unknown): R {
  if (typeof json !== 'string') throw new OtpError('INVALID_RECORD', 'stored record is not JSON text');
  try {
    return JSON.parse(json) as R;
  } catch {
    throw new OtpError('INVALID_RECORD', 'stored record is not valid JSON');
  }
}

/**
 * Parses a stored version (a number, or the decimal string PostgreSQL and Redis return for big integers).
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

/**
 * Runs one store operation and turns any driver failure into `OtpError('STORE_UNAVAILABLE')` with the
 * driver error as `cause`; an `OtpError` (bad record, bad option) passes through unchanged.
 * @example
 * ```ts
 * const rows = await guard('PostgreSQL', () => pool.query('SELECT 1'));
 * ```
 */
export async function guard<T>(engine: string, op: () => T | Promise<T>): Promise<T> {
  try {
    return await op();
  } catch (cause) {
    if (cause instanceof OtpError) throw cause;
    throw new OtpError('STORE_UNAVAILABLE', `${engine} store: the database call failed; nothing was accepted`, {
      cause,
    });
  }
}

/**
 * Memoises an async set-up step (such as creating a table) that is retried on the next call if it failed.
 * @example
 * ```ts
 * const ready = once(() => pool.query('CREATE TABLE IF NOT EXISTS t (id int)'));
 * await ready(); await ready(); // runs the query once
 * ```
 */
export function once(step: () => Promise<void>): () => Promise<void> {
  let pending: Promise<void> | undefined;
  return () => {
    pending ??= step().catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
}

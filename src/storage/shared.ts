/**
 * Helpers shared by the database adapters: name validation and record JSON text. Internal; not a
 * public entry. User ids are checked by `../user-id.ts`, versions made by `./version.ts`, driver
 * failures mapped by `./store-error.ts`.
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
 * Parses stored JSON text back into a value; throws `INVALID_RECORD` (without the text) if it is corrupt.
 * Only JSON: what a record means is `enrollment/record.ts`'s `parseRecord`.
 * @example
 * ```ts
 * parseRecordJson('{"schema":1}'); // { schema: 1 }
 * ```
 */
export function parseRecordJson<R>(json: unknown): R {
  if (typeof json !== 'string') throw new OtpError('INVALID_RECORD', 'stored record is not JSON text');
  try {
    return JSON.parse(json) as R;
  } catch {
    throw new OtpError('INVALID_RECORD', 'stored record is not valid JSON');
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

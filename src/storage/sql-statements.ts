/**
 * The SQL the SQLite and PostgreSQL adapters share: the table-name rule, the table, and the four
 * statements of the compare-and-set contract. Each statement is one autocommit statement, so a
 * check-and-write is atomic without an explicit transaction. Placeholders appear in the order of
 * their parameters (`?` for SQLite, `$1..$n` for PostgreSQL). Internal; not a public entry.
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

/** The two SQL dialects. */
export type SqlDialect = 'sqlite' | 'postgres';

/**
 * The statements of one table, with their parameters in placeholder order:
 * `get(userId)`, `insert(userId, version, json)`, `update(version, json, userId, expectedVersion)`,
 * `remove(userId, expectedVersion)`; `list(limit)` and `listAfter(cursor, limit)` (keyset pages in
 * code-point order of user id, tombstones left out); `getMany(count)` the statement for `count` ids
 * (SQLite: `count` placeholders; PostgreSQL: one text array).
 */
export interface SqlStatements {
  createTable: string;
  get: string;
  insert: string;
  update: string;
  remove: string;
  list: string;
  listAfter: string;
  getMany(count: number): string;
}

/**
 * The statements for `table` (already checked by {@link checkTableName}) in `dialect`. A row without
 * a record (a tombstone 0.1.0 left) reads as absent, refuses its old version and is filled by an insert.
 * @example
 * ```ts
 * const sql = sqlStatements('totp_enroll_mfa', 'postgres');
 * await pool.query(sql.update, [newVersion(v), json, userId, v]);
 * ```
 */
export function sqlStatements(table: string, dialect: SqlDialect): SqlStatements {
  let n = 0;
  const p = dialect === 'postgres' ? () => `$${++n}` : () => '?';
  const sql = (build: () => string): string => {
    n = 0;
    return build();
  };
  const byId = dialect === 'postgres' ? 'user_id COLLATE "C"' : 'user_id';
  const now = dialect === 'postgres' ? 'now()' : `CAST(strftime('%s', 'now') AS INTEGER)`;
  const createTable =
    dialect === 'postgres'
      ? `CREATE TABLE IF NOT EXISTS ${table} (user_id text PRIMARY KEY, version bigint NOT NULL, ` +
        `record text, updated_at timestamptz NOT NULL DEFAULT now())`
      : `CREATE TABLE IF NOT EXISTS ${table} (user_id TEXT PRIMARY KEY, version INTEGER NOT NULL, ` +
        `record TEXT, updated_at INTEGER NOT NULL) STRICT`;
  return {
    createTable,
    get: sql(() => `SELECT version, record FROM ${table} WHERE user_id = ${p()} AND record IS NOT NULL`),
    insert: sql(
      () =>
        `INSERT INTO ${table} AS m (user_id, version, record, updated_at) VALUES (${p()}, ${p()}, ${p()}, ${now}) ` +
        `ON CONFLICT (user_id) DO UPDATE SET version = excluded.version, record = excluded.record, ` +
        `updated_at = excluded.updated_at WHERE m.record IS NULL`,
    ),
    update: sql(
      () =>
        `UPDATE ${table} SET version = ${p()}, record = ${p()}, updated_at = ${now} ` +
        `WHERE user_id = ${p()} AND version = ${p()} AND record IS NOT NULL`,
    ),
    remove: sql(() => `DELETE FROM ${table} WHERE user_id = ${p()} AND version = ${p()} AND record IS NOT NULL`),
    // Code-point order: SQLite's BINARY collation compares UTF-8 bytes; PostgreSQL needs COLLATE "C" (byte
    // order on a UTF8 database), whatever the column's collation, and the cursor compares the same way.
    list: sql(() => `SELECT user_id, version, record FROM ${table} WHERE record IS NOT NULL ORDER BY ${byId} LIMIT ${p()}`),
    listAfter: sql(
      () => `SELECT user_id, version, record FROM ${table} WHERE ${byId} > ${p()} AND record IS NOT NULL ORDER BY ${byId} LIMIT ${p()}`,
    ),
    getMany: (count) =>
      dialect === 'postgres'
        ? `SELECT user_id, version, record FROM ${table} WHERE user_id = ANY($1::text[]) AND record IS NOT NULL`
        : `SELECT user_id, version, record FROM ${table} WHERE user_id IN (${Array(count).fill('?').join(', ')}) AND record IS NOT NULL`,
  };
}

/**
 * `totp-enroll/storage/postgres`: an {@link MfaStore} on a `pg` `Pool` or `Client` you create.
 *
 * Schema (created on first use unless `migrate: false`; `totp_enroll_mfa` is the default table name):
 * ```sql
 * CREATE TABLE IF NOT EXISTS totp_enroll_mfa (
 *   user_id    text PRIMARY KEY,
 *   version    bigint NOT NULL,                    -- random 53-bit, new on every write
 *   record     text,                               -- JSON; NULL only in rows a delete of 0.1.0 left (read as absent)
 *   updated_at timestamptz NOT NULL DEFAULT now()  -- last write, for housekeeping only
 * );
 * ```
 * @module
 */
import type { Json, ListOptions, ListPage, MfaStore, Versioned } from './types.js';
import { assertOption } from '../errors.js';
import { snapshotOptions } from '../options.js';
import { checkUserId } from '../user-id.js';
import { readIdCursor, readListOptions, readUserIds } from './list-options.js';
import { once } from './once.js';
import { parseRecordJson, serialiseRecord } from './record-json.js';
import { isPostgresConflict, retryReadOnConflict } from './sql-conflict.js';
import { type SqlRow, inOrder, pageOf } from './sql-rows.js';
import { checkTableName, sqlStatements } from './sql-statements.js';
import { storeUnavailable } from './store-error.js';
import { newVersion, parseVersion } from './version.js';

/** The result shape this adapter reads from `query`. */
export interface PgQueryResult {
  rows: unknown[];
  rowCount: number | null;
}

/** The part of a `pg` (8.x) `Pool`, `PoolClient` or `Client` this adapter uses; any object of this shape works. */
export interface PgQueryable {
  query(text: string, values?: unknown[]): Promise<PgQueryResult>;
}

/** Options of {@link postgresStore}. */
export interface PostgresStoreOptions {
  /**
   * A `pg` `Pool` (recommended) or connected `Client`. Give it a `query_timeout` / `connectionTimeoutMillis`
   * so a network partition fails fast, and a `pool.on('error', ...)` listener as `pg` asks of every pool.
   */
  pool: PgQueryable;
  /** Table name, lower-case SQL identifier, optionally `schema.table`; default `totp_enroll_mfa`. */
  table?: string;
  /**
   * Create the table on first use if it does not exist (default `true`). The check comes first, so a
   * role with only `SELECT, INSERT, UPDATE, DELETE` on an existing table needs no `CREATE` on its schema.
   * Set `false` if you manage the schema yourself.
   */
  migrate?: boolean;
}

/**
 * Creates a store that keeps one row per user in a PostgreSQL table, through the pool you pass.
 *
 * Compare-and-set is one statement, `UPDATE ... WHERE user_id = $3 AND version = $4`, and an insert
 * only fills an empty slot (`INSERT ... ON CONFLICT DO ...`), so it holds at every isolation level
 * across any number of processes and pools (PgBouncer in transaction mode included) without explicit
 * transactions. Above READ COMMITTED the server cancels a statement that meets a concurrent update
 * (`40001`) or a deadlock (`40P01`); it wrote nothing, so `put` and `delete` then return `false` and the
 * service re-reads and retries, and `get` is retried a few times before it fails closed. Every write
 * stores a fresh random version, so a delete removes the row outright and no version comes back,
 * whatever removes rows. The first call looks the table up (`to_regclass`) and only if it is missing
 * creates it under an advisory lock (safe when many processes start together). Every other driver
 * error rejects with `OtpError('STORE_UNAVAILABLE')`, whose cause keeps the driver error's name, code
 * and message only (never `detail`, which can hold the whole row).
 *
 * `list` pages by keyset (`WHERE user_id COLLATE "C" > $1 ORDER BY user_id COLLATE "C" LIMIT $2`),
 * exactly once per record, in code-point order of user id (byte order on a UTF8 database); the primary
 * key serves it when the database's collation is `C`, else add
 * `CREATE INDEX ON totp_enroll_mfa (user_id COLLATE "C")`. `getMany` is one `WHERE user_id = ANY($1)`.
 * Both only `SELECT`.
 *
 * @example
 * ```ts
 * import pg from 'pg';
 * import { createMfa } from 'totp-enroll';
 * import { postgresStore } from 'totp-enroll/storage/postgres';
 *
 * const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, query_timeout: 5000 });
 * pool.on('error', (err) => console.error('idle PostgreSQL client failed', err));
 * const mfa = createMfa({ store: postgresStore({ pool }), issuer: 'Example' });
 * ```
 */
export function postgresStore<R = Json>(options: PostgresStoreOptions): MfaStore<R> {
  const o = snapshotOptions(options, ['pool', 'table', 'migrate'] as const);
  const table = checkTableName(o.table ?? 'totp_enroll_mfa');
  const pool = o.pool as PostgresStoreOptions['pool'];
  assertOption(typeof pool === 'object' && pool !== null, 'pool', 'a pg Pool or Client');
  const migrate = o.migrate ?? true;
  const sql = sqlStatements(table, 'postgres');

  // PostgreSQL 15+ checks CREATE on the schema before IF NOT EXISTS looks for the table, so a
  // least-privilege role could never pass a bare CREATE TABLE IF NOT EXISTS: look first. The lookup
  // resolves the name through search_path as every statement below does. One simple-protocol query
  // is one transaction, so the advisory lock covers the CREATE and concurrent first calls from many
  // processes cannot race on the catalog.
  const ready = once(async () => {
    if (!migrate) return;
    const found = await pool.query(`SELECT to_regclass($1) IS NOT NULL AS present`, [table]);
    if ((found.rows[0] as { present?: unknown } | undefined)?.present === true) return;
    await pool.query(`SELECT pg_advisory_xact_lock(hashtext('totp-enroll:migrate:${table}'));\n${sql.createTable}`);
  });

  /** Runs one statement after the first-use migration; rejects with the driver error as it came. */
  const query = async (text: string, values: unknown[]): Promise<PgQueryResult> => {
    await ready();
    return pool.query(text, values);
  };
  /** A write: a conflict (the server rolled the statement back) is a lost compare-and-set. */
  const write = async (text: string, values: unknown[], sent: string[] = []): Promise<boolean> => {
    try {
      return (await query(text, values)).rowCount === 1;
    } catch (cause) {
      if (isPostgresConflict(cause)) return false;
      throw storeUnavailable('PostgreSQL', cause, sent);
    }
  };
  /** A read of several rows (SELECT only), retried on a conflict like `get`. */
  const read = async (text: string, values: unknown[]): Promise<SqlRow[]> => {
    try {
      return (await retryReadOnConflict(() => query(text, values), isPostgresConflict)).rows as SqlRow[];
    } catch (cause) {
      throw storeUnavailable('PostgreSQL', cause);
    }
  };

  return {
    async get(userId: string): Promise<Versioned<R> | null> {
      checkUserId(userId);
      let result: PgQueryResult;
      try {
        result = await retryReadOnConflict(() => query(sql.get, [userId]), isPostgresConflict);
      } catch (cause) {
        throw storeUnavailable('PostgreSQL', cause);
      }
      const row = result.rows[0] as { version: unknown; record: unknown } | undefined;
      return row ? { record: parseRecordJson<R>(row.record), version: parseVersion(row.version) } : null;
    },
    async put(userId: string, record: R, expectedVersion: number | null): Promise<boolean> {
      checkUserId(userId);
      const json = serialiseRecord(record);
      const version = newVersion(expectedVersion);
      return expectedVersion === null
        ? write(sql.insert, [userId, version, json], [json])
        : write(sql.update, [version, json, userId, expectedVersion], [json]);
    },
    async delete(userId: string, expectedVersion: number): Promise<boolean> {
      checkUserId(userId);
      return write(sql.remove, [userId, expectedVersion]);
    },
    async list(options?: ListOptions): Promise<ListPage<R>> {
      const { cursor, limit } = readListOptions(options);
      const after = cursor === null ? null : readIdCursor(cursor);
      const rows = await read(after === null ? sql.list : sql.listAfter, after === null ? [limit + 1] : [after, limit + 1]);
      return pageOf<R>(rows, limit);
    },
    async getMany(userIds: readonly string[]): Promise<(Versioned<R> | null)[]> {
      const ids = readUserIds(userIds);
      if (ids.length === 0) return [];
      return inOrder<R>(ids, await read(sql.getMany(ids.length), [[...new Set(ids)]]));
    },
  };
}

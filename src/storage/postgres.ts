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
import type { Json, MfaStore, Versioned } from './types.js';
import { checkUserId } from '../user-id.js';
import { checkTableName, once, parseRecordJson, serialiseRecord } from './shared.js';
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
  /** Create the table on first use (default `true`). Set `false` if you manage the schema yourself. */
  migrate?: boolean;
}

/**
 * Creates a store that keeps one row per user in a PostgreSQL table, through the pool you pass.
 *
 * Compare-and-set is one statement, `UPDATE ... WHERE user_id = $1 AND version = $4`, and an insert
 * only fills an empty slot (`INSERT ... ON CONFLICT DO ...`), so it holds at READ COMMITTED across any
 * number of processes and pools without explicit transactions. Every write stores a fresh random
 * version, so a delete removes the row outright and no version comes back, whatever removes rows.
 * The first call creates the table under an advisory lock (safe when many processes start together).
 * Every driver error rejects with `OtpError('STORE_UNAVAILABLE')`, whose cause keeps the driver
 * error's name, code and message only (never `detail`, which can hold the whole row).
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
  const table = checkTableName(options.table ?? 'totp_enroll_mfa');
  const { pool } = options;
  const migrate = options.migrate ?? true;

  // One simple-protocol query = one transaction, so the advisory lock covers the CREATE and
  // concurrent first calls from many processes cannot race on the catalog.
  const ready = once(async () => {
    if (!migrate) return;
    await pool.query(
      `SELECT pg_advisory_xact_lock(hashtext('totp-enroll:migrate:${table}'));\n` +
        `CREATE TABLE IF NOT EXISTS ${table} (user_id text PRIMARY KEY, version bigint NOT NULL, ` +
        `record text, updated_at timestamptz NOT NULL DEFAULT now())`,
    );
  });

  const sql = {
    get: `SELECT version, record FROM ${table} WHERE user_id = $1 AND record IS NOT NULL`,
    // A row without a record (a tombstone 0.1.0 left) counts as an empty slot.
    insert:
      `INSERT INTO ${table} AS m (user_id, version, record) VALUES ($1, $2, $3) ON CONFLICT (user_id) DO UPDATE ` +
      `SET version = EXCLUDED.version, record = EXCLUDED.record, updated_at = now() WHERE m.record IS NULL`,
    update:
      `UPDATE ${table} SET version = $2, record = $3, updated_at = now() ` +
      `WHERE user_id = $1 AND version = $4 AND record IS NOT NULL`,
    remove: `DELETE FROM ${table} WHERE user_id = $1 AND version = $2 AND record IS NOT NULL`,
  };

  /** Runs one statement (after the first-use migration); a failure is `STORE_UNAVAILABLE`, `sent` redacted from it. */
  const query = async (text: string, values: unknown[], sent: string[] = []): Promise<PgQueryResult> => {
    try {
      await ready();
      return await pool.query(text, values);
    } catch (cause) {
      throw storeUnavailable('PostgreSQL', cause, sent);
    }
  };

  return {
    async get(userId: string): Promise<Versioned<R> | null> {
      checkUserId(userId);
      const result = await query(sql.get, [userId]);
      const row = result.rows[0] as { version: unknown; record: unknown } | undefined;
      return row ? { record: parseRecordJson<R>(row.record), version: parseVersion(row.version) } : null;
    },
    async put(userId: string, record: R, expectedVersion: number | null): Promise<boolean> {
      checkUserId(userId);
      const json = serialiseRecord(record);
      const version = newVersion(expectedVersion);
      const result =
        expectedVersion === null
          ? await query(sql.insert, [userId, version, json], [json])
          : await query(sql.update, [userId, version, json, expectedVersion], [json]);
      return result.rowCount === 1;
    },
    async delete(userId: string, expectedVersion: number): Promise<boolean> {
      checkUserId(userId);
      const result = await query(sql.remove, [userId, expectedVersion]);
      return result.rowCount === 1;
    },
  };
}

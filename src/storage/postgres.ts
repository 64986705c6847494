/**
 * `totp-enroll/storage/postgres`: an {@link MfaStore} on a `pg` `Pool` or `Client` you create.
 *
 * Schema (created on first use unless `migrate: false`; `totp_enroll_mfa` is the default table name):
 * ```sql
 * CREATE TABLE IF NOT EXISTS totp_enroll_mfa (
 *   user_id    text PRIMARY KEY,
 *   version    bigint NOT NULL,
 *   record     text,                               -- JSON; NULL marks a deleted record whose version must not be reused
 *   updated_at timestamptz NOT NULL DEFAULT now()  -- last write, for housekeeping only
 * );
 * ```
 * @module
 */
import type { Json, MfaStore, Versioned } from './types.js';
import { checkTableName, checkUserId, guard, once, parseRecord, parseVersion, serialiseRecord } from './shared.js';

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
 * Compare-and-set is one statement, `UPDATE ... WHERE user_id = $1 AND version = $2`, and an insert
 * only fills an empty slot (`INSERT ... ON CONFLICT DO ...`), so it holds at READ COMMITTED across any
 * number of processes and pools without explicit transactions. A delete keeps the row with
 * `record = NULL` and a bumped version so a re-created record never reuses a version; such rows may be
 * deleted by hand once they are a few minutes old. The first call creates the table under an advisory
 * lock (safe when many processes start together). Every driver error rejects with `OtpError('STORE_UNAVAILABLE')`.
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
    insert:
      `INSERT INTO ${table} AS m (user_id, version, record) VALUES ($1, 1, $2) ON CONFLICT (user_id) DO UPDATE ` +
      `SET version = m.version + 1, record = EXCLUDED.record, updated_at = now() WHERE m.record IS NULL`,
    update:
      `UPDATE ${table} SET version = version + 1, record = $2, updated_at = now() ` +
      `WHERE user_id = $1 AND version = $3 AND record IS NOT NULL`,
    remove:
      `UPDATE ${table} SET version = version + 1, record = NULL, updated_at = now() ` +
      `WHERE user_id = $1 AND version = $2 AND record IS NOT NULL`,
  };

  return {
    async get(userId: string): Promise<Versioned<R> | null> {
      checkUserId(userId);
      const result = await guard('PostgreSQL', async () => {
        await ready();
        return pool.query(sql.get, [userId]);
      });
      const row = result.rows[0] as { version: unknown; record: unknown } | undefined;
      return row ? { record: parseRecord<R>(row.record), version: parseVersion(row.version) } : null;
    },
    async put(userId: string, record: R, expectedVersion: number | null): Promise<boolean> {
      checkUserId(userId);
      const json = serialiseRecord(record);
      const result = await guard('PostgreSQL', async () => {
        await ready();
        return expectedVersion === null
          ? pool.query(sql.insert, [userId, json])
          : pool.query(sql.update, [userId, json, expectedVersion]);
      });
      return result.rowCount === 1;
    },
    async delete(userId: string, expectedVersion: number): Promise<boolean> {
      checkUserId(userId);
      const result = await guard('PostgreSQL', async () => {
        await ready();
        return pool.query(sql.remove, [userId, expectedVersion]);
      });
      return result.rowCount === 1;
    },
  };
}

/**
 * `totp-enroll/storage/sqlite`: an {@link MfaStore} on a `better-sqlite3` database you open.
 *
 * Schema (created on first use unless `migrate: false`; `totp_enroll_mfa` is the default table name):
 * ```sql
 * CREATE TABLE IF NOT EXISTS totp_enroll_mfa (
 *   user_id    TEXT PRIMARY KEY,
 *   version    INTEGER NOT NULL,  -- random 53-bit, new on every write
 *   record     TEXT,              -- JSON; NULL only in rows a delete of 0.1.0 left (read as absent)
 *   updated_at INTEGER NOT NULL   -- Unix seconds of the last write, for housekeeping only
 * ) STRICT;
 * ```
 * @module
 */
import type { Json, MfaStore, Versioned } from './types.js';
import { checkUserId } from '../user-id.js';
import { checkTableName, parseRecordJson, serialiseRecord } from './shared.js';
import { storeUnavailable } from './store-error.js';
import { newVersion, parseVersion } from './version.js';

/** The part of a `better-sqlite3` prepared statement this adapter uses. */
export interface SqliteStatement {
  run(...params: unknown[]): { changes: number };
  get(...params: unknown[]): unknown;
}

/** The part of a `better-sqlite3` (12.x) `Database` this adapter uses; any object of this shape works. */
export interface SqliteDatabase {
  prepare(sql: string): SqliteStatement;
  exec(sql: string): unknown;
}

/** Options of {@link sqliteStore}. */
export interface SqliteStoreOptions {
  /** An open database. Use a file and WAL mode (`db.pragma('journal_mode = WAL')`) when several processes share it. */
  db: SqliteDatabase;
  /** Table name, lower-case SQL identifier; default `totp_enroll_mfa`. */
  table?: string;
  /** Create the table on first use (default `true`). Set `false` if you manage the schema yourself. */
  migrate?: boolean;
}

interface Statements {
  get: SqliteStatement;
  insert: SqliteStatement;
  update: SqliteStatement;
  remove: SqliteStatement;
}

/**
 * Creates a store that keeps one row per user in a SQLite table of the given `better-sqlite3` database.
 *
 * Every check-and-write is one SQL statement (`UPDATE ... WHERE user_id = ? AND version = ?`, or an
 * insert that only fills an empty slot), so compare-and-set holds across processes sharing the file.
 * Every write stores a fresh random version, so a delete removes the row outright and no version
 * comes back, whatever removes rows. Driver errors (including `SQLITE_BUSY` after the database's busy
 * timeout) reject with `OtpError('STORE_UNAVAILABLE')`, whose cause keeps the driver error's name,
 * code and message only (never the record).
 *
 * @example
 * ```ts
 * import Database from 'better-sqlite3';
 * import { createMfa } from 'totp-enroll';
 * import { sqliteStore } from 'totp-enroll/storage/sqlite';
 *
 * const db = new Database('app.db');
 * db.pragma('journal_mode = WAL');
 * const mfa = createMfa({ store: sqliteStore({ db }), issuer: 'Example' });
 * ```
 */
export function sqliteStore<R = Json>(options: SqliteStoreOptions): MfaStore<R> {
  const table = checkTableName(options.table ?? 'totp_enroll_mfa');
  const { db } = options;
  const migrate = options.migrate ?? true;
  let statements: Statements | undefined;

  // Synchronous driver: each call below runs start to finish without yielding, and the first
  // call creates the table (if asked) and prepares the statements, retrying on a later call if that failed.
  const ready = (): Statements => {
    if (statements) return statements;
    if (migrate) {
      db.exec(
        `CREATE TABLE IF NOT EXISTS ${table} (user_id TEXT PRIMARY KEY, version INTEGER NOT NULL, ` +
          `record TEXT, updated_at INTEGER NOT NULL) STRICT`,
      );
    }
    const now = `CAST(strftime('%s', 'now') AS INTEGER)`;
    statements = {
      get: db.prepare(`SELECT version, record FROM ${table} WHERE user_id = ? AND record IS NOT NULL`),
      // A row without a record (a tombstone 0.1.0 left) counts as an empty slot.
      insert: db.prepare(
        `INSERT INTO ${table} (user_id, version, record, updated_at) VALUES (?, ?, ?, ${now}) ` +
          `ON CONFLICT (user_id) DO UPDATE SET version = excluded.version, record = excluded.record, ` +
          `updated_at = excluded.updated_at WHERE ${table}.record IS NULL`,
      ),
      update: db.prepare(
        `UPDATE ${table} SET version = ?, record = ?, updated_at = ${now} ` +
          `WHERE user_id = ? AND version = ? AND record IS NOT NULL`,
      ),
      remove: db.prepare(`DELETE FROM ${table} WHERE user_id = ? AND version = ? AND record IS NOT NULL`),
    };
    return statements;
  };

  return {
    async get(userId: string): Promise<Versioned<R> | null> {
      checkUserId(userId);
      let row: { version: unknown; record: unknown } | undefined;
      try {
        row = ready().get.get(userId) as typeof row;
      } catch (cause) {
        throw storeUnavailable('SQLite', cause);
      }
      return row ? { record: parseRecordJson<R>(row.record), version: parseVersion(row.version) } : null;
    },
    async put(userId: string, record: R, expectedVersion: number | null): Promise<boolean> {
      checkUserId(userId);
      const json = serialiseRecord(record);
      const version = newVersion(expectedVersion);
      try {
        const s = ready();
        const result =
          expectedVersion === null ? s.insert.run(userId, version, json) : s.update.run(version, json, userId, expectedVersion);
        return result.changes === 1;
      } catch (cause) {
        throw storeUnavailable('SQLite', cause, [json]);
      }
    },
    async delete(userId: string, expectedVersion: number): Promise<boolean> {
      checkUserId(userId);
      try {
        return ready().remove.run(userId, expectedVersion).changes === 1;
      } catch (cause) {
        throw storeUnavailable('SQLite', cause);
      }
    },
  };
}

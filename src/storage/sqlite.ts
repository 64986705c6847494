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
import type { Json, ListOptions, ListPage, MfaStore, Versioned } from './types.js';
import { assertOption } from '../errors.js';
import { snapshotOptions } from '../options.js';
import { checkUserId } from '../user-id.js';
import { readIdCursor, readListOptions, readUserIds } from './list-options.js';
import { parseRecordJson, serialiseRecord } from './record-json.js';
import { type SqlRow, inOrder, pageOf } from './sql-rows.js';
import { isSqliteBusy, retryReadOnConflict } from './sql-conflict.js';
import { checkTableName, sqlStatements } from './sql-statements.js';
import { storeUnavailable } from './store-error.js';
import { newVersion, parseVersion } from './version.js';

/** The part of a `better-sqlite3` prepared statement this adapter uses. */
export interface SqliteStatement {
  run(...params: unknown[]): { changes: number };
  get(...params: unknown[]): unknown;
  /** Needed by `list` and `getMany` only (better-sqlite3 has it); without it they reject with `STORE_UNAVAILABLE`. */
  all?(...params: unknown[]): unknown[];
}

/** The part of a `better-sqlite3` (12.x) `Database` this adapter uses; any object of this shape works. */
export interface SqliteDatabase {
  prepare(sql: string): SqliteStatement;
  exec(sql: string): unknown;
}

/** Options of {@link sqliteStore}. */
export interface SqliteStoreOptions {
  /**
   * An open database. Use a file and WAL mode (`db.pragma('journal_mode = WAL')`) when several processes
   * share it, and open it with `timeout: 0`: better-sqlite3 waits out a busy database synchronously,
   * blocking the whole event loop, while this store retries a busy database asynchronously.
   */
  db: SqliteDatabase;
  /** Table name, lower-case SQL identifier; default `totp_enroll_mfa`. */
  table?: string;
  /** Create the table on first use (default `true`). Set `false` if you manage the schema yourself. */
  migrate?: boolean;
}

interface Prepared {
  get: SqliteStatement;
  insert: SqliteStatement;
  update: SqliteStatement;
  remove: SqliteStatement;
  list: SqliteStatement;
  listAfter: SqliteStatement;
}

/**
 * Creates a store that keeps one row per user in a SQLite table of the given `better-sqlite3` database.
 *
 * Every check-and-write is one SQL statement (`UPDATE ... WHERE user_id = ? AND version = ?`, or an
 * insert that only fills an empty slot), so compare-and-set holds across processes sharing the file.
 * Every write stores a fresh random version, so a delete removes the row outright and no version
 * comes back, whatever removes rows. A database another connection holds locked (`SQLITE_BUSY`, once
 * the database's own busy timeout has run out) wrote nothing: `put` and `delete` return `false`, so the
 * service re-reads and retries with its backoff, and `get` is retried after short pauses that do not
 * block the event loop (at most 8 attempts, about 100 ms) before it fails closed. Other driver errors
 * reject with `OtpError('STORE_UNAVAILABLE')`, whose cause keeps the driver error's name, code and
 * message only (never the record). `list` pages by primary key (`WHERE user_id > ? ORDER BY user_id`),
 * exactly once per record, in code-point order of user id (SQLite's BINARY collation on a UTF-8 database,
 * the default encoding); `getMany` is one `SELECT ... WHERE user_id IN (...)`.
 *
 * @example
 * ```ts
 * import Database from 'better-sqlite3';
 * import { createMfa } from 'totp-enroll';
 * import { sqliteStore } from 'totp-enroll/storage/sqlite';
 *
 * const db = new Database('app.db', { timeout: 0 }); // busy: retried by the store, without blocking
 * db.pragma('journal_mode = WAL');
 * const mfa = createMfa({ store: sqliteStore({ db }), issuer: 'Example' });
 * ```
 */
export function sqliteStore<R = Json>(options: SqliteStoreOptions): MfaStore<R> {
  const o = snapshotOptions(options, ['db', 'table', 'migrate'] as const);
  const table = checkTableName(o.table ?? 'totp_enroll_mfa');
  const db = o.db as SqliteStoreOptions['db'];
  assertOption(typeof db === 'object' && db !== null, 'db', 'a better-sqlite3 Database');
  const migrate = o.migrate ?? true;
  const sql = sqlStatements(table, 'sqlite');
  let prepared: Prepared | undefined;

  // Synchronous driver: each call below runs start to finish without yielding, and the first
  // call creates the table (if asked) and prepares the statements, retrying on a later call if that failed.
  const ready = (): Prepared => {
    if (prepared) return prepared;
    if (migrate) db.exec(sql.createTable);
    prepared = {
      get: db.prepare(sql.get),
      insert: db.prepare(sql.insert),
      update: db.prepare(sql.update),
      remove: db.prepare(sql.remove),
      list: db.prepare(sql.list),
      listAfter: db.prepare(sql.listAfter),
    };
    return prepared;
  };
  /** A write: busy (SQLite rolled the statement back) is a lost compare-and-set. */
  const write = (run: (s: Prepared) => { changes: number }, sent: string[] = []): boolean => {
    try {
      return run(ready()).changes === 1;
    } catch (cause) {
      if (isSqliteBusy(cause)) return false;
      throw storeUnavailable('SQLite', cause, sent);
    }
  };
  /** A read of several rows, retried while the database is busy like `get`. */
  const read = async (run: (s: Prepared) => unknown[]): Promise<SqlRow[]> => {
    try {
      return (await retryReadOnConflict(() => run(ready()), isSqliteBusy)) as SqlRow[];
    } catch (cause) {
      throw storeUnavailable('SQLite', cause);
    }
  };

  return {
    async get(userId: string): Promise<Versioned<R> | null> {
      checkUserId(userId);
      let row: { version: unknown; record: unknown } | undefined;
      try {
        row = await retryReadOnConflict(() => ready().get.get(userId) as typeof row, isSqliteBusy);
      } catch (cause) {
        throw storeUnavailable('SQLite', cause);
      }
      return row ? { record: parseRecordJson<R>(row.record), version: parseVersion(row.version) } : null;
    },
    async put(userId: string, record: R, expectedVersion: number | null): Promise<boolean> {
      checkUserId(userId);
      const json = serialiseRecord(record);
      const version = newVersion(expectedVersion);
      return expectedVersion === null
        ? write((s) => s.insert.run(userId, version, json), [json])
        : write((s) => s.update.run(version, json, userId, expectedVersion), [json]);
    },
    async delete(userId: string, expectedVersion: number): Promise<boolean> {
      checkUserId(userId);
      return write((s) => s.remove.run(userId, expectedVersion));
    },
    async list(options?: ListOptions): Promise<ListPage<R>> {
      const { cursor, limit } = readListOptions(options);
      const after = cursor === null ? null : readIdCursor(cursor);
      const rows = await read((s) => (after === null ? s.list.all!(limit + 1) : s.listAfter.all!(after, limit + 1)));
      return pageOf<R>(rows, limit);
    },
    async getMany(userIds: readonly string[]): Promise<(Versioned<R> | null)[]> {
      const ids = readUserIds(userIds);
      if (ids.length === 0) return [];
      const unique = [...new Set(ids)];
      const rows = await read(() => db.prepare(sql.getMany(unique.length)).all!(...unique));
      return inOrder<R>(ids, rows);
    },
  };
}

/**
 * Issue 12 items 4 and 6 on scripted drivers: which driver errors the SQL adapters treat as a conflict
 * (the statement wrote nothing: a lost compare-and-set, or a read retried) and which stay an outage
 * (STORE_UNAVAILABLE). The real servers are in postgres-isolation.test.ts and sqlite-busy.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { postgresStore, type PgQueryable, type PgQueryResult } from '../../src/storage/postgres.js';
import { sqliteStore, type SqliteDatabase } from '../../src/storage/sqlite.js';
import { READ_ATTEMPTS } from '../../src/storage/sql-conflict.js';
import type { MfaStore } from '../../src/storage/types.js';

const driverError = (code: string): Error => Object.assign(new Error(`scripted ${code}`), { code });
const ROW = { version: '7', record: '{"schema":1}' };

/** A pg pool whose data statements fail with `errors` in turn, then answer `ok`; the migration look-up always finds the table. */
function scriptedPool(errors: Error[], ok: PgQueryResult = { rows: [ROW], rowCount: 1 }): PgQueryable & { calls: number } {
  const pool = {
    calls: 0,
    async query(text: string): Promise<PgQueryResult> {
      if (text.includes('to_regclass')) return { rows: [{ present: true }], rowCount: 1 };
      pool.calls++;
      const next = errors.shift();
      if (next) throw next;
      return ok;
    },
  };
  return pool;
}

/** A better-sqlite3 stand-in whose statements fail with `errors` in turn, then answer. */
function scriptedDb(errors: Error[]): SqliteDatabase & { calls: number } {
  const db = {
    calls: 0,
    exec: () => undefined,
    prepare: () => ({
      run: () => {
        db.calls++;
        const next = errors.shift();
        if (next) throw next;
        return { changes: 1 };
      },
      get: () => {
        db.calls++;
        const next = errors.shift();
        if (next) throw next;
        return { version: 7, record: '{"schema":1}' };
      },
    }),
  };
  return db;
}

const engines: { name: string; conflicts: string[]; outages: string[]; open: (errors: Error[]) => { store: MfaStore; calls: () => number } }[] = [
  {
    name: 'PostgreSQL',
    conflicts: ['40001', '40P01'],
    outages: ['57P01', '08006', '42501', '40003', '25P02'],
    open: (errors) => {
      const pool = scriptedPool(errors);
      return { store: postgresStore({ pool }), calls: () => pool.calls };
    },
  },
  {
    name: 'SQLite',
    conflicts: ['SQLITE_BUSY', 'SQLITE_BUSY_SNAPSHOT', 'SQLITE_BUSY_RECOVERY', 'SQLITE_BUSY_TIMEOUT'],
    outages: ['SQLITE_LOCKED', 'SQLITE_IOERR', 'SQLITE_CORRUPT', 'SQLITE_READONLY', 'SQLITE_FULL'],
    open: (errors) => {
      const db = scriptedDb(errors);
      return { store: sqliteStore({ db }), calls: () => db.calls };
    },
  },
];

for (const { name, conflicts, outages, open } of engines) {
  describe(`${name}: conflicts the database reports as errors`, () => {
    for (const code of conflicts) {
      it(`${code} on an insert, an update or a delete is a lost compare-and-set (false), not STORE_UNAVAILABLE`, async () => {
        for (const call of [
          (s: MfaStore) => s.put('u', { schema: 1 }, null),
          (s: MfaStore) => s.put('u', { schema: 1 }, 7),
          (s: MfaStore) => s.delete('u', 7),
        ]) {
          const { store, calls } = open([driverError(code)]);
          expect(await call(store)).toBe(false);
          expect(calls()).toBe(1); // not retried inside the store: the service re-reads first
        }
      });

      it(`${code} on a read is retried until it answers`, async () => {
        const { store, calls } = open([driverError(code), driverError(code), driverError(code)]);
        expect(await store.get('u')).toEqual({ record: { schema: 1 }, version: 7 });
        expect(calls()).toBe(4);
      });
    }

    it(`a read still in conflict after ${READ_ATTEMPTS} attempts fails closed with STORE_UNAVAILABLE (never null)`, async () => {
      const { store, calls } = open(Array.from({ length: READ_ATTEMPTS }, () => driverError(conflicts[0]!)));
      await expect(store.get('u')).rejects.toMatchObject({ name: 'OtpError', code: 'STORE_UNAVAILABLE' });
      expect(calls()).toBe(READ_ATTEMPTS);
    });

    for (const code of outages) {
      it(`${code} is an outage: every call rejects with STORE_UNAVAILABLE at once`, async () => {
        for (const call of [
          (s: MfaStore) => s.get('u'),
          (s: MfaStore) => s.put('u', { schema: 1 }, null),
          (s: MfaStore) => s.put('u', { schema: 1 }, 7),
          (s: MfaStore) => s.delete('u', 7),
        ]) {
          const { store, calls } = open([driverError(code)]);
          await expect(call(store)).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE', cause: { code } });
          expect(calls()).toBe(1);
        }
      });
    }
  });
}

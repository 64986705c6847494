import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runStoreConformance } from '../../src/testing/index.js';
import { sqliteStore } from '../../src/storage/sqlite.js';
import { OtpError } from '../../src/errors.js';
import { NOT_JSON, expectListingPastDamagedRows } from './damaged-rows.js';

const dir = mkdtempSync(join(tmpdir(), 'totp-enroll-sqlite-'));
const file = join(dir, 'mfa.db');
const open = (timeout = 5000): Database.Database => {
  const db = new Database(file, { timeout });
  db.pragma('journal_mode = WAL');
  return db;
};
let db: Database.Database;
beforeAll(() => {
  db = open();
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('SQLite store (temporary file, WAL)', () => {
  // Housekeeping as the README allows it: rows without a record may be removed at any time.
  runStoreConformance({ describe, it, expect }, () => sqliteStore({ db }), {
    listing: 'ordered',
    purge: (_store, userId) => db.prepare(`DELETE FROM totp_enroll_mfa WHERE user_id = ? AND record IS NULL`).run(userId),
  });

  it('rejects unsafe table names', () => {
    for (const table of ['', 'Mfa', 'mfa; drop table x', '1mfa', 'a.b.c', 'x'.repeat(49), 'mfa"']) {
      expect(() => sqliteStore({ db, table }), table).toThrow(expect.objectContaining({ code: 'INVALID_OPTION', field: 'table' }));
    }
    expect(() => sqliteStore({ db, table: 'main.totp_enroll_mfa' })).not.toThrow();
  });

  it('creates its table on first use, and not at all with migrate: false', async () => {
    const bare = sqliteStore({ db, table: 'not_created', migrate: false });
    await expect(bare.get('u')).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    expect(db.prepare(`SELECT name FROM sqlite_master WHERE name = 'not_created'`).get()).toBe(undefined);
    const store = sqliteStore({ db, table: 'created_lazily' });
    expect(db.prepare(`SELECT name FROM sqlite_master WHERE name = 'created_lazily'`).get()).toBe(undefined);
    expect(await store.put('u', { schema: 1 }, null)).toBe(true);
    const { version } = (await store.get('u'))!;
    expect(db.prepare(`SELECT user_id, version, record FROM created_lazily`).all()).toEqual([
      { user_id: 'u', version, record: '{"schema":1}' },
    ]);
  });

  it('a delete removes the row; a tombstone row 0.1.0 left reads as absent and is filled by an insert', async () => {
    const store = sqliteStore({ db, table: 'tombstones' });
    await store.put('u', { schema: 1 }, null);
    expect(await store.delete('u', (await store.get('u'))!.version)).toBe(true);
    expect(db.prepare(`SELECT count(*) AS n FROM tombstones`).get()).toEqual({ n: 0 });
    db.prepare(`INSERT INTO tombstones (user_id, version, record, updated_at) VALUES ('old', 2, NULL, 0)`).run();
    expect(await store.get('old')).toBe(null);
    expect(await store.put('old', { schema: 1, n: 1 }, 2)).toBe(false);
    expect(await store.put('old', { schema: 1 }, null)).toBe(true);
    expect((await store.get('old'))?.version === 2).toBe(false);
  });

  it('a corrupt stored record is INVALID_RECORD, without its text in the message', async () => {
    const store = sqliteStore({ db, table: 'corrupt' });
    await store.put('u', { schema: 1 }, null);
    db.prepare(`UPDATE corrupt SET record = '{"secret":"JBSWY3DP' WHERE user_id = 'u'`).run();
    const error = await store.get('u').then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(OtpError);
    expect(error).toMatchObject({ code: 'INVALID_RECORD' });
    expect(String((error as Error).message)).not.toContain('JBSWY3DP');
  });

  it('list pages past rows it cannot read back (not JSON, a bad version), naming them in unreadable, never their text', async () => {
    const store = sqliteStore({ db, table: 'corrupt_list' });
    await expectListingPastDamagedRows(store, async () => {
      db.prepare(`UPDATE corrupt_list SET record = ? WHERE user_id = 'b'`).run(NOT_JSON);
      db.prepare(`UPDATE corrupt_list SET version = 0 WHERE user_id = 'd'`).run();
    });
  });

  it('a locked database is a lost compare-and-set (put and delete false, nothing written), then the same store works again', async () => {
    const impatient = open(0);
    const store = sqliteStore({ db: impatient, table: 'locked' });
    await store.put('u', { schema: 1, n: 0 }, null);
    const { version } = (await store.get('u'))!;
    const holder = open();
    holder.exec('BEGIN EXCLUSIVE');
    try {
      expect(await store.put('u', { schema: 1, n: 1 }, version)).toBe(false);
      expect(await store.put('fresh', { schema: 1 }, null)).toBe(false);
      expect(await store.delete('u', version)).toBe(false);
      expect(await store.get('u')).toEqual({ record: { schema: 1, n: 0 }, version }); // WAL: readers are not blocked
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
    expect(await store.get('u')).toEqual({ record: { schema: 1, n: 0 }, version });
    expect(await store.get('fresh')).toBe(null);
    expect(await store.put('u', { schema: 1, n: 1 }, version)).toBe(true);
    impatient.close();
  });

  it('a closed database rejects with STORE_UNAVAILABLE', async () => {
    const other = open();
    const store = sqliteStore({ db: other });
    other.close();
    await expect(store.get('u')).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
  });
});

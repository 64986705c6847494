import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { runStoreConformance } from '../../src/testing/index.js';
import { postgresStore } from '../../src/storage/postgres.js';
import { sqlStatements } from '../../src/storage/sql-statements.js';
import { describeWithServer, probePostgres } from '../services/env.js';
import { faultCases } from './faults.js';
import { NOT_JSON, expectListingPastDamagedRows } from './damaged-rows.js';

const run = Math.random().toString(36).slice(2, 8);

describeWithServer('PostgreSQL store', await probePostgres(), (url) => {
  let pool: pg.Pool;
  beforeAll(() => {
    pool = new pg.Pool({ connectionString: url, max: 20, query_timeout: 10_000 });
    pool.on('error', () => {});
  });
  afterAll(() => pool?.end());
  const columns = (table: string) =>
    pool.query(
      `SELECT column_name, data_type, is_nullable FROM information_schema.columns WHERE table_name = $1 ORDER BY ordinal_position`,
      [table],
    );

  // Housekeeping as the README allows it: rows without a record may be removed at any time.
  runStoreConformance({ describe, it, expect }, () => postgresStore({ pool }), {
    listing: 'ordered',
    purge: (_store, userId) => pool.query(`DELETE FROM totp_enroll_mfa WHERE user_id = $1 AND record IS NULL`, [userId]),
  });

  it('conformance also holds through a single pg.Client', async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const store = postgresStore({ pool: client });
      const user = `client-${run}`;
      expect(await store.put(user, { schema: 1 }, null)).toBe(true);
      const got = await store.get(user);
      expect(await Promise.all([store.put(user, { n: 1 }, got!.version), store.put(user, { n: 2 }, got!.version)])).toEqual([true, false]);
    } finally {
      await client.end();
    }
  });

  it('list pages by an index on user_id COLLATE "C" when there is one (no sort of the whole table)', async () => {
    const table = `mfa_keyset_${run}`;
    const store = postgresStore({ pool, table });
    for (let i = 0; i < 50; i++) await store.put(`k-${i}`, { schema: 1 }, null);
    await pool.query(`CREATE INDEX ON ${table} (user_id COLLATE "C")`);
    await pool.query(`ANALYZE ${table}`);
    const client = await pool.connect();
    try {
      await client.query('SET enable_seqscan = off');
      const sql = sqlStatements(table, 'postgres').listAfter;
      const plan = (await client.query(`EXPLAIN ${sql.replace('$1', `'k-1'`).replace('$2', '11')}`)).rows.map((r) => r['QUERY PLAN']).join('\n');
      expect(plan).toMatch(/Index (Only )?Scan/);
      expect(plan).not.toMatch(/Sort/);
    } finally {
      client.release();
    }
    const page = await store.list!({ cursor: 'k-1', limit: 10 });
    expect(page.items.map((i) => i.userId)).toEqual(['k-10', 'k-11', 'k-12', 'k-13', 'k-14', 'k-15', 'k-16', 'k-17', 'k-18', 'k-19']);
    await pool.query(`DROP TABLE ${table}`);
  });

  it('list pages past rows it cannot read back (not JSON, a bad version), naming them in unreadable', async () => {
    const table = `damaged_${Math.random().toString(36).slice(2, 8)}`;
    const store = postgresStore({ pool, table });
    await expectListingPastDamagedRows(store, async () => {
      await pool.query(`UPDATE ${table} SET record = $1 WHERE user_id = 'b'`, [NOT_JSON]);
      await pool.query(`UPDATE ${table} SET version = 0 WHERE user_id = 'd'`);
    });
    await pool.query(`DROP TABLE ${table}`);
  });

  it('rejects unsafe table names before touching the database', () => {
    for (const table of ['', 'Mfa', 'mfa; drop table x', '1mfa', 'a.b.c', 'x'.repeat(49), 'mfa"']) {
      expect(() => postgresStore({ pool, table }), table).toThrow(expect.objectContaining({ code: 'INVALID_OPTION', field: 'table' }));
    }
  });

  it('creates the documented table on first use, also when many stores start at once', async () => {
    const table = `mfa_first_use_${run}`;
    const stores = Array.from({ length: 12 }, () => postgresStore({ pool, table }));
    expect((await columns(table)).rows).toEqual([]);
    await Promise.all(stores.map((s, i) => s.get(`u${i}`)));
    expect((await columns(table)).rows).toEqual([
      { column_name: 'user_id', data_type: 'text', is_nullable: 'NO' },
      { column_name: 'version', data_type: 'bigint', is_nullable: 'NO' },
      { column_name: 'record', data_type: 'text', is_nullable: 'YES' },
      { column_name: 'updated_at', data_type: 'timestamp with time zone', is_nullable: 'NO' },
    ]);
    await pool.query(`DROP TABLE ${table}`);
  });

  it('with migrate: false creates nothing and a missing table is STORE_UNAVAILABLE', async () => {
    const table = `mfa_unmanaged_${run}`;
    await expect(postgresStore({ pool, table, migrate: false }).get('u')).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    expect((await columns(table)).rows).toEqual([]);
  });

  it('works in a schema-qualified table and stores JSON text with the version', async () => {
    await pool.query(`CREATE SCHEMA IF NOT EXISTS auth_${run}`);
    const table = `auth_${run}.mfa`;
    const store = postgresStore({ pool, table });
    await store.put('u', { schema: 1, note: 'é' }, null);
    const { version } = (await store.get('u'))!;
    expect((await pool.query(`SELECT version, record FROM ${table}`)).rows).toEqual([{ version: String(version), record: '{"schema":1,"note":"é"}' }]);
    expect(await store.delete('u', version)).toBe(true);
    expect((await pool.query(`SELECT version, record FROM ${table}`)).rows).toEqual([]); // no tombstone left
    // A tombstone row 0.1.0 left reads as absent, refuses its old version and is filled by an insert.
    await pool.query(`INSERT INTO ${table} (user_id, version, record) VALUES ('old', 2, NULL)`);
    expect(await store.get('old')).toBe(null);
    expect(await store.put('old', { schema: 1 }, 2)).toBe(false);
    expect(await store.put('old', { schema: 1 }, null)).toBe(true);
    expect((await store.get('old'))!.version === 2).toBe(false);
    await pool.query(`DROP SCHEMA auth_${run} CASCADE`);
  });

  describe('faults', () => faultCases('postgres', () => url));
});

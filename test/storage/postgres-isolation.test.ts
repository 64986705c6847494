/**
 * Issue 12 item 4: the PostgreSQL store at every isolation level a deployment may set as its default
 * (`ALTER DATABASE ... SET default_transaction_isolation`), connected directly and through PgBouncer in
 * transaction pooling mode. Above READ COMMITTED the server cancels a statement that meets a concurrent
 * update (40001); it wrote nothing, so the store reports a lost compare-and-set and the service retries.
 * Before the fix, 7 conformance cases failed at REPEATABLE READ and 8 at SERIALIZABLE (STORE_UNAVAILABLE).
 */
import { ok } from '../helpers/enrollment.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { setTimeout as delay } from 'node:timers/promises';
import { runStoreConformance } from '../../src/testing/index.js';
import { postgresStore } from '../../src/storage/postgres.js';
import { createMfa, generateTotp } from '../../src/index.js';
import { describeWithBinaries, describeWithServer, probePostgres } from '../services/env.js';
import { type Bouncer, pgbouncerMissing, startPgbouncer } from '../services/pgbouncer.js';

const run = Math.random().toString(36).slice(2, 8);
const LEVELS = ['read committed', 'repeatable read', 'serializable'] as const;
type Level = (typeof LEVELS)[number];
const dbName = (level: Level): string => `totp_iso_${run}_${level.replace(' ', '_')}`;
const inDb = (url: string, name: string): string => {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
};
const newPool = (url: string): pg.Pool => {
  const pool = new pg.Pool({ connectionString: url, max: 20, query_timeout: 10_000 });
  pool.on('error', () => {});
  return pool;
};

describeWithServer('issue 12 item 4: PostgreSQL at every isolation level', await probePostgres(), (url) => {
  const admin = newPool(url);
  beforeAll(async () => {
    for (const level of LEVELS) {
      await admin.query(`CREATE DATABASE ${dbName(level)}`);
      await admin.query(`ALTER DATABASE ${dbName(level)} SET default_transaction_isolation = '${level}'`);
    }
  });
  afterAll(async () => {
    for (const level of LEVELS) await admin.query(`DROP DATABASE IF EXISTS ${dbName(level)} WITH (FORCE)`);
    await admin.end();
  });

  /** The conformance suite on one database, the pool made by `connect` once the database exists. */
  const conformance = (connect: () => string): void => {
    let pool: pg.Pool | undefined;
    beforeAll(() => void (pool = newPool(connect())));
    afterAll(() => pool?.end());
    it('the connection runs at the level under test', async () => {
      const level = new URL(connect()).pathname.slice(1);
      const { rows } = await pool!.query('SHOW transaction_isolation');
      expect(dbName(rows[0].transaction_isolation as Level)).toBe(level);
    });
    runStoreConformance({ describe, it, expect }, () => postgresStore({ pool: pool! }), {
      listing: 'ordered',
      purge: (_store, userId) => pool!.query(`DELETE FROM totp_enroll_mfa WHERE user_id = $1 AND record IS NULL`, [userId]),
    });
  };

  for (const level of LEVELS) {
    describe(`default_transaction_isolation = ${level}, direct`, () => conformance(() => inDb(url, dbName(level))));
  }

  describeWithBinaries('through PgBouncer (transaction pooling)', pgbouncerMissing(), () => {
    let bouncer: Bouncer | undefined;
    beforeAll(async () => {
      bouncer = await startPgbouncer(url);
    });
    afterAll(() => bouncer?.stop());
    for (const level of LEVELS) {
      describe(`default_transaction_isolation = ${level}, through PgBouncer`, () =>
        conformance(() => bouncer!.via(inDb(url, dbName(level)))));
    }
  });

  for (const level of ['repeatable read', 'serializable'] as const) {
    it(`at ${level}, a write cancelled by a concurrent update (40001) is a lost compare-and-set, and the service retries it`, async () => {
      const pool = newPool(inDb(url, dbName(level)));
      const holder = new pg.Client({ connectionString: inDb(url, dbName(level)) });
      await holder.connect();
      try {
        const store = postgresStore({ pool });
        const user = `iso-${run}-${level.replace(' ', '-')}`;
        expect(await store.put(user, { schema: 1, n: 0 }, null)).toBe(true);
        const { version } = (await store.get(user))!;
        // Another transaction holds the row; our UPDATE waits for it, then meets its committed change.
        await holder.query('BEGIN');
        await holder.query(`UPDATE totp_enroll_mfa SET updated_at = now() WHERE user_id = $1`, [user]);
        const put = store.put(user, { schema: 1, n: 1 }, version);
        for (let i = 0; i < 500; i++) {
          const waiting = await pool.query(
            `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
          );
          if (waiting.rows[0].n > 0) break;
          await delay(10);
        }
        await holder.query('COMMIT');
        expect(await put).toBe(false); // 40001: nothing written, not STORE_UNAVAILABLE
        expect(await store.get(user)).toEqual({ record: { schema: 1, n: 0 }, version });
        // The service's re-read sees the current version and its retry lands.
        expect(await store.put(user, { schema: 1, n: 2 }, version)).toBe(true);
      } finally {
        await holder.end();
        await pool.end();
      }
    });
  }

  it('at serializable, 20 concurrent sign-ins with one right code: exactly one ok, none STORE_UNAVAILABLE', async () => {
    const pool = newPool(inDb(url, dbName('serializable')));
    try {
      const now = Date.UTC(2031, 2, 1, 9);
      const mfa = createMfa({ store: postgresStore({ pool }), issuer: 'Iso', now: () => now });
      const user = `iso-${run}-race`;
      const { secret } = ok(await mfa.beginEnrollment(user, { accountName: 'iso@example.com' }));
      await mfa.verifyPairing(user, generateTotp(secret, { now: now - 60_000 }), generateTotp(secret, { now: now - 30_000 }));
      await mfa.enable(user);
      const code = generateTotp(secret, { now });
      const results = await Promise.allSettled(Array.from({ length: 20 }, () => mfa.verify(user, code)));
      expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
      const values = results.map((r) => (r as PromiseFulfilledResult<{ ok: boolean }>).value);
      expect(values.filter((v) => v.ok).length).toBe(1);
    } finally {
      await pool.end();
    }
  });
});

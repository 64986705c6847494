/**
 * Issue 11, item 2: a store error must not carry the record. Real servers refuse a write (Redis OOM
 * under noeviction and READONLY on a replica, PostgreSQL constraints, a read-only role and a trigger
 * echoing the row, SQLite read-only and trigger failures); the rejection, serialised as deeply as an
 * error tracker would, contains neither the plaintext secret nor the record JSON, while the driver
 * error's name, code and message survive. On 0.1.0 the cause was the driver error itself: ioredis's
 * ReplyError.command.args and pg's detail ("Failing row contains ...") held the whole record.
 */
import { ok } from '../helpers/enrollment.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import pg from 'pg';
import { Redis } from 'ioredis';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { createMfa } from '../../src/enrollment/service.js';
import { generateTotp } from '../../src/totp.js';
import type { MfaStore } from '../../src/storage/types.js';
import { sqliteStore } from '../../src/storage/sqlite.js';
import { postgresStore } from '../../src/storage/postgres.js';
import { redisStore } from '../../src/storage/redis.js';
import { describeWithBinaries, describeWithServer, probePostgres } from '../services/env.js';
import { type OwnRedis, serverBinariesMissing, startOwnRedis } from '../services/servers.js';
import { deepText, driverCause } from '../helpers/deep-text.js';

const T0 = Date.UTC(2031, 5, 1, 8);
const run = Math.random().toString(36).slice(2, 8);
let users = 0;

/** Enrolls a user without a cipher (the secret is plaintext in the record) and returns what must never leak. */
async function enrolled(store: MfaStore) {
  const userId = `leak-${run}-${++users}`;
  const mfa = createMfa({ store, issuer: 'Leak', now: () => T0 });
  const { secret } = ok(await mfa.beginEnrollment(userId, { accountName: 'leak@example.com' }));
  await mfa.verifyPairing(userId, generateTotp(secret, { now: T0 - 30_000 }), generateTotp(secret, { now: T0 }));
  expect(await mfa.enable(userId)).toMatchObject({ ok: true });
  const current = (await store.get(userId))!;
  return { userId, secret, current, json: JSON.stringify(current.record) };
}

/** The rejections of a service write and a direct store write, once the server refuses writes. */
async function refusals(store: MfaStore, user: Awaited<ReturnType<typeof enrolled>>): Promise<unknown[]> {
  const later = T0 + 60_000;
  const mfa = createMfa({ store, issuer: 'Leak', now: () => later });
  const errors: unknown[] = [];
  for (const call of [
    () => mfa.verify(user.userId, generateTotp(user.secret, { now: later })),
    () => store.put(user.userId, user.current.record, user.current.version),
  ]) {
    errors.push(await call().then((value) => ({ resolved: value }), (error: unknown) => error));
  }
  return errors;
}

/** Each error is STORE_UNAVAILABLE, leaks nothing of the record, and keeps the driver's name/code/message. */
function expectScrubbed(errors: unknown[], user: { secret: string; json: string }, driver: Record<string, unknown>): void {
  for (const error of errors) {
    expect(error).toMatchObject({ name: 'OtpError', code: 'STORE_UNAVAILABLE' });
    const text = deepText(error);
    expect(text.includes(user.secret), 'the secret appears in the serialised error').toBe(false);
    expect(text.includes(user.secret.slice(0, 12)), 'part of the secret appears').toBe(false);
    expect(text.includes(user.json), 'the record JSON appears').toBe(false);
    expect(text.includes('"recovery"'), 'a piece of the record JSON appears').toBe(false);
    expect(driverCause(error)).toMatchObject(driver);
    expect(Reflect.ownKeys(driverCause(error)).sort()).toEqual(
      ['message', 'name', 'stack', ...('code' in driver ? ['code'] : [])].sort(),
    );
  }
}

const missing = serverBinariesMissing();

describeWithBinaries('2. a store error carries the secret: Redis refusing writes', missing, () => {
  let primary: OwnRedis;
  let replica: OwnRedis;
  let client: Redis;
  let replicaClient: Redis;
  beforeAll(async () => {
    [primary, replica] = await Promise.all([startOwnRedis(), startOwnRedis()]);
    client = new Redis(primary.url, { maxRetriesPerRequest: 1 });
    replicaClient = new Redis(replica.url, { maxRetriesPerRequest: 1 });
  });
  afterAll(async () => {
    client?.disconnect();
    replicaClient?.disconnect();
    await Promise.all([primary?.destroy(), replica?.destroy()]);
  });

  it('2. a store error carries the secret: OOM under noeviction leaks neither the secret nor the record', async () => {
    const store = redisStore({ client, prefix: 'oom:' });
    const user = await enrolled(store);
    await client.config('SET', 'maxmemory-policy', 'noeviction');
    await client.config('SET', 'maxmemory', '1');
    try {
      const errors = await refusals(store, user);
      expectScrubbed(errors, user, { name: 'ReplyError', message: expect.stringMatching(/^OOM command not allowed/) });
    } finally {
      await client.config('SET', 'maxmemory', '0');
    }
    expect((await store.get(user.userId))!.record).toEqual(user.current.record); // nothing half-written
  });

  it('2. a store error carries the secret: READONLY on a replica leaks neither the secret nor the record', async () => {
    const user = await enrolled(redisStore({ client, prefix: 'ro:' }));
    await replicaClient.call('REPLICAOF', '127.0.0.1', String(primary.port));
    for (let i = 0; i < 100 && !(await replicaClient.hexists(`ro:${user.userId}`, 'r')); i++) await delay(100);
    const store = redisStore({ client: replicaClient, prefix: 'ro:' });
    expect((await store.get(user.userId))!.record).toEqual(user.current.record);
    const errors = await refusals(store, user);
    expectScrubbed(errors, user, { name: 'ReplyError', message: expect.stringMatching(/^READONLY/) });
  });
});

describeWithServer('2. a store error carries the secret: PostgreSQL refusing writes', await probePostgres(), (url) => {
  let pool: pg.Pool;
  const table = `mfa_leak_${run}`;
  const role = `mfa_ro_${run}`;
  beforeAll(() => {
    pool = new pg.Pool({ connectionString: url, max: 4 });
    pool.on('error', () => {});
  });
  afterAll(async () => {
    await pool.query(`DROP TABLE IF EXISTS ${table}; DROP OWNED BY ${role}; DROP ROLE IF EXISTS ${role}`).catch(() => {});
    await pool?.end();
  });

  it('2. a store error carries the secret: a CHECK constraint (detail: "Failing row contains ...") leaks nothing', async () => {
    const store = postgresStore({ pool, table });
    const user = await enrolled(store);
    await pool.query(`ALTER TABLE ${table} ADD CONSTRAINT leak_check CHECK (length(record) < 10) NOT VALID`);
    try {
      const errors = await refusals(store, user);
      expectScrubbed(errors, user, { code: '23514', message: expect.stringContaining('violates check constraint "leak_check"') });
    } finally {
      await pool.query(`ALTER TABLE ${table} DROP CONSTRAINT leak_check`);
    }
  });

  it('2. a store error carries the secret: a trigger raising with the row in its message is redacted', async () => {
    const store = postgresStore({ pool, table });
    const user = await enrolled(store);
    await pool.query(
      `CREATE FUNCTION ${table}_refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused row %', NEW.record; END $$;` +
        `CREATE TRIGGER refuse BEFORE UPDATE ON ${table} FOR EACH ROW EXECUTE FUNCTION ${table}_refuse()`,
    );
    try {
      const errors = await refusals(store, user);
      expectScrubbed(errors, user, { code: 'P0001', message: expect.stringMatching(/^refused row \[redacted\]/) });
    } finally {
      await pool.query(`DROP TRIGGER refuse ON ${table}; DROP FUNCTION ${table}_refuse()`);
    }
  });

  it('2. a store error carries the secret: a role whose transactions are read-only leaks nothing', async () => {
    const user = await enrolled(postgresStore({ pool, table }));
    await pool.query(`CREATE ROLE ${role} LOGIN; GRANT SELECT, INSERT, UPDATE, DELETE ON ${table} TO ${role}; ` +
      `ALTER ROLE ${role} SET default_transaction_read_only = on`);
    const u = new URL(url);
    u.username = role;
    const readOnly = new pg.Pool({ connectionString: u.toString(), max: 2 });
    readOnly.on('error', () => {});
    try {
      const store = postgresStore({ pool: readOnly, table, migrate: false });
      expect((await store.get(user.userId))!.record).toEqual(user.current.record);
      const errors = await refusals(store, user);
      expectScrubbed(errors, user, { code: '25006', message: 'cannot execute UPDATE in a read-only transaction' });
    } finally {
      await readOnly.end();
    }
  });
});

describe('2. a store error carries the secret: SQLite failing', () => {
  const dir = mkdtempSync(join(tmpdir(), 'totp-enroll-leak-'));
  const file = join(dir, 'mfa.db');
  const db = new Database(file);
  afterAll(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('2. a store error carries the secret: a read-only database file leaks nothing', async () => {
    const user = await enrolled(sqliteStore({ db }));
    const readOnly = new Database(file, { readonly: true });
    try {
      const errors = await refusals(sqliteStore({ db: readOnly, migrate: false }), user);
      expectScrubbed(errors, user, { name: 'SqliteError', code: 'SQLITE_READONLY', message: 'attempt to write a readonly database' });
    } finally {
      readOnly.close();
    }
  });

  it('2. a store error carries the secret: a trigger raising (RAISE ABORT, a function echoing the row) leaks nothing', async () => {
    const store = sqliteStore({ db, table: 'guarded' });
    const user = await enrolled(store);
    db.exec(`CREATE TRIGGER guarded_raise BEFORE UPDATE ON guarded BEGIN SELECT RAISE(ABORT, 'refused by policy'); END`);
    expectScrubbed(await refusals(store, user), user, { name: 'SqliteError', code: 'SQLITE_CONSTRAINT_TRIGGER', message: 'refused by policy' });
    db.exec(`DROP TRIGGER guarded_raise`);
    db.function('refuse_row', (record: unknown) => {
      throw new Error(`refused row ${String(record)}`);
    });
    db.exec(`CREATE TRIGGER guarded_echo BEFORE UPDATE ON guarded BEGIN SELECT refuse_row(NEW.record); END`);
    expectScrubbed(await refusals(store, user), user, { name: 'Error', message: expect.stringMatching(/^refused row \[redacted\]/) });
    db.exec(`DROP TRIGGER guarded_echo`);
  });
});

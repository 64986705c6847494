/**
 * Issue 12 item 5: `migrate: true` for the least-privilege role the README recommends, on PostgreSQL
 * 15+ where PUBLIC has no CREATE on the `public` schema: `SELECT, INSERT, UPDATE, DELETE` on the table and
 * nothing else. A bare `CREATE TABLE IF NOT EXISTS` checks the schema privilege before it looks for the
 * table, so every first call failed with `permission denied for schema`; the store now looks first.
 */
import { ok } from '../helpers/enrollment.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import pg from 'pg';
import { postgresStore } from '../../src/storage/postgres.js';
import { createMfa, generateTotp } from '../../src/index.js';
import { describeWithServer, probePostgres } from '../services/env.js';

const run = Math.random().toString(36).slice(2, 8);
const role = `mfa_app_${run}`;
const schema = `lp_${run}`;
const table = `${schema}.mfa`;

describeWithServer('issue 12 item 5: migrate: true for a least-privilege role (no CREATE on the schema)', await probePostgres(), (url) => {
  const admin = new pg.Pool({ connectionString: url, max: 2 });
  admin.on('error', () => {});
  let app: pg.Pool;
  beforeAll(async () => {
    await admin.query(`CREATE ROLE ${role} LOGIN`);
    await admin.query(`CREATE SCHEMA ${schema}`);
    // The owner creates the table (as the README's statement does); the application may only use it.
    await postgresStore({ pool: admin, table }).get('setup');
    await admin.query(`REVOKE ALL ON SCHEMA ${schema} FROM PUBLIC`);
    await admin.query(`REVOKE CREATE ON SCHEMA public FROM PUBLIC`);
    await admin.query(`GRANT USAGE ON SCHEMA ${schema} TO ${role}`);
    await admin.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ${table} TO ${role}`);
    const u = new URL(url);
    u.username = role;
    app = new pg.Pool({ connectionString: u.toString(), max: 5, query_timeout: 10_000 });
    app.on('error', () => {});
  });
  afterAll(async () => {
    await app?.end();
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.query(`DROP ROLE IF EXISTS ${role}`);
    await admin.end();
  });

  it('the role really lacks CREATE on the schema (a bare CREATE TABLE IF NOT EXISTS is refused)', async () => {
    await expect(app.query(`CREATE TABLE IF NOT EXISTS ${table} (user_id text)`)).rejects.toMatchObject({ code: '42501' });
  });

  it('the whole service life cycle works with migrate: true (the default) through that role', async () => {
    let now = Date.UTC(2031, 3, 1, 9);
    const mfa = createMfa({ store: postgresStore({ pool: app, table }), issuer: 'LeastPrivilege', now: () => now });
    const user = `lp-${run}`;
    const { secret } = ok(await mfa.beginEnrollment(user, { accountName: 'lp@example.com' }));
    expect(await mfa.verifyPairing(user, generateTotp(secret, { now: now - 30_000 }), generateTotp(secret, { now }))).toMatchObject({ ok: true });
    expect(await mfa.enable(user)).toMatchObject({ ok: true });
    now += 30_000;
    expect(await mfa.verify(user, generateTotp(secret, { now }))).toMatchObject({ ok: true });
    expect(await mfa.disable(user)).toMatchObject({ ok: true }); // a delete: the role needs DELETE
    expect((await admin.query(`SELECT count(*)::int AS n FROM ${table} WHERE user_id = $1`, [user])).rows).toEqual([{ n: 0 }]);
  });

  it('list and getMany work through that role (SELECT only) and walk in code-point order', async () => {
    const store = postgresStore({ pool: app, table });
    const ids = [`lp-list-${run}-\uFFFF`, `lp-list-${run}-\u{1F510}`, `lp-list-${run}-a`];
    for (const id of ids) expect(await store.put(id, { schema: 1, id }, null)).toBe(true);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await store.list!({ cursor, limit: 1 });
      seen.push(...page.items.map((i) => i.userId));
      cursor = page.cursor;
    } while (cursor !== null);
    // Code-point order: U+FFFF before U+1F510 (code-unit order would put the emoji first).
    expect(seen.filter((id) => id.startsWith(`lp-list-${run}-`))).toEqual([ids[2], ids[0], ids[1]]);
    expect((await store.getMany!([ids[1]!, 'nobody'])).map((v) => v?.record ?? null)).toEqual([{ schema: 1, id: ids[1] }, null]);
  });

  it('a missing table with migrate: true and no CREATE privilege is STORE_UNAVAILABLE, and creates nothing', async () => {
    const missing = `${schema}.not_there`;
    await expect(postgresStore({ pool: app, table: missing }).get('u')).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    expect((await admin.query(`SELECT to_regclass($1) AS t`, [missing])).rows).toEqual([{ t: null }]);
  });
});

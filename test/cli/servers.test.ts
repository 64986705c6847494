// The store commands against PostgreSQL and Redis (ioredis, and node-redis in a project that has only
// it), on the servers of test/services/start.sh: skipped with a message locally without them, failing
// under CI=true.
import { afterAll, beforeAll, expect, it } from 'vitest';
import pg from 'pg';
import { Redis } from 'ioredis';
import { postgresStore } from '../../src/storage/postgres.js';
import { redisStore } from '../../src/storage/redis.js';
import type { MfaStore } from '../../src/storage/types.js';
import { describeWithServer, probePostgres, probeRedis } from '../services/env.js';
import { KEYS_ENV, cli, cliProblem, leaked, seed, type Seeded } from './cli.js';
import { isolatedCli } from './isolated.js';

const problem = cliProblem();
const run = Math.random().toString(36).slice(2, 8);
const ERIN = 'KRUGKIDROVUWG2ZAMJZG653OEBTG66BAJJ2W24DTEBXXMZLS';

/** The same checks on each server: `args` select the store (and its table or prefix). */
function storeCommands(target: () => { args: string[]; store: MfaStore; cli?: string | undefined; cwd?: string | undefined }): void {
  let seeded: Seeded;
  const outputs: string[] = [];
  const exec = async (args: string[], env: Record<string, string> = KEYS_ENV) => {
    const t = target();
    const r = await cli([...args, ...t.args], { env, ...(t.cli ? { cli: t.cli } : {}), ...(t.cwd ? { cwd: t.cwd } : {}) });
    outputs.push(r.all);
    return r;
  };
  beforeAll(async () => {
    seeded = await seed(target().store);
  });

  it('the built CLI is there and current', () => {
    expect(problem).toBe(null);
  });

  it.runIf(!problem)('status of each seeded state, --json', async () => {
    expect(JSON.parse((await exec(['status', 'alice', '--json'])).stdout)).toMatchObject({ state: 'enabled', recoveryCodesLeft: 10 });
    expect(JSON.parse((await exec(['status', 'bob', '--json'])).stdout)).toMatchObject({ state: 'enabled', suspended: true });
    expect(JSON.parse((await exec(['status', 'carol', '--json'])).stdout)).toMatchObject({ state: 'pending' });
    const nobody = await exec(['status', 'nobody', '--json']);
    expect([nobody.code, JSON.parse(nobody.stdout).state]).toEqual([0, 'disabled']);
  });

  it.runIf(!problem)('list shows the four users', async () => {
    const r = await exec(['list', '--json']);
    expect(r.code).toBe(0);
    const users = r.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { userId: string }).userId).sort();
    expect(users).toEqual(['alice', 'bob', 'carol', 'dave']);
  });

  it.runIf(!problem)('unlock, then disable with --yes', async () => {
    expect((await exec(['unlock', 'bob'])).code).toBe(0);
    expect(JSON.parse((await exec(['status', 'bob', '--json'])).stdout)).toMatchObject({ suspended: false, failures: 0 });
    expect((await exec(['unlock', 'carol'])).code).toBe(1);
    expect((await exec(['disable', 'dave'])).code).toBe(1);
    const d = await exec(['disable', 'dave', '--yes']);
    expect([d.code, d.stdout]).toEqual([0, 'dave: MFA disabled.\n']);
  });

  it.runIf(!problem)('import adds an enabled factor, sealed with the key', async () => {
    const t = target();
    const r = await cli(['import', '-', ...t.args], { env: KEYS_ENV, stdin: `user,secret\nerin,${ERIN}\n`, ...(t.cli ? { cli: t.cli } : {}), ...(t.cwd ? { cwd: t.cwd } : {}) });
    outputs.push(r.all);
    expect([r.code, r.stdout, r.stderr]).toEqual([0, 'imported 1 of 1.\n', '']);
    expect(JSON.parse((await exec(['status', 'erin', '--json'])).stdout)).toMatchObject({ state: 'enabled' });
    const stored = JSON.stringify((await t.store.get('erin'))?.record);
    expect(stored).toContain('"kid":"k2"');
    expect(stored).not.toContain(ERIN);
    seeded.secrets.push(ERIN);
  });

  it.runIf(!problem)('no output held a secret or a recovery code', () => {
    expect(outputs.length).toBeGreaterThan(8);
    expect(leaked(outputs.join('\n'), seeded)).toEqual([]);
  });
}

describeWithServer('totp-enroll on PostgreSQL', await probePostgres(), (url) => {
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  pool.on('error', () => {});
  const table = `cli_${run}`;
  afterAll(async () => {
    await pool.query(`DROP TABLE IF EXISTS ${table}`).catch(() => {});
    await pool.end();
  });
  storeCommands(() => ({ args: ['--store', url, '--table', table], store: postgresStore({ pool, table }) }));
});

describeWithServer('totp-enroll on Redis (ioredis)', await probeRedis(), (url) => {
  const client = new Redis(url);
  const prefix = `cli-${run}-io:`;
  afterAll(() => client.quit());
  storeCommands(() => ({ args: ['--store', url, '--prefix', prefix], store: redisStore({ client, prefix }) }));
});

describeWithServer('totp-enroll on Redis (node-redis, the only driver in the project)', await probeRedis(), (url) => {
  const client = new Redis(url);
  const prefix = `cli-${run}-node:`;
  const project = problem ? null : isolatedCli(['redis']);
  afterAll(async () => {
    project?.remove();
    await client.quit();
  });
  storeCommands(() => ({ args: ['--store', url, '--prefix', prefix], store: redisStore({ client, prefix }), cli: project?.cli, cwd: project?.dir }));
});

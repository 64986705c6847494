/**
 * Benchmark (a script, not a test): `verify` throughput of each storage adapter with 1, 8, 32 and
 * 128 concurrent callers over 10,000 enrolled users. Every call is a right, fresh code, so each one
 * is a read plus a compare-and-set write. Needs TOTP_ENROLL_PG_URL / TOTP_ENROLL_REDIS_URL for those
 * engines (`source test/services/start.sh`); engines without a URL are left out. Redis runs with
 * ioredis (`redis`) and node-redis (`redis-node`) on the single server, and with ioredis `Cluster`
 * (`redis-cluster`) and node-redis `createCluster` (`redis-cluster-node`) on a 3-master cluster the
 * script starts itself (Debian's redis-server). `pgbouncer` is the PostgreSQL store through a PgBouncer of
 * its own in transaction pooling mode (Debian's `pgbouncer`), in front of the same server.
 *
 *   npm run bench:storage                 # all engines, 10,000 users
 *   npm run bench:storage -- --users 2000 --engines sqlite,redis,redis-node
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createMfa, generateTotp } from '../../src/index.js';
import type { Json } from '../../src/storage/types.js';
import { type Engine, type OpenStore, openStore } from '../services/connect.js';
import { type Bouncer, pgbouncerMissing, startPgbouncer } from '../services/pgbouncer.js';
import { type TestCluster, startCluster, topologyBinariesMissing } from '../services/redis-topologies.js';
import { redisStore } from '../../src/storage/redis.js';

const { values } = parseArgs({
  options: {
    users: { type: 'string', default: '10000' },
    engines: { type: 'string', default: 'sqlite,postgres,pgbouncer,redis,redis-node,redis-cluster,redis-cluster-node' },
    callers: { type: 'string', default: '1,8,32,128' },
  },
});
const USERS = Number(values.users);
const LEVELS = values.callers.split(',').map(Number);
type BenchEngine = Engine | 'pgbouncer' | 'redis-node' | 'redis-cluster' | 'redis-cluster-node';
const T0 = Date.UTC(2032, 0, 1);
const run = Math.random().toString(36).slice(2, 8);
const dir = mkdtempSync(join(tmpdir(), 'totp-enroll-bench-'));

const targets: Partial<Record<BenchEngine, string | undefined>> = {
  sqlite: join(dir, 'bench.db'),
  postgres: process.env['TOTP_ENROLL_PG_URL'],
  pgbouncer: pgbouncerMissing() ? undefined : process.env['TOTP_ENROLL_PG_URL'],
  redis: process.env['TOTP_ENROLL_REDIS_URL'],
  'redis-node': process.env['TOTP_ENROLL_REDIS_URL'],
  'redis-cluster': topologyBinariesMissing() ? undefined : 'own cluster',
  'redis-cluster-node': topologyBinariesMissing() ? undefined : 'own cluster',
};

let cluster: TestCluster | undefined;
let bouncer: Bouncer | undefined;

/** node-redis and the cluster clients, set to fail fast as the README says; the rest from connect.ts. */
async function open(engine: BenchEngine, target: string): Promise<OpenStore> {
  if (engine === 'redis-node') {
    const { createClient } = await import('redis');
    const client = createClient({ url: target, disableOfflineQueue: true, commandOptions: { timeout: 30_000 } });
    client.on('error', () => {});
    await client.connect();
    return { store: redisStore({ client }), close: async () => client.destroy() };
  }
  if (engine === 'redis-cluster' || engine === 'redis-cluster-node') {
    cluster ??= await startCluster(3);
    const nodes = cluster.ports.map((port) => ({ host: '127.0.0.1', port }));
    if (engine === 'redis-cluster') {
      const { Cluster } = await import('ioredis');
      const client = new Cluster(nodes, { redisOptions: { maxRetriesPerRequest: 1, commandTimeout: 30_000 } });
      client.on('error', () => {});
      return { store: redisStore({ client }), close: async () => void client.disconnect() };
    }
    const { createCluster } = await import('redis');
    const client = createCluster({ rootNodes: nodes.map((n) => ({ url: `redis://${n.host}:${n.port}` })),
      defaults: { disableOfflineQueue: true } });
    client.on('error', () => {});
    await client.connect();
    return { store: redisStore({ client }), close: async () => client.destroy() };
  }
  if (engine === 'pgbouncer' || engine === 'postgres') {
    // A table of its own per row: PostgreSQL direct and through PgBouncer share one server.
    bouncer ??= engine === 'pgbouncer' ? await startPgbouncer(target) : undefined;
    const url = engine === 'pgbouncer' ? bouncer!.via(target) : target;
    return openStore('postgres', url, { connections: 32, timeoutMs: 30_000, table: `mfa_bench_${engine}_${run}` });
  }
  return openStore(engine, target, { connections: 32, timeoutMs: 30_000 });
}

/** Enrols one user through the service, then copies its record to every bench user (same secret). */
async function seed(db: OpenStore, engine: string): Promise<{ secret: string; ids: string[] }> {
  const mfa = createMfa({ store: db.store, issuer: 'Bench', now: () => T0 });
  const template = `bench-${run}-${engine}-template`;
  const started = await mfa.beginEnrollment(template, { accountName: 'bench@example.com' });
  if (!started.ok) throw new Error(`beginEnrollment: ${started.reason}`);
  const { secret } = started;
  await mfa.verifyPairing(template, generateTotp(secret, { now: T0 - 30_000 }), generateTotp(secret, { now: T0 }));
  await mfa.enable(template);
  const record = (await db.store.get(template))!.record as Json;
  const ids = Array.from({ length: USERS }, (_, i) => `bench-${run}-${engine}-${i}`);
  for (let i = 0; i < ids.length; i += 100) {
    await Promise.all(ids.slice(i, i + 100).map((id) => db.store.put(id, record, null)));
  }
  return { secret, ids };
}

interface Row {
  engine: string;
  callers: number;
  perSecond: number;
  p50: number;
  p99: number;
  notOk: number;
  /** CPU time of this process (user + system) per verify, µs: the library's and the driver's cost, less noisy than wall time. */
  cpuUs: number;
}

async function measure(engine: BenchEngine, target: string): Promise<Row[]> {
  const db = await open(engine, target);
  const rows: Row[] = [];
  try {
    const { secret, ids } = await seed(db, engine);
    let now = T0;
    for (const callers of LEVELS) {
      now += 60_000; // a fresh step for every user in this round
      const at = now;
      const code = generateTotp(secret, { now: at });
      const mfa = createMfa({ store: db.store, issuer: 'Bench', now: () => at });
      const latencies: number[] = [];
      let next = 0;
      let notOk = 0;
      const cpu = process.cpuUsage();
      const started = performance.now();
      await Promise.all(
        Array.from({ length: callers }, async () => {
          while (next < ids.length) {
            const id = ids[next++]!;
            const t = performance.now();
            const result = await mfa.verify(id, code);
            latencies.push(performance.now() - t);
            if (!result.ok) notOk++;
          }
        }),
      );
      const seconds = (performance.now() - started) / 1000;
      const used = process.cpuUsage(cpu);
      const cpuUs = (used.user + used.system) / ids.length;
      latencies.sort((a, b) => a - b);
      const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))]!;
      rows.push({ engine, callers, perSecond: ids.length / seconds, p50: pct(0.5), p99: pct(0.99), notOk, cpuUs });
      console.error(`${engine} x${callers}: ${Math.round(ids.length / seconds)}/s`);
    }
  } finally {
    await db.close();
  }
  return rows;
}

const rows: Row[] = [];
for (const engine of values.engines.split(',') as BenchEngine[]) {
  const target = targets[engine];
  if (!target) {
    const why = engine.startsWith('redis-cluster')
      ? (topologyBinariesMissing() ?? '')
      : engine === 'pgbouncer' && pgbouncerMissing()
        ? pgbouncerMissing()
        : `no ${engine === 'postgres' ? 'TOTP_ENROLL_PG_URL' : 'TOTP_ENROLL_REDIS_URL'}; source test/services/start.sh`;
    console.error(`${engine}: skipped (${why})`);
    continue;
  }
  rows.push(...(await measure(engine, target)));
}
await cluster?.destroy();
await bouncer?.stop();
rmSync(dir, { recursive: true, force: true });

console.log(`\nverify throughput, ${USERS} users, every call a right fresh code (read + CAS write); Node ${process.version}\n`);
console.log('| adapter | callers | verify/s | p50 ms | p99 ms | CPU µs/verify | not ok |');
console.log('|---|---:|---:|---:|---:|---:|---:|');
for (const r of rows) {
  console.log(`| ${r.engine} | ${r.callers} | ${Math.round(r.perSecond)} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} | ${r.cpuUs.toFixed(1)} | ${r.notOk} |`);
}

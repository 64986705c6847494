/**
 * Benchmark (a script, not a test): `verify` throughput of each storage adapter with 1, 8, 32 and 128
 * concurrent callers over 10,000 enrolled users. `pgbouncer` is the PostgreSQL store through a PgBouncer
 * of its own in transaction pooling mode (Debian's `pgbouncer`), in front of the same server. Every call is a right, fresh code, so each one is a
 * read plus a compare-and-set write. Needs TOTP_ENROLL_PG_URL / TOTP_ENROLL_REDIS_URL for those
 * engines (`source test/services/start.sh`); engines without a URL are left out.
 *
 *   npm run bench:storage                 # all engines, 10,000 users
 *   npm run bench:storage -- --users 2000 --engines sqlite,postgres,pgbouncer
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createMfa, generateTotp } from '../../src/index.js';
import type { Json } from '../../src/storage/types.js';
import { type Engine, type OpenStore, openStore } from '../services/connect.js';
import { type Bouncer, pgbouncerMissing, startPgbouncer } from '../services/pgbouncer.js';

const { values } = parseArgs({
  options: { users: { type: 'string', default: '10000' }, engines: { type: 'string', default: 'sqlite,postgres,pgbouncer,redis' } },
});
const USERS = Number(values.users);
const LEVELS = [1, 8, 32, 128];
const T0 = Date.UTC(2032, 0, 1);
const run = Math.random().toString(36).slice(2, 8);
const dir = mkdtempSync(join(tmpdir(), 'totp-enroll-bench-'));

type Label = Engine | 'pgbouncer';
const pgUrl = process.env['TOTP_ENROLL_PG_URL'];
let bouncer: Bouncer | undefined;
/** The driver and the target of each adapter row, or why it is left out. */
async function target(label: Label): Promise<{ engine: Engine; target: string } | string> {
  if (label === 'sqlite') return { engine: 'sqlite', target: join(dir, 'bench.db') };
  if (label === 'redis') {
    const url = process.env['TOTP_ENROLL_REDIS_URL'];
    return url ? { engine: 'redis', target: url } : 'no TOTP_ENROLL_REDIS_URL; source test/services/start.sh';
  }
  if (!pgUrl) return 'no TOTP_ENROLL_PG_URL; source test/services/start.sh';
  if (label === 'postgres') return { engine: 'postgres', target: pgUrl };
  const missing = pgbouncerMissing();
  if (missing) return missing;
  bouncer ??= await startPgbouncer(pgUrl);
  return { engine: 'postgres', target: bouncer.via(pgUrl) };
}

/** Enrols one user through the service, then copies its record to every bench user (same secret). */
async function seed(db: OpenStore): Promise<{ secret: string; ids: string[] }> {
  const mfa = createMfa({ store: db.store, issuer: 'Bench', now: () => T0 });
  const template = `bench-${run}-template`;
  const started = await mfa.beginEnrollment(template, { accountName: 'bench@example.com' });
  if (!started.ok) throw new Error(`beginEnrollment: ${started.reason}`);
  const { secret } = started;
  await mfa.verifyPairing(template, generateTotp(secret, { now: T0 - 30_000 }), generateTotp(secret, { now: T0 }));
  await mfa.enable(template);
  const record = (await db.store.get(template))!.record as Json;
  const ids = Array.from({ length: USERS }, (_, i) => `bench-${run}-${i}`);
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
}

async function measure(label: Label, engine: Engine, target: string): Promise<Row[]> {
  // A table of its own per row: PostgreSQL direct and through PgBouncer share one server.
  const table = engine === 'postgres' ? { table: `mfa_bench_${label}_${run}` } : {};
  const db = await openStore(engine, target, { connections: 32, timeoutMs: 30_000, ...table });
  const rows: Row[] = [];
  try {
    const { secret, ids } = await seed(db);
    let now = T0;
    for (const callers of LEVELS) {
      now += 60_000; // a fresh step for every user in this round
      const at = now;
      const code = generateTotp(secret, { now: at });
      const mfa = createMfa({ store: db.store, issuer: 'Bench', now: () => at });
      const latencies: number[] = [];
      let next = 0;
      let notOk = 0;
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
      latencies.sort((a, b) => a - b);
      const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))]!;
      rows.push({ engine: label, callers, perSecond: ids.length / seconds, p50: pct(0.5), p99: pct(0.99), notOk });
      console.error(`${label} x${callers}: ${Math.round(ids.length / seconds)}/s`);
    }
  } finally {
    await db.close();
  }
  return rows;
}

const rows: Row[] = [];
try {
  for (const label of values.engines.split(',') as Label[]) {
    const found = await target(label);
    if (typeof found === 'string') {
      console.error(`${label}: skipped (${found})`);
      continue;
    }
    rows.push(...(await measure(label, found.engine, found.target)));
  }
} finally {
  await bouncer?.stop();
  rmSync(dir, { recursive: true, force: true });
}

console.log(`\nverify throughput, ${USERS} users, every call a right fresh code (read + CAS write); Node ${process.version}\n`);
console.log('| adapter | callers | verify/s | p50 ms | p99 ms | not ok |');
console.log('|---|---:|---:|---:|---:|---:|');
for (const r of rows) {
  console.log(`| ${r.engine} | ${r.callers} | ${Math.round(r.perSecond)} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} | ${r.notOk} |`);
}

/**
 * Benchmark (a script, not a test): `verify` throughput of each storage adapter with 1, 8 and 32
 * concurrent callers over 10,000 enrolled users. Every call is a right, fresh code, so each one is a
 * read plus a compare-and-set write. Needs TOTP_ENROLL_PG_URL / TOTP_ENROLL_REDIS_URL for those
 * engines (`source test/services/start.sh`); engines without a URL are left out.
 *
 *   npm run bench:storage                 # all engines, 10,000 users
 *   npm run bench:storage -- --users 2000 --engines sqlite,redis
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createMfa, generateTotp } from '../../src/index.js';
import type { Json } from '../../src/storage/types.js';
import { type Engine, type OpenStore, openStore } from '../services/connect.js';

const { values } = parseArgs({
  options: { users: { type: 'string', default: '10000' }, engines: { type: 'string', default: 'sqlite,postgres,redis' } },
});
const USERS = Number(values.users);
const LEVELS = [1, 8, 32];
const T0 = Date.UTC(2032, 0, 1);
const run = Math.random().toString(36).slice(2, 8);
const dir = mkdtempSync(join(tmpdir(), 'totp-enroll-bench-'));

const targets: Partial<Record<Engine, string | undefined>> = {
  sqlite: join(dir, 'bench.db'),
  postgres: process.env['TOTP_ENROLL_PG_URL'],
  redis: process.env['TOTP_ENROLL_REDIS_URL'],
};

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

async function measure(engine: Engine, target: string): Promise<Row[]> {
  const db = await openStore(engine, target, { connections: 32, timeoutMs: 30_000 });
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
      rows.push({ engine, callers, perSecond: ids.length / seconds, p50: pct(0.5), p99: pct(0.99), notOk });
      console.error(`${engine} x${callers}: ${Math.round(ids.length / seconds)}/s`);
    }
  } finally {
    await db.close();
  }
  return rows;
}

const rows: Row[] = [];
for (const engine of values.engines.split(',') as Engine[]) {
  const target = targets[engine];
  if (!target) {
    console.error(`${engine}: skipped (no ${engine === 'postgres' ? 'TOTP_ENROLL_PG_URL' : 'TOTP_ENROLL_REDIS_URL'}; source test/services/start.sh)`);
    continue;
  }
  rows.push(...(await measure(engine, target)));
}
rmSync(dir, { recursive: true, force: true });

console.log(`\nverify throughput, ${USERS} users, every call a right fresh code (read + CAS write); Node ${process.version}\n`);
console.log('| adapter | callers | verify/s | p50 ms | p99 ms | not ok |');
console.log('|---|---:|---:|---:|---:|---:|');
for (const r of rows) {
  console.log(`| ${r.engine} | ${r.callers} | ${Math.round(r.perSecond)} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} | ${r.notOk} |`);
}

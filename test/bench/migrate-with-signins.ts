/**
 * Measurement (a script, not a test): `migrateSecrets` over 10,000 plaintext records while users sign in.
 * The store is filled with valid plaintext records (written as a service without a cipher writes them);
 * then the migration runs with an `aesGcmCipher` while a service with the same cipher and
 * `acceptPlaintext: true` signs a subset of users in, round after round, on an injected clock that moves one
 * step per round: right codes for the "signers", wrong codes for the "strugglers". Afterwards every
 * signer's `lastStep` must be the step of their last accepted code and every struggler's `failures` the
 * number of their counted mismatches (a lost update shows as a difference), every record must be sealed,
 * and no right code may have failed. A second run shows the migration is idempotent. On SQLite and
 * PostgreSQL the job has a connection (pool) of its own, as a migration run beside the app would.
 *
 *   npm run bench:migrate                                    # memory store, 10,000 records
 *   npm run bench:migrate -- --store sqlite:/tmp/m.db        # SQLite file (created; its table is dropped after)
 *   npm run bench:migrate -- --store "$TOTP_ENROLL_PG_URL"   # PostgreSQL (a table of its own, dropped after)
 *   npm run bench:migrate -- --users 2000 --signers 300 --strugglers 50 --page 200 --concurrency 16 --round-ms 0
 */
import { parseArgs } from 'node:util';
import { aesGcmCipher, createMfa, encodeSecret, generateTotp, memoryStore, migrateSecrets } from '../../src/index.js';
import type { Json, MfaStore } from '../../src/storage/types.js';
import { openStore } from '../services/connect.js';

const { values } = parseArgs({
  options: {
    store: { type: 'string', default: 'memory' },
    users: { type: 'string', default: '10000' },
    signers: { type: 'string', default: '200' },
    strugglers: { type: 'string', default: '50' },
    page: { type: 'string', default: '100' },
    concurrency: { type: 'string', default: '8' },
    'round-ms': { type: 'string', default: '100' },
  },
});
const USERS = Number(values.users);
const SIGNERS = Number(values.signers);
const STRUGGLERS = Number(values.strugglers);
/** A round of sign-ins (every signer and struggler once) starts at most this often. */
const ROUND_MS = Number(values['round-ms']);
const PERIOD_MS = 30_000;
const T0 = Date.UTC(2032, 0, 1);
const S0 = T0 / PERIOD_MS;
const run = Math.random().toString(36).slice(2, 8);
const table = `bench_migrate_${run}`;

interface Target {
  store: MfaStore;
  /** The migration job's own connection to the same records (the same store for memory). */
  second: MfaStore;
  label: string;
  close(): Promise<void>;
}

async function open(spec: string): Promise<Target> {
  if (spec === 'memory') {
    const store = memoryStore();
    return { store, second: store, label: 'memory', close: async () => {} };
  }
  if (spec.startsWith('sqlite:')) {
    const path = spec.slice('sqlite:'.length);
    const { store, close } = await openStore('sqlite', path, { table });
    const job = await openStore('sqlite', path, { table });
    const drop = async () => {
      const { default: Database } = await import('better-sqlite3');
      const db = new Database(path);
      db.exec(`DROP TABLE IF EXISTS ${table}`);
      db.close();
    };
    return { store, second: job.store, label: `SQLite (${path}, WAL; the job on a connection of its own)`,
      close: async () => (await job.close(), await close(), await drop()) };
  }
  if (/^postgres(ql)?:\/\//.test(spec)) {
    const { store, close } = await openStore('postgres', spec, { table, connections: 10 });
    const job = await openStore('postgres', spec, { table, connections: 10 });
    const drop = async () => {
      const { default: pg } = await import('pg');
      const client = new pg.Client({ connectionString: spec });
      await client.connect();
      await client.query(`DROP TABLE IF EXISTS ${table}`);
      await client.end();
    };
    return { store, second: job.store, label: 'PostgreSQL (service and job: a pool of 10 each)',
      close: async () => (await job.close(), await close(), await drop()) };
  }
  throw new Error(`--store: 'memory', 'sqlite:<path>' or a postgres:// URL, not ${JSON.stringify(spec)}`);
}

const idOf = (i: number) => `user-${String(i).padStart(6, '0')}`;
const secretOf = (i: number) => encodeSecret(Uint8Array.from({ length: 20 }, (_, j) => (i * 131 + j * 17 + (i >> 8)) & 0xff));

/** The plaintext record a service without a cipher writes for an enabled factor. */
const plaintextRecord = (i: number): Json => ({
  schema: 1,
  failures: 0,
  recovery: [],
  active: { secret: secretOf(i), algorithm: 'SHA1', digits: 6, period: 30, lastStep: S0 - 1, drift: 0, enabledAt: T0 - 86_400_000 },
});

async function main(): Promise<void> {
  const { store, second, label, close } = await open(values.store);
  try {
    const fillStart = performance.now();
    for (let i = 0; i < USERS; i += 200) {
      const batch = [];
      for (let j = i; j < Math.min(i + 200, USERS); j++) batch.push(store.put(idOf(j), plaintextRecord(j), null));
      await Promise.all(batch);
    }
    const fillMs = performance.now() - fillStart;

    const cipher = aesGcmCipher({ keys: { k1: globalThis.crypto.getRandomValues(new Uint8Array(32)) }, currentKeyId: 'k1' });
    const clock = { now: T0 };
    const mfa = createMfa({ store, issuer: 'Bench', cipher, acceptPlaintext: true, now: () => clock.now,
      policy: { maxFailures: 100, suspendAfterFailures: 100 } });
    // Signers and strugglers spread over the whole id range, so sign-ins meet the migration everywhere.
    const stride = Math.max(1, Math.floor(USERS / (SIGNERS + STRUGGLERS)));
    const picked = Array.from({ length: Math.min(USERS, SIGNERS + STRUGGLERS) }, (_, k) => (k * stride) % USERS);
    const signers = picked.slice(0, SIGNERS);
    const strugglers = picked.slice(SIGNERS);
    const lastOk = new Map<number, number>(); // user -> step of the last accepted code
    const mismatches = new Map<number, number>();
    const failedSignIns: Record<string, number> = {};
    let signIns = 0;
    let rounds = 0;
    let migrating = true;

    const signInLoop = async () => {
      while (migrating) {
        const roundStart = performance.now();
        rounds++;
        clock.now = T0 + rounds * PERIOD_MS; // one step per round: every round's right code is fresh
        const step = S0 + rounds;
        await Promise.all([
          ...signers.map(async (i) => {
            const r = await mfa.verify(idOf(i), generateTotp(secretOf(i), { now: clock.now }));
            signIns++;
            if (r.ok) lastOk.set(i, step);
            else failedSignIns[r.reason] = (failedSignIns[r.reason] ?? 0) + 1;
          }),
          ...strugglers.map(async (i) => {
            if ((mismatches.get(i) ?? 0) >= 90) return;
            const right = generateTotp(secretOf(i), { now: clock.now });
            const wrong = String((Number(right) + 500_000) % 1_000_000).padStart(6, '0');
            const r = await mfa.verify(idOf(i), wrong);
            signIns++;
            if (!r.ok && r.reason === 'mismatch') mismatches.set(i, (mismatches.get(i) ?? 0) + 1);
            else failedSignIns[`wrong code answered ${r.ok ? 'ok' : r.reason}`] = (failedSignIns[`wrong code answered ${r.ok ? 'ok' : r.reason}`] ?? 0) + 1;
          }),
        ]);
        const rest = ROUND_MS - (performance.now() - roundStart);
        if (rest > 0 && migrating) await new Promise((resolve) => setTimeout(resolve, rest));
      }
    };

    // The migration's view of the store counts its lost compare-and-sets: the races it met and retried.
    let conflicts = 0;
    const migrationStore: MfaStore = {
      get: (id) => second.get(id),
      delete: (id, v) => second.delete(id, v),
      list: (o) => second.list!(o),
      put: async (id, r, v) => {
        const written = await second.put(id, r, v);
        if (!written) conflicts++;
        return written;
      },
    };
    if (typeof second.list !== 'function') throw new Error(`${label}: this store has no list() yet (the adapters' listing is on another branch)`);
    const migStart = performance.now();
    const signing = signInLoop();
    let result;
    try {
      result = await migrateSecrets({ store: migrationStore, cipher, pageSize: Number(values.page), concurrency: Number(values.concurrency) });
    } finally {
      migrating = false;
    }
    const migMs = performance.now() - migStart;
    await signing;

    // Lost updates: compare what each sign-in was told with what the store holds.
    let lost = 0;
    for (const i of signers) {
      const r = (await store.get(idOf(i)))!.record as { active: { lastStep: number }; failures: number };
      if (r.active.lastStep !== (lastOk.get(i) ?? S0 - 1) || r.failures !== 0) lost++;
    }
    for (const i of strugglers) {
      const r = (await store.get(idOf(i)))!.record as { failures: number };
      if (r.failures !== (mismatches.get(i) ?? 0)) lost++;
    }
    let plaintext = 0;
    for (let i = 0; i < USERS; i++) {
      const r = (await store.get(idOf(i)))!.record as { active: { secret: unknown } };
      if (typeof r.active.secret === 'string') plaintext++;
    }
    const againStart = performance.now();
    const again = await migrateSecrets({ store, cipher, pageSize: Number(values.page), concurrency: Number(values.concurrency) });
    const againMs = performance.now() - againStart;

    const { failures, ...counts } = result;
    console.log(`migrateSecrets with sign-ins running: ${label}, Node ${process.version}`);
    console.log(`  filled ${USERS} plaintext records in ${(fillMs / 1000).toFixed(2)} s`);
    console.log(`  migration: ${(migMs / 1000).toFixed(2)} s, ${Math.round(USERS / (migMs / 1000))} records/s` +
      ` (page ${values.page}, concurrency ${values.concurrency})`);
    console.log(`  counts: ${JSON.stringify(counts)}; failures listed: ${failures.length}; writes that lost to a sign-in and were retried: ${conflicts}`);
    console.log(`  meanwhile: ${signIns} sign-ins in ${rounds} rounds, ${Math.round(signIns / (migMs / 1000))}/s` +
      ` (${signers.length} users with right codes, ${strugglers.length} with wrong ones, a round every ${ROUND_MS} ms at most)`);
    console.log(`  lost updates: ${lost}; failed sign-ins: ${Object.values(failedSignIns).reduce((a, b) => a + b, 0)} ${JSON.stringify(failedSignIns)}`);
    console.log(`  plaintext records left: ${plaintext}`);
    console.log(`  second run: ${(againMs / 1000).toFixed(2)} s, ${JSON.stringify({ sealed: again.sealed, rewrapped: again.rewrapped, unchanged: again.unchanged, failed: again.failed })}`);
    const ok = lost === 0 && plaintext === 0 && Object.keys(failedSignIns).length === 0 && result.failed === 0 && again.unchanged === USERS;
    console.log(ok ? '  ok' : '  FAILED');
    if (!ok) process.exitCode = 1;
  } finally {
    await close();
  }
}

await main();

/**
 * One application process of the SQLite busy test (issue 12 item 6): opens its own connection to the
 * shared file with the busy timeout and journal mode it is given, waits for the parent's `go`, then
 * sends every code of its plan to `verify` at once (several per user), and reports the outcomes and
 * the longest the event loop was blocked meanwhile. Config as JSON in argv[2].
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { createMfa } from '../../src/index.js';
import { OtpError } from '../../src/errors.js';
import { type SqliteDatabase, type SqliteStatement, sqliteStore } from '../../src/storage/sqlite.js';

export interface BusyWorkerConfig {
  file: string;
  journalMode: 'wal' | 'delete';
  /** better-sqlite3's busy timeout, ms. */
  timeout: number;
  now: number;
  maxFailures: number;
  /** [userId, code] pairs, all sent at once. */
  plan: [string, string][];
}

export interface BusyWorkerReport {
  outcomes: { userId: string; code: string; result: string }[];
  /** Longest event-loop delay seen while the calls ran, ms (includes this process's own bursts of work). */
  maxStallMs: number;
  /** Longest that one SQLite statement kept the thread (the busy wait included), ms. */
  maxStatementMs: number;
  elapsedMs: number;
}

const config = JSON.parse(process.argv[2] ?? '{}') as BusyWorkerConfig;
const send = (message: unknown): Promise<void> =>
  new Promise((resolve, reject) => process.send!(message, undefined, {}, (e) => (e ? reject(e) : resolve())));

const db = new Database(config.file, { timeout: config.timeout });
db.pragma(`journal_mode = ${config.journalMode}`);
// Times every statement the store runs: better-sqlite3 is synchronous, so this is how long each one blocked.
let maxStatementMs = 0;
const timed = <T>(call: () => T): T => {
  const t = performance.now();
  try {
    return call();
  } finally {
    maxStatementMs = Math.max(maxStatementMs, performance.now() - t);
  }
};
const measured: SqliteDatabase = {
  exec: (sql) => timed(() => db.exec(sql)),
  prepare(sql): SqliteStatement {
    const statement = db.prepare(sql);
    return { run: (...p) => timed(() => statement.run(...p)), get: (...p) => timed(() => statement.get(...p)) };
  },
};
const store = sqliteStore({ db: measured });
const mfa = createMfa({ store, issuer: 'Busy', now: () => config.now, policy: { maxFailures: config.maxFailures } });
await store.get(config.plan[0]![0]); // prepare the statements before the barrier

process.once('message', async (go: { at: number }) => {
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, go.at - Date.now())));
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  maxStatementMs = 0;
  const started = performance.now();
  const settled = await Promise.allSettled(config.plan.map(([userId, code]) => mfa.verify(userId, code)));
  const elapsedMs = performance.now() - started;
  histogram.disable();
  const outcomes = settled.map((s, i) => ({
    userId: config.plan[i]![0],
    code: config.plan[i]![1],
    result:
      s.status === 'fulfilled'
        ? s.value.ok
          ? 'ok'
          : s.value.reason
        : `error:${s.reason instanceof OtpError ? s.reason.code : String(s.reason)}:${String((s.reason as { cause?: { cause?: { code?: unknown } } }).cause?.cause?.code)}`,
  }));
  const report: BusyWorkerReport = { outcomes, maxStallMs: histogram.max / 1e6, maxStatementMs, elapsedMs };
  await send({ type: 'done', report });
  db.close();
  process.disconnect();
});
await send({ type: 'ready' });

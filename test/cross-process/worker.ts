/**
 * One application process of the cross-process race: opens its own connection (pool) to the shared
 * database, reports `ready`, waits for the parent's `go` (the start barrier), then calls
 * `verify` for the same user with each of its codes at the moment the parent named, and reports the outcomes.
 * Run by race.ts with `node --import tsx`; the config is JSON in argv[2].
 */
import { createMfa } from '../../src/index.js';
import type { MfaPolicy } from '../../src/enrollment/policy.js';
import { OtpError } from '../../src/errors.js';
import { type Engine, openStore } from '../services/connect.js';

export interface WorkerConfig {
  engine: Engine;
  target: string;
  table?: string;
  userId: string;
  codes: string[];
  now: number;
  policy: Partial<MfaPolicy>;
}

export type WorkerOutcome = { ok: true } | { ok: false; reason: string } | { error: string };

const config = JSON.parse(process.argv[2] ?? '{}') as WorkerConfig;
const send = (message: unknown): Promise<void> =>
  new Promise((resolve, reject) => process.send!(message, undefined, {}, (e) => (e ? reject(e) : resolve())));

const { store, close } = await openStore(config.engine, config.target, {
  connections: config.codes.length,
  ...(config.table ? { table: config.table } : {}),
});
const mfa = createMfa({ store, issuer: 'Race', now: () => config.now, policy: config.policy });
// Open every connection (and create/prepare the table) before the barrier, so the race is the verify calls.
await Promise.all(config.codes.map(() => store.get(config.userId)));

process.once('message', async (go: { at: number }) => {
  // Sleep until just before the shared moment, then spin the last milliseconds so every worker starts together.
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, go.at - Date.now() - 3)));
  while (Date.now() < go.at);
  const startedAt = Date.now();
  const settled = await Promise.allSettled(config.codes.map((code) => mfa.verify(config.userId, code)));
  const outcomes: WorkerOutcome[] = settled.map((s) =>
    s.status === 'fulfilled'
      ? s.value.ok
        ? { ok: true }
        : { ok: false, reason: s.value.reason }
      : { error: s.reason instanceof OtpError ? s.reason.code : String(s.reason) },
  );
  await send({ type: 'done', outcomes, startedAt, endedAt: Date.now() });
  await close();
  process.disconnect();
});
await send({ type: 'ready' });

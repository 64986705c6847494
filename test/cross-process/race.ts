/**
 * Runs the cross-process race: forks worker.ts processes (bundled), waits until each has its own connection
 * open, releases them all at one shared wall-clock moment (a `go` message naming it), and collects their outcomes.
 */
import { childMessage } from '../helpers/child-message.js';
import { fork } from 'node:child_process';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { WorkerConfig, WorkerOutcome } from './worker.js';

const WORKER = fileURLToPath(new URL('./worker.ts', import.meta.url));
// Bundled once per test run into test-output/ (so drivers resolve from node_modules): each child then
// starts as plain Node instead of compiling TypeScript, which keeps a race of many processes quick.
const BUNDLE = fileURLToPath(new URL(`../../test-output/race-worker-${process.pid}.mjs`, import.meta.url));
let bundled: Promise<unknown> | undefined;

/** Removes the bundled worker; call once after the last race. */
export function removeWorkerBundle(): void {
  rmSync(BUNDLE, { force: true });
  rmSync(`${BUNDLE}.map`, { force: true });
}

export interface RaceResult {
  outcomes: WorkerOutcome[];
  /** How far apart (ms, wall clock) the workers started their calls, and the span until the last finished. */
  startSpreadMs: number;
  totalMs: number;
}

export async function race(configs: WorkerConfig[]): Promise<RaceResult> {
  bundled ??= build({ entryPoints: [WORKER], outfile: BUNDLE, bundle: true, platform: 'node', format: 'esm', packages: 'external', logLevel: 'error' });
  await bundled;
  const children = configs.map((config) =>
    fork(BUNDLE, [JSON.stringify(config)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }),
  );
  type Message = { type: string; outcomes?: WorkerOutcome[]; startedAt?: number; endedAt?: number };
  const message = (child: (typeof children)[number], type: string) => childMessage<{ type: string } & Message>(child, type);
  try {
    await Promise.all(children.map((c) => message(c, 'ready')));
    const done = children.map((c) => message(c, 'done'));
    // The start barrier: every worker is connected; all start at one wall-clock moment shortly ahead.
    const at = Date.now() + 150;
    for (const c of children) c.send({ type: 'go', at });
    const results = await Promise.all(done);
    await Promise.all(children.map((c) => (c.exitCode !== null ? null : new Promise((r) => c.once('exit', r)))));
    const starts = results.map((r) => r.startedAt ?? 0);
    const ends = results.map((r) => r.endedAt ?? 0);
    return {
      outcomes: results.flatMap((r) => r.outcomes ?? []),
      startSpreadMs: Math.max(...starts) - Math.min(...starts),
      totalMs: Math.max(...ends) - Math.min(...starts),
    };
  } finally {
    for (const c of children) if (c.exitCode === null) c.kill();
  }
}

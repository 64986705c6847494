/**
 * Runs the cross-process race: forks worker.ts processes (bundled), waits until each has its own connection
 * open, releases them all at once with one `go` message each, and collects their outcomes.
 */
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

export async function race(configs: WorkerConfig[]): Promise<WorkerOutcome[]> {
  bundled ??= build({ entryPoints: [WORKER], outfile: BUNDLE, bundle: true, platform: 'node', format: 'esm', packages: 'external', logLevel: 'error' });
  await bundled;
  const children = configs.map((config) =>
    fork(BUNDLE, [JSON.stringify(config)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }),
  );
  const message = (child: (typeof children)[number], type: string): Promise<{ outcomes?: WorkerOutcome[] }> =>
    new Promise((resolve, reject) => {
      const onMessage = (m: { type: string; outcomes?: WorkerOutcome[] }): void => {
        if (m.type !== type) return;
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolve(m);
      };
      const onExit = (code: number | null): void => reject(new Error(`worker exited with ${code} before '${type}'`));
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  try {
    await Promise.all(children.map((c) => message(c, 'ready')));
    const done = children.map((c) => message(c, 'done'));
    for (const c of children) c.send({ type: 'go' }); // the start barrier
    const results = await Promise.all(done);
    await Promise.all(children.map((c) => (c.exitCode !== null ? null : new Promise((r) => c.once('exit', r)))));
    return results.flatMap((r) => r.outcomes ?? []);
  } finally {
    for (const c of children) if (c.exitCode === null) c.kill();
  }
}

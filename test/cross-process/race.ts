/**
 * Runs the cross-process race: forks worker.ts processes, waits until each has its own connection
 * open, releases them all at once with one `go` message each, and collects their outcomes.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { WorkerConfig, WorkerOutcome } from './worker.js';

const WORKER = fileURLToPath(new URL('./worker.ts', import.meta.url));

export async function race(configs: WorkerConfig[]): Promise<WorkerOutcome[]> {
  const children = configs.map((config) =>
    fork(WORKER, [JSON.stringify(config)], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }),
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

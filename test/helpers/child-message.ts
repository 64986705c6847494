// Waiting for one message of a forked worker, failing if it exits first: the start barrier of the
// cross-process tests.
import type { ChildProcess } from 'node:child_process';

/**
 * Resolves with the first message of `type` from `child`; rejects if the child exits before it.
 * @example
 * ```ts
 * await Promise.all(children.map((c) => childMessage(c, 'ready')));
 * ```
 */
export function childMessage<M extends { type: string }>(child: ChildProcess, type: string): Promise<M> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: M): void => {
      if (m.type !== type) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(m);
    };
    const onExit = (code: number | null): void => reject(new Error(`worker exited with ${code} before '${type}'`));
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

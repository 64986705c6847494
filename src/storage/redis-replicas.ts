/**
 * The Redis store's opt-in wait for replicas. Redis replicates asynchronously: a write the primary
 * acknowledged can be lost when a replica is promoted (a Sentinel failover, a frozen primary), and
 * the lost write may be the record of a used code or of a failed attempt, so the code passes again
 * and the failure is forgotten. With `waitForReplicas: { replicas, timeoutMs }` every write is
 * followed, on the same connection and in the same pipeline, by `WAIT replicas timeoutMs`; fewer
 * acknowledgements make the call `STORE_UNAVAILABLE`, never `ok`. Internal; used by `redis.ts`.
 * @module
 */
import { assertOption } from '../errors.js';

/** Options of the replica wait: how many replicas must hold a write, and for how long to wait. */
export interface WaitForReplicas {
  /** Replicas that must acknowledge each write: every replica Sentinel (or Cluster) may promote. 1-100. */
  replicas: number;
  /** How long `WAIT` may block, in ms (1-60,000); a write not acknowledged by then fails closed. */
  timeoutMs: number;
}

/**
 * A checked copy of the option (own properties read once), or `null` when it is absent.
 * @example
 * ```ts
 * checkWaitForReplicas({ replicas: 1, timeoutMs: 500 }); // { replicas: 1, timeoutMs: 500 }
 * ```
 */
export function checkWaitForReplicas(value: unknown): WaitForReplicas | null {
  if (value === undefined) return null;
  assertOption(typeof value === 'object' && value !== null, 'waitForReplicas', 'an object { replicas, timeoutMs }');
  const { replicas, timeoutMs } = value as Record<string, unknown>;
  assertOption(Number.isSafeInteger(replicas) && (replicas as number) >= 1 && (replicas as number) <= 100,
    'waitForReplicas', 'replicas an integer from 1 to 100');
  assertOption(Number.isSafeInteger(timeoutMs) && (timeoutMs as number) >= 1 && (timeoutMs as number) <= 60_000,
    'waitForReplicas', 'timeoutMs an integer from 1 to 60000');
  return { replicas: replicas as number, timeoutMs: timeoutMs as number };
}

/**
 * Throws (for the caller to turn into `STORE_UNAVAILABLE`) unless `reply`, the answer to `WAIT`,
 * counts at least `wait.replicas` acknowledgements.
 * @example
 * ```ts
 * checkAcknowledged(1, { replicas: 1, timeoutMs: 500 }); // ok
 * checkAcknowledged(0, { replicas: 1, timeoutMs: 500 }); // throws
 * ```
 */
export function checkAcknowledged(reply: unknown, wait: WaitForReplicas): void {
  if (reply instanceof Error) throw reply;
  const acked = Number(reply);
  if (!(acked >= wait.replicas)) {
    throw new Error(`WAIT: ${Number.isFinite(acked) ? acked : 'no'} of ${wait.replicas} replicas acknowledged the write within ${wait.timeoutMs} ms`);
  }
}

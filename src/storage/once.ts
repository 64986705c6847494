/**
 * A set-up step run once per store (creating a table, checking a server setting), retried on the
 * next call if it failed.
 * @module
 */

/**
 * Memoises an async set-up step that is retried on the next call if it failed.
 * @example
 * ```ts
 * const ready = once(() => pool.query('CREATE TABLE IF NOT EXISTS t (id int)'));
 * await ready(); await ready(); // runs the query once
 * ```
 */
export function once(step: () => Promise<void>): () => Promise<void> {
  let pending: Promise<void> | undefined;
  return () => {
    pending ??= step().catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
}

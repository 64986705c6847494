/**
 * Conflicts a SQL database reports as errors. PostgreSQL above READ COMMITTED cancels a statement
 * that meets a concurrent update (`40001`, `serialization_failure`) or a deadlock (`40P01`); SQLite
 * refuses a statement while another connection holds the lock it needs (`SQLITE_BUSY*`). In every
 * case the database rolled the statement back: it wrote nothing. A write that meets one is a lost
 * compare-and-set (`put` / `delete` return `false`, and the service re-reads and retries with its
 * backoff); a read has no such answer (`null` would say "not enrolled", which fails open), so it is
 * retried here, asynchronously and a bounded number of times, before it fails closed with
 * `STORE_UNAVAILABLE`. Internal; not a public entry.
 * @module
 */

/**
 * Attempts of a read that meets a conflict, the first included.
 * @example
 * ```ts
 * READ_ATTEMPTS; // 20: after that many busy answers a get rejects with STORE_UNAVAILABLE
 * ```
 */
export const READ_ATTEMPTS = 20;
/** Longest pause between two attempts, ms; the whole budget is about 400 ms at most. */
const MAX_PAUSE_MS = 25;

/** The string `code` of a driver error, if it has one. */
function codeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  try {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' ? code : undefined;
  } catch {
    return undefined; // a throwing getter on a foreign error object
  }
}

/**
 * Whether a PostgreSQL error is a serialization failure (`40001`) or a deadlock (`40P01`).
 * @example
 * ```ts
 * isPostgresConflict({ code: '40001' }); // true
 * isPostgresConflict({ code: '57P01' }); // false: the server is going away
 * ```
 */
export function isPostgresConflict(error: unknown): boolean {
  const code = codeOf(error);
  return code === '40001' || code === '40P01';
}

/**
 * Whether a `better-sqlite3` error is `SQLITE_BUSY` or one of its extended codes (`SQLITE_BUSY_SNAPSHOT`, ...).
 * @example
 * ```ts
 * isSqliteBusy({ code: 'SQLITE_BUSY' }); // true
 * isSqliteBusy({ code: 'SQLITE_CORRUPT' }); // false
 * ```
 */
export function isSqliteBusy(error: unknown): boolean {
  return codeOf(error)?.startsWith('SQLITE_BUSY') === true;
}

/**
 * Runs `read`; while it throws a conflict (by `isConflict`), waits a short jittered pause without
 * blocking the event loop and runs it again, at most {@link READ_ATTEMPTS} times. Any other error,
 * or the last conflict, is thrown for the caller to map to `STORE_UNAVAILABLE`.
 * @example
 * ```ts
 * const row = await retryReadOnConflict(() => statement.get(userId), isSqliteBusy);
 * ```
 */
export async function retryReadOnConflict<T>(read: () => T | Promise<T>, isConflict: (error: unknown) => boolean): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await read();
    } catch (error) {
      if (attempt >= READ_ATTEMPTS || !isConflict(error)) throw error;
    }
    const ms = Math.random() * Math.min(2 ** attempt, MAX_PAUSE_MS);
    await new Promise((resolve) => setTimeout(resolve, ms));
  }
}

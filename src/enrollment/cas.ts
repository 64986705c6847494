/**
 * The compare-and-set loop of the service: read the record, decide, write only if nobody wrote in
 * between, else read again (jittered backoff), at most `policy.maxWriteAttempts` times.
 * @module
 */
import { storeUnavailable } from '../storage/store-error.js';
import { OtpError } from '../errors.js';
import { type Json, MAX_GET_MANY, type MfaStore, type Versioned } from '../storage/types.js';

/** What a decision asks for: to write `next` (`null` deletes the record), or nothing, and its result. */
export interface Decision<T> {
  write: boolean;
  next: Json | null;
  result: T;
}

/**
 * Returned when every attempt lost to a concurrent writer: nothing was changed.
 * @example
 * ```ts
 * if ((await compareAndSet(store, id, 20, decide)) === BUSY) return { ok: false, reason: 'busy' };
 * ```
 */
export const BUSY: unique symbol = Symbol('busy');

/**
 * Every store call goes through here: a failure becomes `STORE_UNAVAILABLE` with a scrubbed cause
 * (the driver error's name, code and message only), so no record content rides along.
 * @example
 * ```ts
 * const loaded = await storeCall(() => store.get(userId));
 * ```
 */
export async function storeCall<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (cause) {
    throw storeUnavailable('MFA', cause);
  }
}

/**
 * A store's answer for one record, checked: a record with its version, or `null` for none. Anything else
 * (`undefined` from a hand-written adapter's `rows.find(...)`, say) is `STORE_UNAVAILABLE`, not "no record".
 * @example
 * ```ts
 * const loaded = storedOrNull(await storeCall(() => store.get(userId)));
 * ```
 */
export function storedOrNull(answer: unknown): Versioned<Json> | null {
  if (answer === null || (typeof answer === 'object' && answer !== null && 'record' in answer)) return answer as Versioned<Json> | null;
  throw new OtpError('STORE_UNAVAILABLE', 'MFA store answered something that is neither a record nor null');
}

/** Concurrent `get`s per batch on a store without `getMany`. */
const GET_BATCH = 50;

/**
 * Reads records by id, in the order asked: `getMany` in batches of {@link MAX_GET_MANY} where the store has
 * it, else batches of parallel `get`s. A store answering the wrong count, or for an id neither a record nor
 * `null`, is `STORE_UNAVAILABLE`.
 * @example
 * ```ts
 * const [a, b] = await readMany(store, ['u1', 'u2']);
 * ```
 */
export async function readMany(store: MfaStore, ids: readonly string[]): Promise<(Versioned<Json> | null)[]> {
  const out: (Versioned<Json> | null)[] = [];
  const batch = store.getMany ? MAX_GET_MANY : GET_BATCH;
  for (let i = 0; i < ids.length; i += batch) {
    const slice = ids.slice(i, i + batch);
    const got = store.getMany
      ? await storeCall(() => store.getMany!(slice))
      : await storeCall(() => Promise.all(slice.map((id) => store.get(id))));
    if (!Array.isArray(got) || got.length !== slice.length) {
      throw new OtpError('STORE_UNAVAILABLE', 'MFA store getMany answered a different number of records than asked');
    }
    for (const answer of got) out.push(storedOrNull(answer));
  }
  return out;
}

/**
 * Runs `decide` on the current record and writes its decision with compare-and-set, retrying on conflict.
 * `context` is handed to `decide`, so a caller can pass one function made once instead of a closure per call.
 * @example
 * ```ts
 * const r = await compareAndSet(store, 'u1', 20, (loaded) => ({ write: loaded !== null, next: null, result: 'gone' }));
 * if (r === BUSY) return { ok: false, reason: 'busy' };
 * ```
 */
export async function compareAndSet<T, C = undefined>(
  store: MfaStore,
  userId: string,
  maxWriteAttempts: number,
  decide: (loaded: Versioned<Json> | null, context: C) => Decision<T> | Promise<Decision<T>>,
  context?: C,
): Promise<T | typeof BUSY> {
  // Store calls are awaited inline (not through storeCall's closure): this loop is the sign-in hot path.
  for (let attempt = 0; attempt < maxWriteAttempts; attempt++) {
    if (attempt > 0) await backoff(attempt);
    let loaded: Versioned<Json> | null;
    try {
      loaded = await store.get(userId);
    } catch (cause) {
      throw storeUnavailable('MFA', cause);
    }
    const pending = decide(loaded, context as C);
    const d = pending instanceof Promise ? await pending : pending;
    if (!d.write) return d.result;
    let written: boolean;
    try {
      if (d.next !== null) written = (await store.put(userId, d.next, loaded === null ? null : loaded.version)) === true;
      else written = loaded === null || (await store.delete(userId, loaded.version)) === true;
    } catch (cause) {
      throw storeUnavailable('MFA', cause);
    }
    if (written) return d.result;
  }
  return BUSY;
}

/** Jittered exponential backoff between compare-and-set attempts, so contenders spread out. */
function backoff(attempt: number): Promise<void> {
  const ms = Math.random() * Math.min(2 ** attempt, 25);
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * `migrateSecrets`: the bulk job that turns encryption on for a store written without it, and finishes a
 * key rotation. It walks `store.list` pages, seals base32 text secrets and re-wraps envelopes the cipher
 * calls not current, with one compare-and-set per record: a record a sign-in changed meanwhile is read
 * again and sealed on its fresh content, so nothing the service wrote is lost.
 * @module
 */
import { OtpError, type OtpErrorCode, assertOption } from '../errors.js';
import { snapshotOptions } from '../options.js';
import { secretKey } from '../secret.js';
import { type Json, type ListedRecord, MAX_LIST_LIMIT, type MfaStore, type Versioned } from '../storage/types.js';
import { isReservedId } from '../user-id.js';
import { storeCall } from './cas.js';
import type { SecretBinding, SecretCipher } from './cipher.js';
import { type MfaRecord, type StoredSecret, parseRecord, recordToJson } from './record.js';

/** Counts so far, and where to resume. Each record scanned is counted in exactly one of the other five. */
export interface MigrateSecretsProgress {
  /** Records listed, the store's `unreadable` rows included (repeats of a Redis `SCAN` too). */
  scanned: number;
  /** Records that held at least one base32 text secret, now sealed (any old envelope beside it re-wrapped too). */
  sealed: number;
  /** Records whose envelopes were re-wrapped under the current key id and binding (no text secret). */
  rewrapped: number;
  /** Records already sealed as the cipher seals today, records without a secret, and records deleted meanwhile. */
  unchanged: number;
  /** The library's own records (ids beginning with U+FDD0): never parsed, never written. */
  skipped: number;
  /** Records left as they were because they could not be migrated; see `failures`. */
  failed: number;
  /** Pass it as `cursor` to resume after the pages done so far; `null` once the walk is over. */
  cursor: string | null;
}

/** Why a record was not migrated. Never a secret or a cause from the cipher. */
export interface MigrationFailure {
  userId: string;
  /**
   * `invalid-record`: the record does not parse (or the store cannot read it back: a page's `unreadable`),
   * or a text secret is not base32; `decrypt-failed`: an
   * envelope did not open (unknown key id, another binding, tampered; or the cipher's `isCurrent` threw on it);
   * `encrypt-failed`: the cipher threw
   * while sealing; `plaintext`: a text secret with `acceptPlaintext: false`; `busy`: every write lost to
   * concurrent writers.
   */
  reason: 'invalid-record' | 'decrypt-failed' | 'encrypt-failed' | 'plaintext' | 'busy';
}

/** What `migrateSecrets` returns: the totals of this run (from `cursor`, when resumed) and its failures. */
export interface MigrateSecretsResult extends MigrateSecretsProgress {
  /** The failed records, in the order met: the first {@link MAX_LISTED_FAILURES}; `failed` counts all. */
  failures: MigrationFailure[];
}

/** Options of {@link migrateSecrets}. */
export interface MigrateSecretsOptions {
  /** A store with `list` (every adapter of this package has one). */
  store: MfaStore;
  /** The cipher the service uses, with every old key id that records may still name. */
  cipher: SecretCipher;
  /** Resume: the `cursor` of the last `onProgress` call. Default: from the start. */
  cursor?: string | null;
  /** Records per `list` page, 1 to 1000; default 100. */
  pageSize?: number;
  /** Records of a page migrated at once, 1 to 64; default 8. */
  concurrency?: number;
  /** Compare-and-set attempts per record before it counts as `busy`, 1 to 100; default 20. */
  maxWriteAttempts?: number;
  /**
   * Seal base32 text secrets; default true (the job that turns encryption on). Pass false for a rotation
   * run once every record is sealed: a text secret then is a failure (`plaintext`), not sealed, since the
   * service with a cipher (and without `acceptPlaintext`) never writes one.
   */
  acceptPlaintext?: boolean;
  /** Throw at the first failure (`OtpError` naming the user id) instead of counting it and going on. */
  stopOnFailure?: boolean;
  /** Called after each page with the counts so far and the cursor to resume from; awaited. */
  onProgress?: (progress: MigrateSecretsProgress) => void | Promise<void>;
}

/**
 * How many failures `migrateSecrets` lists (it counts all of them).
 * @example
 * ```ts
 * if (result.failed > MAX_LISTED_FAILURES) console.warn('only the first failures are listed; fix them and run again');
 * ```
 */
export const MAX_LISTED_FAILURES = 1000;

type Slot = 'active' | 'pending';
type Outcome = 'sealed' | 'rewrapped' | 'unchanged' | MigrationFailure['reason'];
type Plan = { outcome: Outcome; next?: Json };

class Failure {
  constructor(readonly reason: MigrationFailure['reason']) {}
}

const CODES: Record<MigrationFailure['reason'], OtpErrorCode> = {
  'invalid-record': 'INVALID_RECORD',
  plaintext: 'INVALID_RECORD',
  'decrypt-failed': 'DECRYPT_FAILED',
  'encrypt-failed': 'DECRYPT_FAILED',
  busy: 'BUSY',
};

const pause = (attempt: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(2 ** attempt, 25)));

function intOption(value: unknown, fallback: number, field: string, max: number): number {
  const n = value ?? fallback;
  assertOption(typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= max, field, `an integer from 1 to ${max}`);
  return n;
}

/**
 * Seals every plaintext secret of a store and re-wraps every envelope under the cipher's current key id,
 * one compare-and-set per record, while the service keeps running. Idempotent (a second run writes
 * nothing) and resumable (pass the last progress `cursor`). Deploy the service with the cipher and
 * `acceptPlaintext: true` first, run this, then turn `acceptPlaintext` off.
 *
 * @throws OtpError `INVALID_OPTION` for bad options or a store without `list`; `STORE_UNAVAILABLE` when the
 * store fails (resume from the last cursor); with `stopOnFailure`, the first failure's code
 * (`INVALID_RECORD`, `DECRYPT_FAILED` or `BUSY`). No error carries a secret.
 * @example
 * ```ts
 * import { aesGcmCipher, migrateSecrets } from 'totp-enroll';
 * const cipher = aesGcmCipher({ keys: { '2026-01': process.env.MFA_KEY! }, currentKeyId: '2026-01' });
 * const result = await migrateSecrets({
 *   store,
 *   cipher,
 *   cursor: await loadCheckpoint(),
 *   onProgress: (p) => saveCheckpoint(p.cursor),
 * });
 * console.log(result); // { scanned: 10000, sealed: 9990, rewrapped: 0, unchanged: 0, skipped: 2, failed: 8, failures: [...], cursor: null }
 * ```
 */
export async function migrateSecrets(options: MigrateSecretsOptions): Promise<MigrateSecretsResult> {
  assertOption(typeof options === 'object' && options !== null, 'options', 'an object with store and cipher');
  const o = snapshotOptions(options, [
    'store', 'cipher', 'cursor', 'pageSize', 'concurrency', 'maxWriteAttempts', 'acceptPlaintext', 'stopOnFailure', 'onProgress',
  ] as const);
  const store = o.store as MfaStore;
  assertOption(typeof store?.get === 'function' && typeof store.put === 'function', 'store', 'an MfaStore');
  assertOption(typeof store.list === 'function', 'store', 'a store with list (walking the records needs it)');
  const cipher = o.cipher as SecretCipher;
  assertOption(
    typeof cipher?.encrypt === 'function' && typeof cipher.decrypt === 'function' && typeof cipher.isCurrent === 'function',
    'cipher',
    'a SecretCipher (encrypt, decrypt, isCurrent)',
  );
  const start = o.cursor ?? null;
  assertOption(start === null || (typeof start === 'string' && start.length > 0), 'cursor', 'a cursor from onProgress, or null');
  const pageSize = intOption(o.pageSize, 100, 'pageSize', MAX_LIST_LIMIT);
  const concurrency = intOption(o.concurrency, 8, 'concurrency', 64);
  const maxWriteAttempts = intOption(o.maxWriteAttempts, 20, 'maxWriteAttempts', 100);
  const acceptPlaintext = o.acceptPlaintext ?? true;
  assertOption(typeof acceptPlaintext === 'boolean', 'acceptPlaintext', 'a boolean');
  const stopOnFailure = o.stopOnFailure ?? false;
  assertOption(typeof stopOnFailure === 'boolean', 'stopOnFailure', 'a boolean');
  const onProgress = o.onProgress as MigrateSecretsOptions['onProgress'];
  assertOption(onProgress === undefined || typeof onProgress === 'function', 'onProgress', 'a function');

  /** The stored form of one secret under today's cipher, or the same value when it already is. */
  async function migrateSecret(stored: StoredSecret, binding: SecretBinding): Promise<StoredSecret> {
    let plain: string;
    if (typeof stored === 'string') {
      if (!acceptPlaintext) throw new Failure('plaintext');
      try {
        secretKey(stored, 1, 'secret').fill(0); // base32, or the record is broken: sealing would hide it
      } catch {
        throw new Failure('invalid-record');
      }
      plain = stored;
    } else {
      try {
        if (cipher.isCurrent(stored)) return stored;
        plain = await cipher.decrypt(stored, binding);
      } catch {
        throw new Failure('decrypt-failed'); // the cause is dropped: a custom cipher's error may quote anything
      }
    }
    try {
      return await cipher.encrypt(plain, binding);
    } catch {
      throw new Failure('encrypt-failed');
    }
  }

  /** What to write for one record (pure apart from the cipher). */
  async function plan(userId: string, json: Json): Promise<Plan> {
    let record: MfaRecord;
    try {
      record = parseRecord(json);
    } catch {
      return { outcome: 'invalid-record' };
    }
    const slots: [Slot, StoredSecret, number][] = [];
    if (record.active) slots.push(['active', record.active.secret, record.active.enabledAt]);
    if (record.pending) slots.push(['pending', record.pending.secret, record.pending.createdAt]);
    let changed = false;
    let hadText = false;
    const next: Partial<Record<Slot, StoredSecret>> = {};
    try {
      for (const [factor, stored, createdAt] of slots) {
        const sealed = await migrateSecret(stored, { userId, factor, createdAt });
        if (typeof stored === 'string') hadText = true;
        if (sealed !== stored) changed = true;
        next[factor] = sealed;
      }
    } catch (e) {
      if (e instanceof Failure) return { outcome: e.reason };
      throw e;
    }
    if (!changed) return { outcome: 'unchanged' };
    const out: MfaRecord = {
      ...record,
      active: record.active && { ...record.active, secret: next.active! },
      pending: record.pending && { ...record.pending, secret: next.pending! },
    };
    return { outcome: hadText ? 'sealed' : 'rewrapped', next: recordToJson(out) as Json };
  }

  /** One compare-and-set per record; on a conflict the record is read again and planned on its fresh content. */
  async function migrateRecord(item: ListedRecord<Json>): Promise<Outcome> {
    let loaded: Versioned<Json> | null = item;
    for (let attempt = 0; attempt < maxWriteAttempts; attempt++) {
      if (attempt > 0) {
        await pause(attempt);
        loaded = await storeCall(() => store.get(item.userId));
      }
      if (loaded === null) return 'unchanged'; // deleted meanwhile: nothing left to seal
      const p = await plan(item.userId, loaded.record);
      if (p.next === undefined) return p.outcome;
      const version = loaded.version;
      if (await storeCall(() => store.put(item.userId, p.next!, version))) return p.outcome;
    }
    return 'busy';
  }

  const totals: MigrateSecretsResult = { scanned: 0, sealed: 0, rewrapped: 0, unchanged: 0, skipped: 0, failed: 0, cursor: start, failures: [] };
  function count(userId: string, outcome: Outcome): void {
    if (outcome === 'sealed' || outcome === 'rewrapped' || outcome === 'unchanged') {
      totals[outcome]++;
      return;
    }
    if (stopOnFailure) {
      throw new OtpError(CODES[outcome], `migrateSecrets stopped at user ${JSON.stringify(userId)}: ${outcome}`);
    }
    totals.failed++;
    if (totals.failures.length < MAX_LISTED_FAILURES) totals.failures.push({ userId, reason: outcome });
  }

  let cursor = start;
  do {
    const page = await storeCall(() => store.list!({ cursor, limit: pageSize }));
    const queue = page.items.slice();
    const unreadable = Array.isArray(page.unreadable) ? page.unreadable : [];
    totals.scanned += queue.length + unreadable.length;
    // Rows the store cannot read back: counted (never parsed nor written), so the walk goes on past them.
    for (const userId of unreadable) {
      if (isReservedId(userId)) totals.skipped++;
      else count(userId, 'invalid-record');
    }
    const worker = async (): Promise<void> => {
      try {
        for (let item = queue.shift(); item !== undefined; item = queue.shift()) {
          if (isReservedId(item.userId)) totals.skipped++;
          else count(item.userId, await migrateRecord(item));
        }
      } catch (e) {
        queue.length = 0; // the other workers stop after their current record
        throw e;
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, worker));
    cursor = page.cursor;
    totals.cursor = cursor;
    if (onProgress) {
      const { failures: _failures, ...progress } = totals;
      await onProgress(progress);
    }
  } while (cursor !== null);
  return totals;
}

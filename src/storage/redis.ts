/**
 * `totp-enroll/storage/redis`: an {@link MfaStore} on an `ioredis` (5.x) or node-redis (5.x/6.x)
 * client you create: single node, Sentinel or Cluster.
 *
 * Layout: one hash per user at `<prefix><userId>` (default prefix `totp-enroll:mfa:`), so every
 * operation touches exactly one key and works on Redis Cluster (no hash tag is needed or allowed):
 * - `v`: the version, a random 53-bit integer drawn anew by every write (so none comes back after a
 *   delete); it also names the write, so a script re-sent after a reconnect is not applied twice;
 * - `r`: the record as JSON text; absent in a tombstone left by a delete (which expires after `tombstoneTtlMs`);
 * - `t`: in a tombstone only, a random token naming the delete, for the same reason.
 * A record key never has a TTL, so only `allkeys-*` eviction policies can remove it: the store refuses
 * to work on such a server unless `allowEviction: true`.
 * @module
 */
import type { Json, ListOptions, ListPage, ListedRecord, MfaStore, Versioned } from './types.js';
import { OtpError, assertOption } from '../errors.js';
import { snapshotOptions } from '../options.js';
import { checkUserId } from '../user-id.js';
import { type RedisClientLike, redisTransport } from './redis-client.js';
import { readEvictionPolicy, refuseEviction } from './redis-eviction.js';
import { readListOptions, readUserIds } from './list-options.js';
import { checkKeyPrefix } from './redis-prefix.js';
import { decodeCursor, encodeCursor, scanIds, scanTargets } from './redis-scan.js';
import { type WaitForReplicas, checkAcknowledged, checkWaitForReplicas } from './redis-replicas.js';
import { DELETE, PUT, type RedisScript, isNoScript } from './redis-scripts.js';
import { once } from './once.js';
import { parseRecordJson, serialiseRecord } from './record-json.js';
import { storeUnavailable } from './store-error.js';
import { newVersion, parseVersion } from './version.js';

export type {
  IoredisLike,
  NodeRedisClusterLike,
  NodeRedisLike,
  NodeRedisSentinelLike,
  RedisClientLike,
} from './redis-client.js';
export type { WaitForReplicas } from './redis-replicas.js';

/** Options of {@link redisStore}. */
export interface RedisStoreOptions {
  /**
   * A connected client: ioredis `Redis` (also in Sentinel mode) or `Cluster`, or node-redis
   * `createClient()`, `createCluster()` or `createSentinel()`. Bound how long a command may wait while
   * the server is away (ioredis: `maxRetriesPerRequest`, `commandTimeout`; node-redis:
   * `disableOfflineQueue`, `socket.socketTimeout`) so calls fail closed quickly instead of queueing.
   */
  client: RedisClientLike;
  /** Key prefix, 1-64 characters of `A-Z a-z 0-9 _ : . - / | # @` (no `{` `}`: no hash tag); default `totp-enroll:mfa:`. */
  prefix?: string;
  /**
   * How long the tombstone of a deleted record lives (default one day). It only lets a delete the client
   * re-sends after a reconnect be recognised; its expiry (or eviction) is harmless at any time.
   */
  tombstoneTtlMs?: number;
  /**
   * Work on a server whose `maxmemory-policy` is `allkeys-*` (or cannot be read). Default `false`: the
   * first call reads the policy (`CONFIG GET`, else `INFO memory`) and rejects with `INVALID_OPTION`,
   * because such a server deletes MFA records when memory runs out (MFA off, lockouts reset).
   */
  allowEviction?: boolean;
  /**
   * Wait after each write until `replicas` replicas hold it (`WAIT replicas timeoutMs`, in one
   * pipeline with the write, on its connection); fewer acknowledgements reject with
   * `STORE_UNAVAILABLE`. Without it a failover can lose acknowledged writes: used codes pass again,
   * failed attempts are forgotten. Off by default. An ioredis client must then have
   * `autoResendUnfulfilledCommands: false`, so a `WAIT` is never re-sent alone on a new connection.
   */
  waitForReplicas?: WaitForReplicas;
}

/**
 * Creates a store that keeps one Redis hash per user. Compare-and-set runs as one Lua script (sent
 * by `EVALSHA`, with the text only after `NOSCRIPT`), so it is atomic across any number of
 * processes and connections. The first call reads the server's `maxmemory-policy` and rejects with
 * `OtpError('INVALID_OPTION')` (field `allowEviction`) under `allkeys-*` unless `allowEviction: true`;
 * the check is repeated until it passes. Every client or server error, and with `waitForReplicas`
 * a write too few replicas acknowledged, rejects with `OtpError('STORE_UNAVAILABLE')`, whose cause
 * keeps the error's name, code and message only (never the command's arguments, which hold the record).
 *
 * `list` walks with `SCAN MATCH <prefix>* TYPE hash` (Redis 6+) on every master (of a Cluster: each,
 * the cursor naming which), skipping tombstones, and reads a page's records with all their `HMGET`s in
 * flight at once. As `SCAN` does, it returns every record present for the whole walk at least once, in
 * no order, and may return one again on a later page (never twice on one page); a reshard or failover
 * during a walk may skip or repeat records. `getMany` sends all its `HMGET`s at once (one round-trip per
 * node). Keys under the prefix belong to this store: use a prefix no other store's prefix begins with.
 *
 * @example
 * ```ts
 * import { Redis } from 'ioredis';
 * import { createMfa } from 'totp-enroll';
 * import { redisStore } from 'totp-enroll/storage/redis';
 *
 * const client = new Redis(process.env.REDIS_URL!, { maxRetriesPerRequest: 1, commandTimeout: 5000 });
 * const mfa = createMfa({ store: redisStore({ client }), issuer: 'Example' });
 * ```
 */
export function redisStore<R = Json>(options: RedisStoreOptions): MfaStore<R> {
  // Read once, before anything is checked.
  const o = snapshotOptions(options, ['client', 'prefix', 'tombstoneTtlMs', 'allowEviction', 'waitForReplicas'] as const);
  const prefix = checkKeyPrefix(o.prefix ?? 'totp-enroll:mfa:');
  const ttl = o.tombstoneTtlMs ?? 86_400_000;
  assertOption(Number.isSafeInteger(ttl) && (ttl as number) >= 60_000, 'tombstoneTtlMs', 'an integer >= 60000');
  const allowEviction = o.allowEviction ?? false;
  assertOption(typeof allowEviction === 'boolean', 'allowEviction', 'a boolean');
  const wait = checkWaitForReplicas(o.waitForReplicas as RedisStoreOptions['waitForReplicas']);
  const client = o.client as RedisStoreOptions['client'];
  const transport = redisTransport(client);
  if (wait) checkClientForWait(client, transport.pipeline !== null);
  const checked = once(async () => {
    if (!allowEviction) refuseEviction(await readEvictionPolicy((name, args) => transport.send(name, args)));
  });
  const ttlText = String(ttl);
  const waitArgs = wait ? ['WAIT', String(wait.replicas), String(wait.timeoutMs)] : null;
  const key = (userId: string): string => {
    checkUserId(userId);
    return prefix + userId;
  };
  /** Sends one command after the eviction check; a failure is `STORE_UNAVAILABLE`, `sent` redacted from it. */
  const command = async (name: string, args: string[], k: string): Promise<unknown> => {
    await checked();
    try {
      return await transport.send(name, args, k);
    } catch (cause) {
      throw storeUnavailable('Redis', cause);
    }
  };
  /** The `HMGET key v r` replies of `userIds`: every one sent at once, so one round-trip per node. */
  const hmgetAll = (userIds: readonly string[]): Promise<unknown[]> =>
    Promise.all(userIds.map((id) => command('HMGET', [prefix + id, 'v', 'r'], prefix + id)));
  /** The records of `userIds` (`null` where none). */
  const readMany = async (userIds: readonly string[]): Promise<(Versioned<R> | null)[]> =>
    (await hmgetAll(userIds)).map((reply) => versioned<R>(reply));
  /** Runs a script by its SHA-1, and by its text once the server says NOSCRIPT; then WAIT if asked. */
  const evaluate = async (script: RedisScript, k: string, args: string[], sent: string[]): Promise<unknown> => {
    await checked();
    try {
      if (!waitArgs) {
        try {
          return await transport.send('EVALSHA', [script.sha, '1', k, ...args], k);
        } catch (error) {
          if (!isNoScript(error)) throw error;
          return await transport.send('EVAL', [script.text, '1', k, ...args], k);
        }
      }
      let replies = await transport.pipeline!([['EVALSHA', script.sha, '1', k, ...args], waitArgs], k);
      if (isNoScript(replies[0])) replies = await transport.pipeline!([['EVAL', script.text, '1', k, ...args], waitArgs], k);
      if (replies[0] instanceof Error) throw replies[0];
      checkAcknowledged(replies[1], wait!);
      return replies[0];
    } catch (cause) {
      throw storeUnavailable('Redis', cause, sent);
    }
  };

  return {
    async get(userId: string): Promise<Versioned<R> | null> {
      const k = key(userId);
      return versioned(await command('HMGET', [k, 'v', 'r'], k));
    },
    async put(userId: string, record: R, expectedVersion: number | null): Promise<boolean> {
      const k = key(userId);
      const json = serialiseRecord(record);
      const expected = expectedVersion === null ? '' : String(expectedVersion);
      const version = String(newVersion(expectedVersion));
      return Number(await evaluate(PUT, k, [expected, json, version], [json])) === 1;
    },
    async delete(userId: string, expectedVersion: number): Promise<boolean> {
      const k = key(userId);
      const token = String(newVersion(null));
      return Number(await evaluate(DELETE, k, [String(expectedVersion), ttlText, token], [])) === 1;
    },
    async list(options?: ListOptions): Promise<ListPage<R>> {
      const { cursor, limit } = readListOptions(options);
      await checked();
      try {
        const masters = await scanTargets(client, (name, args) => transport.send(name, args));
        const { ids, next } = await scanIds(masters, decodeCursor(cursor, masters.length), prefix, limit);
        const replies = await hmgetAll(ids);
        const items: ListedRecord<R>[] = [];
        const unreadable: string[] = [];
        for (const [i, reply] of replies.entries()) {
          let found: Versioned<R> | null;
          try {
            found = versioned<R>(reply);
          } catch (e) {
            // A damaged hash (INVALID_RECORD, without its text) is named, so the walk goes on past it.
            if (!(e instanceof OtpError) || e.code !== 'INVALID_RECORD') throw e;
            unreadable.push(ids[i]!);
            continue;
          }
          if (found) items.push({ userId: ids[i]!, ...found });
        }
        const cursorOut = encodeCursor(next, masters.length);
        return unreadable.length > 0 ? { items, unreadable, cursor: cursorOut } : { items, cursor: cursorOut };
      } catch (cause) {
        if (cause instanceof OtpError) throw cause;
        throw storeUnavailable('Redis', cause);
      }
    },
    async getMany(userIds: readonly string[]): Promise<(Versioned<R> | null)[]> {
      return readMany(readUserIds(userIds));
    },
  };
}

/** A `HMGET key v r` reply as a record, `null` for no key or a tombstone (no `r`). */
function versioned<R>(reply: unknown): Versioned<R> | null {
  const [version, record] = Array.isArray(reply) ? (reply as unknown[]) : [];
  return record === null || record === undefined ? null : { record: parseRecordJson<R>(record), version: parseVersion(version) };
}

/**
 * `waitForReplicas` needs the write and its WAIT on one connection: a client that can pipeline, and
 * for ioredis one that never re-sends an unanswered WAIT alone on a new connection (where it would
 * count replicas of nothing, on maybe another primary).
 */
function checkClientForWait(client: RedisClientLike, canPipeline: boolean): void {
  if (!canPipeline) {
    throw new OtpError('INVALID_OPTION', 'waitForReplicas needs a client that pipelines (ioredis pipeline(), node-redis multi())', {
      field: 'waitForReplicas',
    });
  }
  const options = (client as { options?: { autoResendUnfulfilledCommands?: unknown; redisOptions?: { autoResendUnfulfilledCommands?: unknown } } }).options;
  if (!('call' in client) || typeof options !== 'object' || options === null) return;
  const resend = options.redisOptions?.autoResendUnfulfilledCommands ?? options.autoResendUnfulfilledCommands;
  if (resend !== false) {
    throw new OtpError(
      'INVALID_OPTION',
      'waitForReplicas with ioredis needs autoResendUnfulfilledCommands: false (in redisOptions for a Cluster): ' +
        'a WAIT re-sent alone after a reconnect would vouch for a write it never saw',
      { field: 'waitForReplicas' },
    );
  }
}

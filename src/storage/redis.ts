/**
 * `totp-enroll/storage/redis`: an {@link MfaStore} on an `ioredis` (5.x) or node-redis (5.x) client you create.
 *
 * Layout: one hash per user at `<prefix><userId>` (default prefix `totp-enroll:mfa:`), so every
 * operation touches exactly one key and works on Redis Cluster:
 * - `v`: the version, a random 53-bit integer drawn anew by every write (so none comes back after a delete);
 * - `r`: the record as JSON text; absent in a tombstone left by a delete (which expires after `tombstoneTtlMs`);
 * - `t`: a random token naming the last write, so a script re-sent after a reconnect is not applied twice.
 * A record key never has a TTL, so only `allkeys-*` eviction policies can remove it: the store refuses
 * to work on such a server unless `allowEviction: true`.
 * @module
 */
import type { Json, MfaStore, Versioned } from './types.js';
import { assertOption } from '../errors.js';
import { checkUserId } from '../user-id.js';
import { readEvictionPolicy, refuseEviction } from './redis-eviction.js';
import { checkKeyPrefix, once, parseRecordJson, serialiseRecord } from './shared.js';
import { storeUnavailable } from './store-error.js';
import { newVersion, parseVersion } from './version.js';

/** The part of an `ioredis` `Redis` or `Cluster` client this adapter uses. */
export interface IoredisLike {
  call(command: string, args: (string | number)[]): Promise<unknown>;
}

/** The part of a node-redis 5 client (`createClient()`) this adapter uses. */
export interface NodeRedisLike {
  sendCommand(args: string[]): Promise<unknown>;
}

/** Options of {@link redisStore}. */
export interface RedisStoreOptions {
  /**
   * A connected client. With ioredis, bound how long a command may wait while the server is away
   * (`maxRetriesPerRequest`, `commandTimeout`) so calls fail closed quickly instead of queueing.
   */
  client: IoredisLike | NodeRedisLike;
  /** Key prefix, 1-64 characters of `A-Z a-z 0-9 _ : . - { } / | # @`; default `totp-enroll:mfa:`. */
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
}

// Insert (ARGV[1] == '') fills an empty or tombstoned slot; update needs the stored version to equal ARGV[1].
// ARGV[4] is the new version. ARGV[3] is a token unique to this call: a client that re-sends the
// script after a reconnect (ioredis does by default) gets 1 again instead of a false conflict that
// would make the service count the same attempt twice.
const PUT = `local cur = redis.call('HMGET', KEYS[1], 'v', 'r', 't')
if cur[3] == ARGV[3] then return 1 end
if ARGV[1] == '' then
  if cur[2] then return 0 end
elseif (not cur[2]) or cur[1] ~= ARGV[1] then
  return 0
end
redis.call('HSET', KEYS[1], 'v', ARGV[4], 'r', ARGV[2], 't', ARGV[3])
redis.call('PERSIST', KEYS[1])
return 1`;

// Leaves a tombstone holding only the token, so a re-sent delete is recognised; versions are random,
// so nothing depends on the tombstone once that window is over.
const DELETE = `local cur = redis.call('HMGET', KEYS[1], 'v', 'r', 't')
if cur[3] == ARGV[3] then return 1 end
if (not cur[2]) or cur[1] ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 't', ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1`;

/** 128 random bits as hex: identifies one write so a re-sent script is recognised. */
function writeToken(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Creates a store that keeps one Redis hash per user. Compare-and-set runs as one Lua script, so it
 * is atomic across any number of processes and connections. The first call reads the server's
 * `maxmemory-policy` and rejects with `OtpError('INVALID_OPTION')` (field `allowEviction`) under
 * `allkeys-*` unless `allowEviction: true`; the check is repeated until it passes. Every client or
 * server error rejects with `OtpError('STORE_UNAVAILABLE')`, whose cause keeps the error's name, code
 * and message only (never the command's arguments, which hold the record).
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
  const prefix = checkKeyPrefix(options.prefix ?? 'totp-enroll:mfa:');
  const ttl = options.tombstoneTtlMs ?? 86_400_000;
  assertOption(Number.isSafeInteger(ttl) && ttl >= 60_000, 'tombstoneTtlMs', 'an integer >= 60000');
  const allowEviction = options.allowEviction ?? false;
  assertOption(typeof allowEviction === 'boolean', 'allowEviction', 'a boolean');
  const { client } = options;
  const send = (command: string, args: string[]): Promise<unknown> =>
    'call' in client ? client.call(command, args) : client.sendCommand([command, ...args]);
  const checked = once(async () => {
    if (!allowEviction) refuseEviction(await readEvictionPolicy(send));
  });
  const key = (userId: string): string => {
    checkUserId(userId);
    return prefix + userId;
  };
  /** Sends one command after the eviction check; a failure is `STORE_UNAVAILABLE`, `sent` redacted from it. */
  const command = async (name: string, args: string[], sent: string[] = []): Promise<unknown> => {
    await checked();
    try {
      return await send(name, args);
    } catch (cause) {
      throw storeUnavailable('Redis', cause, sent);
    }
  };

  return {
    async get(userId: string): Promise<Versioned<R> | null> {
      const k = key(userId);
      const reply = await command('HMGET', [k, 'v', 'r']);
      const [version, record] = Array.isArray(reply) ? (reply as unknown[]) : [];
      return record === null || record === undefined
        ? null
        : { record: parseRecordJson<R>(record), version: parseVersion(version) };
    },
    async put(userId: string, record: R, expectedVersion: number | null): Promise<boolean> {
      const k = key(userId);
      const json = serialiseRecord(record);
      const expected = expectedVersion === null ? '' : String(expectedVersion);
      const version = String(newVersion(expectedVersion));
      const reply = await command('EVAL', [PUT, '1', k, expected, json, writeToken(), version], [json]);
      return Number(reply) === 1;
    },
    async delete(userId: string, expectedVersion: number): Promise<boolean> {
      const k = key(userId);
      const reply = await command('EVAL', [DELETE, '1', k, String(expectedVersion), String(ttl), writeToken()]);
      return Number(reply) === 1;
    },
  };
}

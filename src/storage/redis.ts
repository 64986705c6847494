/**
 * `totp-enroll/storage/redis`: an {@link MfaStore} on an `ioredis` (5.x) or node-redis (5.x) client you create.
 *
 * Layout: one hash per user at `<prefix><userId>` (default prefix `totp-enroll:mfa:`), so every
 * operation touches exactly one key and works on Redis Cluster:
 * - `v`: the version, an integer incremented by every write;
 * - `r`: the record as JSON text; absent in a tombstone left by a delete (which expires after `tombstoneTtlMs`);
 * - `t`: a random token naming the last write, so a script re-sent after a reconnect is not applied twice.
 * @module
 */
import type { Json, MfaStore, Versioned } from './types.js';
import { checkKeyPrefix, checkUserId, guard, parseRecord, parseVersion, serialiseRecord } from './shared.js';
import { assertOption } from '../errors.js';

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
  /** How long the tombstone of a deleted record keeps its version (default one day). */
  tombstoneTtlMs?: number;
}

// Insert (ARGV[1] == '') fills an empty or tombstoned slot; update needs the stored version to equal ARGV[1].
// ARGV[3] is a token unique to this call: a client that re-sends the script after a reconnect
// (ioredis does by default) gets 1 again instead of a false conflict that would make the service
// count the same attempt twice.
const PUT = `local cur = redis.call('HMGET', KEYS[1], 'v', 'r', 't')
if cur[3] == ARGV[3] then return 1 end
if ARGV[1] == '' then
  if cur[2] then return 0 end
elseif (not cur[2]) or cur[1] ~= ARGV[1] then
  return 0
end
redis.call('HINCRBY', KEYS[1], 'v', 1)
redis.call('HSET', KEYS[1], 'r', ARGV[2], 't', ARGV[3])
redis.call('PERSIST', KEYS[1])
return 1`;

// Keeps a tombstone with a bumped version so a record re-created soon after never reuses a version.
const DELETE = `local cur = redis.call('HMGET', KEYS[1], 'v', 'r', 't')
if cur[3] == ARGV[3] then return 1 end
if (not cur[2]) or cur[1] ~= ARGV[1] then return 0 end
redis.call('HINCRBY', KEYS[1], 'v', 1)
redis.call('HDEL', KEYS[1], 'r')
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
 * is atomic across any number of processes and connections. Every client or server error rejects
 * with `OtpError('STORE_UNAVAILABLE')`.
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
  const { client } = options;
  const send = (command: string, args: string[]): Promise<unknown> =>
    'call' in client ? client.call(command, args) : client.sendCommand([command, ...args]);
  const key = (userId: string): string => {
    checkUserId(userId);
    return prefix + userId;
  };

  return {
    async get(userId: string): Promise<Versioned<R> | null> {
      const k = key(userId);
      const reply = await guard('Redis', () => send('HMGET', [k, 'v', 'r']));
      const [version, record] = Array.isArray(reply) ? (reply as unknown[]) : [];
      return record === null || record === undefined
        ? null
        : { record: parseRecord<R>(record), version: parseVersion(version) };
    },
    async put(userId: string, record: R, expectedVersion: number | null): Promise<boolean> {
      const k = key(userId);
      const json = serialiseRecord(record);
      const expected = expectedVersion === null ? '' : String(expectedVersion);
      const reply = await guard('Redis', () => send('EVAL', [PUT, '1', k, expected, json, writeToken()]));
      return Number(reply) === 1;
    },
    async delete(userId: string, expectedVersion: number): Promise<boolean> {
      const k = key(userId);
      const reply = await guard('Redis', () => send('EVAL', [DELETE, '1', k, String(expectedVersion), String(ttl), writeToken()]));
      return Number(reply) === 1;
    },
  };
}

/**
 * The Redis store's check of the server's eviction policy. Under `maxmemory-policy allkeys-*` a Redis
 * that fills up deletes any key, MFA records included: the user silently becomes "not enrolled"
 * (MFA off) and a lock and its failure count are reset, so a guesser gets a fresh budget. Records
 * never expire (a write clears any TTL), so `volatile-*` policies and `noeviction` never evict them;
 * under memory pressure their writes fail closed (`OOM`) instead. Internal; used by `redis.ts`.
 * @module
 */
import { OtpError } from '../errors.js';
import { storeUnavailable } from './store-error.js';

/** Sends one command to the server, as `redis.ts` does for either client. */
export type RedisSend = (command: string, args: string[]) => Promise<unknown>;

/**
 * The server's `maxmemory-policy`: from `CONFIG GET`, or where CONFIG is disabled, renamed or not
 * granted (managed services, ACLs), from the `maxmemory_policy` field of `INFO memory`. `null` when
 * neither tells. Rejects with `STORE_UNAVAILABLE` when the server cannot be reached.
 * @example
 * ```ts
 * await readEvictionPolicy(send); // 'noeviction'
 * ```
 */
export async function readEvictionPolicy(send: RedisSend): Promise<string | null> {
  try {
    const policy = fromConfigReply(await send('CONFIG', ['GET', 'maxmemory-policy']));
    if (policy !== null) return policy;
  } catch {
    // CONFIG refused (unknown command, NOPERM): INFO below, which also tells a dead connection apart.
  }
  let info: unknown;
  try {
    info = await send('INFO', ['memory']);
  } catch (cause) {
    throw storeUnavailable('Redis', cause);
  }
  const text = typeof info === 'string' ? info : info instanceof Uint8Array ? new TextDecoder().decode(info) : '';
  const match = /^maxmemory_policy:([a-z-]+)\s*$/m.exec(text);
  return match ? match[1]! : null;
}

/**
 * Throws `OtpError` `INVALID_OPTION` (field `allowEviction`) when `policy` lets Redis evict MFA
 * records (`allkeys-*`) or is unknown; returns for `noeviction` and `volatile-*`.
 * @example
 * ```ts
 * refuseEviction('noeviction');  // ok
 * refuseEviction('allkeys-lru'); // throws OtpError INVALID_OPTION
 * ```
 */
export function refuseEviction(policy: string | null): void {
  const optOut = 'pass allowEviction: true only if losing MFA records is acceptable to you';
  if (policy === null) {
    throw new OtpError(
      'INVALID_OPTION',
      `Redis store: could not read the server's maxmemory-policy (CONFIG GET and INFO memory told nothing); ` +
        `make sure it is noeviction or volatile-*, then ${optOut}`,
      { field: 'allowEviction' },
    );
  }
  if (policy === 'noeviction' || policy.startsWith('volatile-')) return;
  throw new OtpError(
    'INVALID_OPTION',
    `Redis store: the server's maxmemory-policy is ${policy}: when memory runs out Redis deletes any key, ` +
      `MFA records included, which turns MFA off for those users and resets their lockouts. ` +
      `Use noeviction or a volatile-* policy (MFA records never expire), or a Redis of their own; or ${optOut}`,
    { field: 'allowEviction' },
  );
}

/** `CONFIG GET` answers `[name, value]` (RESP2) or `{ name: value }` / a `Map` (RESP3). */
function fromConfigReply(reply: unknown): string | null {
  let value: unknown;
  if (Array.isArray(reply)) value = reply[1];
  else if (reply instanceof Map) value = reply.get('maxmemory-policy');
  else if (typeof reply === 'object' && reply !== null) value = (reply as Record<string, unknown>)['maxmemory-policy'];
  if (value instanceof Uint8Array) value = new TextDecoder().decode(value);
  return typeof value === 'string' && value !== '' ? value : null;
}

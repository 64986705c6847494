/**
 * The Redis store's two Lua scripts and how they are sent: `EVALSHA` with the script's SHA-1, and
 * `EVAL` with the text only when the server answers `NOSCRIPT` (a new node, a restart, `SCRIPT FLUSH`,
 * a failover), after which the server has it cached again. Sending the text with every write cost
 * about a fifth of a verify's CPU. Internal; used by `redis.ts`.
 * @module
 */
import { sha1 } from '@noble/hashes/legacy.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

/** A Lua script and its SHA-1 (hex), as `EVALSHA` names it. */
export interface RedisScript {
  text: string;
  sha: string;
}

function script(text: string): RedisScript {
  return { text, sha: bytesToHex(sha1(utf8ToBytes(text))) };
}

/**
 * Compare-and-set of one record. ARGV: expected version ('' to insert), record JSON, new version.
 * Insert fills an empty or tombstoned key; update needs the stored version to equal ARGV[1]. The new
 * version (random, 53 bits) also names the write: a client that re-sends the script after a
 * reconnect (ioredis does by default) finds its own version stored and gets 1 again, instead of a
 * false conflict that would make the service count the same attempt twice.
 */
export const PUT = script(`local cur = redis.call('HMGET', KEYS[1], 'v', 'r', 't')
if cur[1] == ARGV[3] and cur[2] then return 1 end
if ARGV[1] == '' then
  if cur[2] then return 0 end
  if cur[3] then redis.call('DEL', KEYS[1]) end
elseif (not cur[2]) or cur[1] ~= ARGV[1] then
  return 0
end
redis.call('HSET', KEYS[1], 'v', ARGV[3], 'r', ARGV[2])
redis.call('PERSIST', KEYS[1])
return 1`);

/**
 * Delete with compare-and-set. ARGV: expected version, tombstone TTL (ms), a token naming this delete.
 * Leaves a tombstone holding only the token, so a re-sent delete is recognised; versions are random,
 * so nothing depends on the tombstone once that window is over.
 */
export const DELETE = script(`local cur = redis.call('HMGET', KEYS[1], 'v', 'r', 't')
if (not cur[2]) and cur[3] == ARGV[3] then return 1 end
if (not cur[2]) or cur[1] ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 't', ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1`);

/** True for the server's answer to `EVALSHA` of a script it does not have cached. */
export function isNoScript(reply: unknown): boolean {
  if (!(reply instanceof Error)) return false;
  return reply.message.startsWith('NOSCRIPT');
}

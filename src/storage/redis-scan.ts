/**
 * The Redis store's walk: `SCAN` on every master (one on a single node or Sentinel group, each master
 * of a Cluster, in the order of their addresses), `MATCH` on the store's prefix with glob characters
 * escaped, `TYPE hash` so keys of other kinds under the prefix are never read, and a cursor that names
 * the master and its `SCAN` cursor. Internal; used by `redis.ts`.
 * @module
 */
import { assertOption } from '../errors.js';
import { checkUserId } from '../user-id.js';
import type { RedisClientLike } from './redis-client.js';

/** Sends one command to one master. */
export type NodeSend = (command: string, args: string[]) => Promise<unknown>;

/** Where a walk stands: master `node` (an index), its `SCAN` cursor, and user ids found but not yet returned. */
export interface ScanPosition {
  node: number;
  scan: string;
  pending: string[];
}

const CURSOR_TAG = 'rs1.';

/**
 * `prefix` as a `SCAN MATCH` pattern that matches keys beginning with it and nothing else.
 * @example
 * ```ts
 * matchPattern('mfa:'); // 'mfa:*'
 * matchPattern('a*b');  // 'a\\*b*'
 * ```
 */
export function matchPattern(prefix: string): string {
  return prefix.replace(/[*?[\]\\^]/g, '\\$&') + '*';
}

/**
 * The masters to scan, each as a way to send it a command: every master of an ioredis `Cluster` or a
 * node-redis `createCluster()`, sorted by address so each call sees them in one order; else the one node
 * `send` reaches (a single node, or the primary of a Sentinel group).
 * @example
 * ```ts
 * const masters = await scanTargets(client, (name, args) => transport.send(name, args));
 * ```
 */
export async function scanTargets(client: RedisClientLike, send: NodeSend): Promise<NodeSend[]> {
  const c = client as {
    isCluster?: unknown;
    nodes?: (role: string) => { call(c: string, a: string[]): Promise<unknown>; options: { host?: string; port?: number } }[];
    getSlotMaster?: unknown;
    masters?: { address?: string; host?: string; port?: number }[];
    nodeClient?: (node: unknown) => Promise<{ sendCommand(args: string[]): Promise<unknown> }>;
  };
  if (c.isCluster === true && typeof c.nodes === 'function') {
    const nodes = c.nodes('master').map((n) => ({ at: `${n.options.host}:${n.options.port}`, n }));
    nodes.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
    return known(nodes.map(({ n }) => (command: string, args: string[]) => n.call(command, args)));
  }
  if (typeof c.getSlotMaster === 'function' && Array.isArray(c.masters) && typeof c.nodeClient === 'function') {
    const masters = c.masters.map((m) => ({ at: m.address ?? `${m.host}:${m.port}`, m }));
    masters.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
    return known(masters.map(({ m }) => async (command: string, args: string[]) => (await c.nodeClient!(m)).sendCommand([command, ...args])));
  }
  return [send];
}

/** A cluster client that knows no master yet (not connected): fail, never report an empty walk as done. */
function known(masters: NodeSend[]): NodeSend[] {
  if (masters.length === 0) throw new Error('the cluster client knows no master yet (not connected?)');
  return masters;
}

/**
 * The cursor for `position`, or `null` when the walk is over (past the last master, nothing pending).
 * @example
 * ```ts
 * encodeCursor({ node: 0, scan: '17', pending: [] }, 3); // 'rs1.…'
 * ```
 */
export function encodeCursor(position: ScanPosition, masters: number): string | null {
  if (position.node >= masters && position.pending.length === 0) return null;
  const json = JSON.stringify([position.node, position.scan, position.pending]);
  return CURSOR_TAG + Buffer.from(json, 'utf8').toString('base64url');
}

/**
 * The position a cursor of {@link encodeCursor} names; `null` starts at the first master.
 * @throws OtpError `INVALID_OPTION` (field `cursor`) for anything this store did not return, and for a
 * cursor naming a master the client no longer has (the Cluster shrank during the walk).
 * @example
 * ```ts
 * decodeCursor(null, 3); // { node: 0, scan: '0', pending: [] }
 * ```
 */
export function decodeCursor(cursor: string | null, masters: number): ScanPosition {
  if (cursor === null) return { node: 0, scan: '0', pending: [] };
  let parsed: unknown;
  try {
    if (!cursor.startsWith(CURSOR_TAG)) throw new Error('tag');
    const body = cursor.slice(CURSOR_TAG.length);
    if (!/^[A-Za-z0-9_-]+$/.test(body)) throw new Error('alphabet');
    parsed = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const [node, scan, pending] = Array.isArray(parsed) && parsed.length === 3 ? parsed : [];
  const valid =
    Number.isSafeInteger(node) && node >= 0 && typeof scan === 'string' && /^\d{1,20}$/.test(scan) &&
    Array.isArray(pending) && pending.every(isUserId) &&
    // Past the last master only with ids still to return.
    (node < masters || (node === masters && pending.length > 0 && scan === '0'));
  assertOption(valid, 'cursor', 'a cursor a previous page of this store returned (on the same masters), or null');
  return { node, scan, pending };
}

/**
 * True for a valid user id; keys under the prefix that decode to anything else are not records.
 * @example
 * ```ts
 * isUserId('alice'); // true
 * isUserId('');      // false: the bare prefix is no user's key
 * ```
 */
export function isUserId(id: unknown): id is string {
  try {
    checkUserId(id);
    return true;
  } catch {
    return false;
  }
}

/**
 * Scans from `position` until `limit` user ids are found, the last master is done, or `rounds` `SCAN`
 * calls were made (so one page stays short on a keyspace where few keys match). Ids are deduplicated
 * within the call; ids beyond `limit` (a `SCAN` reply can exceed its `COUNT`) stay pending in the position.
 * @example
 * ```ts
 * const { ids, next } = await scanIds(masters, decodeCursor(null, masters.length), 'mfa:', 100);
 * ```
 */
export async function scanIds(
  masters: readonly NodeSend[],
  position: ScanPosition,
  prefix: string,
  limit: number,
  rounds = 10,
): Promise<{ ids: string[]; next: ScanPosition }> {
  const found = new Set(position.pending);
  let { node, scan } = position;
  const pattern = matchPattern(prefix);
  for (let round = 0; round < rounds && found.size < limit && node < masters.length; round++) {
    const count = String(Math.max(limit - found.size, 10));
    const reply = await masters[node]!('SCAN', [scan, 'MATCH', pattern, 'COUNT', count, 'TYPE', 'hash']);
    const [next, keys] = Array.isArray(reply) ? (reply as [unknown, unknown]) : [];
    if (typeof next !== 'string' && typeof next !== 'number') throw new Error('SCAN returned no cursor');
    for (const key of Array.isArray(keys) ? keys : []) {
      const text = String(key);
      if (!text.startsWith(prefix)) continue;
      const id = text.slice(prefix.length);
      if (isUserId(id)) found.add(id);
    }
    if (String(next) === '0') {
      node += 1;
      scan = '0';
    } else scan = String(next);
  }
  const all = [...found];
  return { ids: all.slice(0, limit), next: { node, scan, pending: all.slice(limit) } };
}

/**
 * The Redis clients the store accepts, typed structurally so no driver is a dependency, and one way
 * to talk to each: `send` for one command, `pipeline` for commands that must run on one connection
 * in order (a write and the `WAIT` for its replicas). The four shapes differ in how `sendCommand`
 * takes its arguments: node-redis's `createCluster()` wants the key first (to pick the node), and
 * `createSentinel()` a read-only flag first. Internal; used by `redis.ts`.
 * @module
 */

/** The part of an `ioredis` `Redis` or `Cluster` client this adapter uses. */
export interface IoredisLike {
  call(command: string, args: (string | number)[]): Promise<unknown>;
  /** Used by `waitForReplicas` only: the write and its `WAIT` go out as one pipeline on one connection. */
  pipeline?(commands: (string | number)[][]): { exec(): Promise<[Error | null, unknown][] | null> };
}

/** The part of a node-redis 5/6 client (`createClient()`, `createClientPool()`) this adapter uses. */
export interface NodeRedisLike {
  sendCommand(args: string[]): Promise<unknown>;
  /** Used by `waitForReplicas` only. */
  multi?(): { addCommand(args: string[]): unknown; execAsPipeline(): Promise<unknown[]> };
}

/** The part of a node-redis 5/6 `createCluster()` client this adapter uses. */
export interface NodeRedisClusterLike {
  sendCommand(firstKey: string | undefined, isReadonly: boolean | undefined, args: string[]): Promise<unknown>;
  /** Present on every cluster client; tells it apart from a single-node client. */
  getSlotMaster(slot: number): unknown;
  multi(routing?: string): {
    addCommand(firstKey: string | undefined, isReadonly: boolean | undefined, args: string[]): unknown;
    execAsPipeline(): Promise<unknown[]>;
  };
}

/** The part of a node-redis 5/6 `createSentinel()` client this adapter uses. */
export interface NodeRedisSentinelLike {
  sendCommand(isReadonly: boolean | undefined, args: string[]): Promise<unknown>;
  /** Present on every sentinel client; tells it apart from a single-node client. */
  getMasterNode(): unknown;
  multi(): { addCommand(isReadonly: boolean | undefined, args: string[]): unknown; execAsPipeline(): Promise<unknown[]> };
}

/** Any client {@link redisTransport} accepts. */
export type RedisClientLike = IoredisLike | NodeRedisLike | NodeRedisClusterLike | NodeRedisSentinelLike;

/** One way to talk to any of the accepted clients. */
export interface RedisTransport {
  /** Sends one command; `key` routes it on a cluster (keyless commands go to any node). */
  send(command: string, args: string[], key?: string): Promise<unknown>;
  /**
   * Sends `commands` as one pipeline, on one connection, in order (routed by `key` on a cluster);
   * resolves to each command's reply, an `Error` in place of a failed one. `null` when the client
   * cannot pipeline (a test double without `pipeline`/`multi`).
   */
  pipeline: ((commands: string[][], key: string) => Promise<unknown[]>) | null;
}

/**
 * The transport for `client`: ioredis (`call`), node-redis cluster (`getSlotMaster`), node-redis
 * sentinel (`getMasterNode`), else a node-redis client (`sendCommand(args)`).
 * @example
 * ```ts
 * const t = redisTransport(createClient({ url }));
 * await t.send('HMGET', ['k', 'v', 'r'], 'k');
 * ```
 */
export function redisTransport(client: RedisClientLike): RedisTransport {
  if ('call' in client && typeof client.call === 'function') {
    const c = client as IoredisLike;
    return {
      send: (command, args) => c.call(command, args),
      pipeline:
        typeof c.pipeline === 'function'
          ? async (commands) => {
              const replies = await c.pipeline!(commands.map(([name, ...args]) => [name!.toLowerCase(), ...args])).exec();
              if (!replies) throw new Error('pipeline discarded');
              return replies.map(([error, reply]) => error ?? reply);
            }
          : null,
    };
  }
  if ('getSlotMaster' in client) {
    const c = client as NodeRedisClusterLike;
    return {
      send: (command, args, key) => c.sendCommand(key, false, [command, ...args]),
      pipeline: async (commands, key) => {
        const multi = c.multi(key);
        for (const args of commands) multi.addCommand(key, false, args);
        return settled(commands.length, () => multi.execAsPipeline());
      },
    };
  }
  if ('getMasterNode' in client) {
    const c = client as NodeRedisSentinelLike;
    return {
      send: (command, args) => c.sendCommand(false, [command, ...args]),
      pipeline: async (commands) => {
        const multi = c.multi();
        for (const args of commands) multi.addCommand(false, args);
        return settled(commands.length, () => multi.execAsPipeline());
      },
    };
  }
  const c = client as NodeRedisLike;
  return {
    send: (command, args) => c.sendCommand([command, ...args]),
    pipeline:
      typeof c.multi === 'function'
        ? async (commands) => {
            const multi = c.multi!();
            for (const args of commands) multi.addCommand(args);
            return settled(commands.length, () => multi.execAsPipeline());
          }
        : null,
  };
}

/**
 * node-redis rejects a pipeline with a failed command as a whole: with a `MultiErrorReply` holding
 * every reply, or (its `_executePipeline` is a `Promise.all`) with the first error alone, which then
 * stands for each of the `count` replies.
 */
async function settled(count: number, run: () => Promise<unknown[]>): Promise<unknown[]> {
  try {
    return await run();
  } catch (error) {
    const replies = typeof error === 'object' && error !== null ? (error as { replies?: unknown }).replies : undefined;
    if (Array.isArray(replies) && replies.length === count) return replies;
    if (error instanceof Error) return Array.from({ length: count }, () => error);
    throw error;
  }
}

/**
 * Issue 12 item 2 (Sentinel half) on a real Sentinel group of this file's own (1 primary, 1 replica,
 * 3 sentinels): the conformance suite through node-redis `createSentinel()` and ioredis in Sentinel
 * mode, both with `waitForReplicas`, and the sentinel client's `close()` returning.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { createSentinel } from 'redis';
import { runStoreConformance } from '../../src/testing/index.js';
import { redisStore } from '../../src/storage/redis.js';
import { describeWithBinaries } from '../services/env.js';
import { type SentinelGroup, startSentinelGroup, topologyBinariesMissing } from '../services/redis-topologies.js';

const WAIT = { replicas: 1, timeoutMs: 2000 };

describeWithBinaries('2. node-redis createSentinel and ioredis Sentinel mode on a real Sentinel group', topologyBinariesMissing(), () => {
  let group: SentinelGroup;
  let nodeRedis: ReturnType<typeof createSentinel>;
  let ioredis: Redis;
  beforeAll(async () => {
    group = await startSentinelGroup(1);
    nodeRedis = createSentinel({ name: group.name, sentinelRootNodes: group.sentinels });
    nodeRedis.on('error', () => {});
    await nodeRedis.connect();
    ioredis = new Redis({ sentinels: group.sentinels, name: group.name, failoverDetector: true, maxRetriesPerRequest: 1,
      commandTimeout: 5000, autoResendUnfulfilledCommands: false });
    ioredis.on('error', () => {});
  }, 120_000);
  afterAll(async () => {
    await nodeRedis?.destroy();
    ioredis?.disconnect();
    await group?.destroy();
  });

  const purge = async (_store: unknown, userId: string) => {
    const key = `totp-enroll:mfa:${userId}`;
    if (!(await ioredis.hexists(key, 'r'))) await ioredis.del(key);
  };
  describe('node-redis createSentinel, waitForReplicas', () => {
    runStoreConformance({ describe, it, expect }, () => redisStore({ client: nodeRedis, waitForReplicas: WAIT }), { purge, listing: 'unordered' });
  });
  describe('ioredis Sentinel mode, waitForReplicas', () => {
    runStoreConformance({ describe, it, expect }, () => redisStore({ client: ioredis, waitForReplicas: WAIT }), { purge, listing: 'unordered' });
  });

  it('2. node-redis createSentinel: close() returns after the store has been used', async () => {
    const client = createSentinel({ name: group.name, sentinelRootNodes: group.sentinels });
    client.on('error', () => {});
    await client.connect();
    const store = redisStore({ client });
    expect(await store.put('close-check', { schema: 1 }, null)).toBe(true);
    expect((await store.get('close-check'))?.record).toEqual({ schema: 1 });
    const closed = await Promise.race([client.close().then(() => 'closed'), new Promise((r) => setTimeout(r, 10_000, 'hung'))]);
    expect(closed).toBe('closed');
  });
});

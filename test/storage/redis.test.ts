import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { runStoreConformance } from '../../src/testing/index.js';
import { redisStore } from '../../src/storage/redis.js';
import { describeWithServer, probeRedis } from '../services/env.js';
import { faultCases } from './faults.js';

const run = Math.random().toString(36).slice(2, 8);

describeWithServer('Redis store', await probeRedis(), (url) => {
  let client: Redis;
  beforeAll(() => {
    client = new Redis(url, { maxRetriesPerRequest: 1 });
  });
  afterAll(() => client?.disconnect());

  // A tombstone expiring early (tombstoneTtlMs, eviction, a DEL by hand) must be harmless.
  const purge = async (_store: unknown, userId: string) => {
    if (!(await client.hexists(`totp-enroll:mfa:${userId}`, 'r'))) await client.del(`totp-enroll:mfa:${userId}`);
  };
  runStoreConformance({ describe, it, expect }, () => redisStore({ client }), { purge, listing: 'unordered' });

  describe('with a real node-redis client (createClient)', () => {
    let nodeClient: ReturnType<typeof createClient>;
    beforeAll(async () => {
      nodeClient = createClient({ url, disableOfflineQueue: true });
      nodeClient.on('error', () => {});
      await nodeClient.connect();
    });
    afterAll(() => nodeClient?.destroy());
    runStoreConformance({ describe, it, expect }, () => redisStore({ client: nodeClient }), { purge, listing: 'unordered' });
  });

  it('list skips what is not a record under the prefix (other key types, tombstones, a bare prefix)', async () => {
    const prefix = `list-${run}:`;
    const store = redisStore({ client, prefix });
    for (const id of ['a', 'b:*?[x]\\', 'gone']) expect(await store.put(id, { schema: 1, id }, null)).toBe(true);
    expect(await store.delete('gone', (await store.get('gone'))!.version)).toBe(true);
    await client.set(`${prefix}a-string`, 'x');
    await client.rpush(`${prefix}a-list`, 'x');
    await client.hset(`${prefix}a-hash-without-record`, 'x', '1');
    await client.hset(prefix, 'r', '{}'); // the bare prefix: the empty id, which no user can have
    const seen = new Map<string, unknown>();
    let cursor: string | null = null;
    do {
      const page = await store.list!({ cursor, limit: 2 });
      expect(page.items.length <= 2).toBe(true);
      for (const item of page.items) seen.set(item.userId, item.record);
      cursor = page.cursor;
    } while (cursor !== null);
    expect(Object.fromEntries(seen)).toEqual({ a: { schema: 1, id: 'a' }, 'b:*?[x]\\': { schema: 1, id: 'b:*?[x]\\' } });
    for (const bad of ['rs1.', 'rs1.!!', `rs1.${Buffer.from('[5,"0",[]]').toString('base64url')}`, `rs1.${Buffer.from('[0,"x",[]]').toString('base64url')}`, 'a']) {
      await expect(store.list!({ cursor: bad })).rejects.toMatchObject({ code: 'INVALID_OPTION', field: 'cursor' });
    }
  });

  it('list names a hash it cannot read back (not JSON, a bad version) in unreadable and goes on, never quoting it', async () => {
    const prefix = `damaged-${run}:`;
    const store = redisStore({ client, prefix });
    for (const id of ['a', 'b', 'c', 'd']) expect(await store.put(id, { schema: 1, id }, null)).toBe(true);
    await client.hset(`${prefix}b`, 'r', '{"secret":"JBSWY3DP');
    await client.hset(`${prefix}c`, 'v', 'not-a-version');
    const items = new Set<string>();
    const unreadable = new Set<string>();
    let cursor: string | null = null;
    do {
      const page = await store.list!({ cursor, limit: 1 });
      for (const item of page.items) items.add(item.userId);
      for (const id of page.unreadable ?? []) unreadable.add(id);
      expect(JSON.stringify(page)).not.toContain('JBSWY3DP');
      cursor = page.cursor;
    } while (cursor !== null);
    expect({ items: [...items].sort(), unreadable: [...unreadable].sort() }).toEqual({ items: ['a', 'd'], unreadable: ['b', 'c'] });
  });

  it('rejects unsafe prefixes and tombstone lifetimes', () => {
    for (const prefix of ['', 'has space', 'quote"', 'x'.repeat(65), 'new\nline']) {
      expect(() => redisStore({ client, prefix }), prefix).toThrow(expect.objectContaining({ code: 'INVALID_OPTION', field: 'prefix' }));
    }
    expect(() => redisStore({ client, tombstoneTtlMs: 10 })).toThrow(expect.objectContaining({ field: 'tombstoneTtlMs' }));
  });

  it('keeps one hash per user: v = random version (also naming the write), r = JSON text; a delete leaves an expiring token-only tombstone', async () => {
    const prefix = `t-${run}:`;
    const store = redisStore({ client, prefix, tombstoneTtlMs: 3_600_000 });
    const token = expect.stringMatching(/^[1-9][0-9]{0,15}$/);
    await store.put('u', { schema: 1, note: 'é' }, null);
    const first = (await store.get('u'))!.version;
    expect(await client.keys(`${prefix}*`)).toEqual([`${prefix}u`]);
    expect(await client.hgetall(`${prefix}u`)).toEqual({ v: String(first), r: '{"schema":1,"note":"é"}' });
    expect(await client.pttl(`${prefix}u`)).toBe(-1);
    expect(await store.delete('u', first)).toBe(true);
    expect(await client.hgetall(`${prefix}u`)).toEqual({ t: token });
    const ttl = await client.pttl(`${prefix}u`);
    expect(ttl).toBeGreaterThan(3_500_000);
    expect(ttl).toBeLessThanOrEqual(3_600_000);
    expect(await store.put('u', { schema: 1 }, null)).toBe(true);
    const second = (await store.get('u'))!.version;
    expect(second === first).toBe(false);
    expect(await client.hgetall(`${prefix}u`)).toEqual({ v: String(second), r: '{"schema":1}' }); // the tombstone's token is gone
    expect(await client.pttl(`${prefix}u`)).toBe(-1); // re-created: no longer expires
  });

  it('a write the client re-sends (as ioredis does after a reconnect) is applied once and reported once', async () => {
    // Every script reaches the server twice, like an unanswered command re-sent on a new connection.
    const resending = {
      call: async (command: string, args: (string | number)[]) => {
        if (command === 'EVALSHA' || command === 'EVAL') await client.call(command, args).catch(() => {});
        return client.call(command, args);
      },
    };
    const store = redisStore({ client: resending, prefix: `resend-${run}:` });
    expect(await store.put('u', { schema: 1, n: 0 }, null)).toBe(true);
    const v1 = (await store.get('u'))!;
    expect(v1.record).toEqual({ schema: 1, n: 0 });
    expect(await store.put('u', { schema: 1, n: 1 }, v1.version)).toBe(true);
    const v2 = (await store.get('u'))!;
    expect(v2.record).toEqual({ schema: 1, n: 1 });
    expect(await store.put('u', { schema: 1, n: 2 }, v1.version)).toBe(false);
    expect(await store.delete('u', v2.version)).toBe(true);
    expect(await store.get('u')).toBe(null);
  });

  it('a key of another type is STORE_UNAVAILABLE, not a silent overwrite', async () => {
    const prefix = `wrongtype-${run}:`;
    await client.set(`${prefix}u`, 'something else');
    const store = redisStore({ client, prefix });
    await expect(store.get('u')).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    await expect(store.put('u', { schema: 1 }, null)).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    expect(await client.get(`${prefix}u`)).toBe('something else');
  });

  describe('faults', () => faultCases('redis', () => url));
});

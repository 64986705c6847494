import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
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

  runStoreConformance({ describe, it, expect }, () => redisStore({ client }));

  describe('through the node-redis 5 client shape (sendCommand)', () => {
    runStoreConformance({ describe, it, expect }, () =>
      redisStore({ client: { sendCommand: (args: string[]) => client.call(args[0]!, args.slice(1)) } }),
    );
  });

  it('rejects unsafe prefixes and tombstone lifetimes', () => {
    for (const prefix of ['', 'has space', 'quote"', 'x'.repeat(65), 'new\nline']) {
      expect(() => redisStore({ client, prefix }), prefix).toThrow(expect.objectContaining({ code: 'INVALID_OPTION', field: 'prefix' }));
    }
    expect(() => redisStore({ client, tombstoneTtlMs: 10 })).toThrow(expect.objectContaining({ field: 'tombstoneTtlMs' }));
    expect(() => redisStore({ client, prefix: '{mfa}:' })).not.toThrow();
  });

  it('keeps one hash per user: v = version, r = JSON text; a delete leaves an expiring tombstone', async () => {
    const prefix = `t-${run}:`;
    const store = redisStore({ client, prefix, tombstoneTtlMs: 3_600_000 });
    await store.put('u', { schema: 1, note: 'é' }, null);
    expect(await client.keys(`${prefix}*`)).toEqual([`${prefix}u`]);
    expect(await client.hgetall(`${prefix}u`)).toEqual({ v: '1', r: '{"schema":1,"note":"é"}' });
    expect(await client.pttl(`${prefix}u`)).toBe(-1);
    expect(await store.delete('u', 1)).toBe(true);
    expect(await client.hgetall(`${prefix}u`)).toEqual({ v: '2' });
    const ttl = await client.pttl(`${prefix}u`);
    expect(ttl).toBeGreaterThan(3_500_000);
    expect(ttl).toBeLessThanOrEqual(3_600_000);
    expect(await store.put('u', { schema: 1 }, null)).toBe(true);
    expect(await client.hgetall(`${prefix}u`)).toEqual({ v: '3', r: '{"schema":1}' });
    expect(await client.pttl(`${prefix}u`)).toBe(-1); // re-created: no longer expires
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

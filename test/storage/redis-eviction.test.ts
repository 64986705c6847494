/**
 * Issue 11, item 10: under `maxmemory-policy allkeys-*` a Redis that fills up evicts MFA records,
 * so users silently become "not enrolled" and a lock and its count are reset. The store reads the
 * policy once (CONFIG GET, else INFO memory) and refuses allkeys-* unless `allowEviction: true`.
 * Each case runs on a Redis of its own, so the shared server's settings are never touched.
 */
import { ok } from '../helpers/enrollment.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { createMfa } from '../../src/enrollment/service.js';
import { generateTotp } from '../../src/totp.js';
import { redisStore } from '../../src/storage/redis.js';
import { describeWithBinaries } from '../services/env.js';
import { type OwnRedis, serverBinariesMissing, startOwnRedis } from '../services/servers.js';

const T0 = Date.UTC(2031, 5, 1, 8);
const REFUSED = { name: 'OtpError', code: 'INVALID_OPTION', field: 'allowEviction' };
const USERS = 200;

async function enrollAll(client: Redis, allowEviction: boolean, prefix: string) {
  const store = redisStore({ client, prefix, allowEviction });
  const mfa = createMfa({ store, issuer: 'Evict', now: () => T0, policy: { maxFailures: 3 } });
  for (let i = 0; i < USERS; i++) {
    const { secret } = ok(await mfa.beginEnrollment(`u${i}`, { accountName: `u${i}@example.com` }));
    await mfa.verifyPairing(`u${i}`, generateTotp(secret, { now: T0 - 30_000 }), generateTotp(secret, { now: T0 }));
    await mfa.enable(`u${i}`);
  }
  for (let i = 0; i < 3; i++) await mfa.verify('u0', '000000'); // u0 is locked
  return mfa;
}

/** Shrinks maxmemory to a little above what is used now and writes filler (cache) keys past it. */
async function cachePressure(client: Redis, ttl: boolean): Promise<void> {
  const used = Number(/used_memory:(\d+)/.exec(await client.info('memory'))![1]);
  await client.config('SET', 'maxmemory', String(used + 200_000));
  const filler = 'f'.repeat(1000);
  for (let i = 0; i < 3000; i++) {
    await (ttl ? client.set(`cache:${i}`, filler, 'EX', 3600) : client.set(`cache:${i}`, filler)).catch(() => {});
  }
}

async function disabledUsers(mfa: Awaited<ReturnType<typeof enrollAll>>): Promise<number> {
  let n = 0;
  for (let i = 0; i < USERS; i++) if ((await mfa.status(`u${i}`)).state === 'disabled') n++;
  return n;
}

describeWithBinaries('10. Redis evicts MFA records', serverBinariesMissing(), () => {
  let server: OwnRedis;
  let client: Redis;
  beforeAll(async () => {
    server = await startOwnRedis();
    client = new Redis(server.url, { maxRetriesPerRequest: 1 });
  });
  afterAll(async () => {
    client?.disconnect();
    await server?.destroy();
  });
  const reset = async (policy: string): Promise<void> => {
    await client.config('SET', 'maxmemory', '0');
    await client.flushall();
    await client.config('SET', 'maxmemory-policy', policy);
  };

  it('10. Redis evicts MFA records: a store on an allkeys-* server refuses every call and writes nothing', async () => {
    for (const policy of ['allkeys-lru', 'allkeys-lfu', 'allkeys-random']) {
      await reset(policy);
      const store = redisStore({ client, prefix: 'refuse:' });
      await expect(store.put('u', { schema: 1 }, null), policy).rejects.toMatchObject(REFUSED);
      await expect(store.get('u'), policy).rejects.toMatchObject(REFUSED);
      await expect(store.delete('u', 1), policy).rejects.toMatchObject(REFUSED);
      const mfa = createMfa({ store, issuer: 'Evict', now: () => T0 });
      await expect(mfa.beginEnrollment('u', { accountName: 'u@example.com' })).rejects.toMatchObject({ name: 'OtpError' });
      expect(await client.dbsize()).toBe(0);
    }
    // The refusal names the policy and the way out.
    await expect(redisStore({ client }).get('u')).rejects.toThrow(/allkeys-random.*noeviction or a volatile-\* policy.*allowEviction: true/s);
  });

  it('10. Redis evicts MFA records: the check is repeated until it passes, so fixing the server needs no restart', async () => {
    await reset('allkeys-lru');
    const store = redisStore({ client, prefix: 'fixed:' });
    await expect(store.get('u')).rejects.toMatchObject(REFUSED);
    await client.config('SET', 'maxmemory-policy', 'noeviction');
    expect(await store.put('u', { schema: 1 }, null)).toBe(true);
  });

  it('10. Redis evicts MFA records: why it refuses; with allowEviction: true cache pressure disables users and resets a lock', async () => {
    await reset('allkeys-lru');
    const mfa = await enrollAll(client, true, 'totp-enroll:mfa:');
    expect(await disabledUsers(mfa)).toBe(0);
    expect((await mfa.status('u0')).lockedUntil).not.toBe(null);
    await cachePressure(client, false);
    const evicted = await disabledUsers(mfa);
    console.info(`[measure] allkeys-lru with allowEviction: ${evicted} of ${USERS} enrolled users now 'disabled'`);
    expect(evicted).toBeGreaterThan(USERS / 2);
    if ((await mfa.status('u0')).state === 'disabled') expect(await mfa.status('u0')).toMatchObject({ failures: 0, lockedUntil: null });
  });

  it('10. Redis evicts MFA records: under volatile-lru records (no TTL) survive cache pressure; only volatile keys go', async () => {
    await reset('volatile-lru');
    const mfa = await enrollAll(client, false, 'totp-enroll:mfa:');
    expect(await mfa.disable(`u${USERS - 1}`)).toMatchObject({ ok: true }); // leaves a tombstone with a TTL
    expect(await client.pttl(`totp-enroll:mfa:u0`)).toBe(-1);
    await cachePressure(client, true);
    expect(Number(/evicted_keys:(\d+)/.exec(await client.info('stats'))![1])).toBeGreaterThan(0);
    expect(await disabledUsers(mfa)).toBe(1); // only the user who disabled MFA
    expect((await mfa.status('u0')).lockedUntil).not.toBe(null);
    expect((await mfa.status('u0')).failures).toBe(3);
  });
});

describeWithBinaries('10. Redis evicts MFA records: CONFIG renamed away', serverBinariesMissing(), () => {
  let server: OwnRedis;
  let client: Redis;
  beforeAll(async () => {
    server = await startOwnRedis(['--rename-command', 'CONFIG', '', '--maxmemory-policy', 'allkeys-lru']);
    client = new Redis(server.url, { maxRetriesPerRequest: 1 });
  });
  afterAll(async () => {
    client?.disconnect();
    await server?.destroy();
  });

  it('10. Redis evicts MFA records: without CONFIG the policy is read from INFO memory, and allkeys-lru is still refused', async () => {
    await expect(client.config('GET', 'maxmemory-policy')).rejects.toThrow(/unknown command/);
    await expect(redisStore({ client }).put('u', { schema: 1 }, null)).rejects.toMatchObject(REFUSED);
    expect(await redisStore({ client, allowEviction: true }).put('u', { schema: 1 }, null)).toBe(true);
  });
});

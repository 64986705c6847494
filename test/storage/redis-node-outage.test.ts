/**
 * Issue 12 item 3 on a throw-away Redis: during an outage a default node-redis client queues a
 * verify until the server is back (and then returns ok, long after the user gave up). With the
 * fail-fast settings the README gives, the verify settles with STORE_UNAVAILABLE while the server is
 * still down, and nothing it sent is applied when the server returns.
 */
import { ok } from '../helpers/enrollment.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createClient } from 'redis';
import { setTimeout as delay } from 'node:timers/promises';
import { createMfa } from '../../src/enrollment/service.js';
import { generateTotp } from '../../src/totp.js';
import { type RedisClientLike, redisStore } from '../../src/storage/redis.js';
import { describeWithBinaries } from '../services/env.js';
import { type ThrowAwayServer, serverBinariesMissing, startThrowAwayRedis } from '../services/servers.js';

const T0 = Date.UTC(2035, 0, 1, 6);
const T1 = T0 + 30_000;

/** The README's fail-fast node-redis settings. */
const failFast = (url: string) =>
  createClient({
    url,
    disableOfflineQueue: true,
    commandsQueueMaxLength: 1000,
    commandOptions: { timeout: 5000 },
    socket: { connectTimeout: 5000, reconnectStrategy: (retries: number) => Math.min(100 * retries, 2000) },
  });

describeWithBinaries('3. A default node-redis client waits out an outage', serverBinariesMissing(), () => {
  let server: ThrowAwayServer;
  beforeAll(async () => {
    server = await startThrowAwayRedis();
  });
  afterAll(() => server?.destroy());

  async function enrolled(client: RedisClientLike, userId: string) {
    const store = redisStore({ client });
    const setup = createMfa({ store, issuer: 'Outage', now: () => T0 });
    const { secret } = ok(await setup.beginEnrollment(userId, { accountName: 'o@example.com' }));
    await setup.verifyPairing(userId, generateTotp(secret, { now: T0 - 30_000 }), generateTotp(secret, { now: T0 }));
    expect(await setup.enable(userId)).toMatchObject({ ok: true });
    return { store, secret, mfa: createMfa({ store, issuer: 'Outage', now: () => T1 }) };
  }

  it('3. A default node-redis client waits out an outage: measured, a verify is still pending 3 s into the outage and returns ok after it', { timeout: 60_000 }, async () => {
    const client = createClient({ url: server.url });
    client.on('error', () => {});
    await client.connect();
    try {
      const { mfa, secret } = await enrolled(client, 'default-client');
      await server.stop();
      const started = Date.now();
      let settled: string | null = null;
      const verify = mfa.verify('default-client', generateTotp(secret, { now: T1 }))
        .then((r) => (settled = r.ok ? 'ok' : r.reason), (e: { code?: string }) => (settled = e.code ?? 'error'));
      await delay(3000);
      const pendingDuringOutage = settled === null;
      await server.start();
      await verify;
      console.info(`[measure] default node-redis client: pending 3 s into the outage: ${pendingDuringOutage}; ` +
        `settled '${settled}' after ${Date.now() - started} ms, once the server was back`);
    } finally {
      client.destroy();
    }
  });

  it('3. A default node-redis client waits out an outage: with disableOfflineQueue and timeouts a verify fails fast with STORE_UNAVAILABLE, and nothing is accepted later', { timeout: 60_000 }, async () => {
    const client = failFast(server.url);
    client.on('error', () => {});
    await client.connect();
    try {
      const { mfa, secret, store } = await enrolled(client, 'fail-fast');
      const before = await store.get('fail-fast');
      const code = generateTotp(secret, { now: T1 });
      await server.stop();
      // Settles while the server is still down: it is only restarted after these calls returned.
      for (const call of [() => mfa.verify('fail-fast', code), () => mfa.verify('fail-fast', '000000'), () => mfa.status('fail-fast')]) {
        await expect(call()).rejects.toMatchObject({ name: 'OtpError', code: 'STORE_UNAVAILABLE' });
      }
      await server.start();
      for (let i = 0; i < 100 && !client.isReady; i++) await delay(100); // the reconnect strategy brings it back
      expect(await store.get('fail-fast')).toEqual(before); // nothing queued was applied
      expect(await mfa.verify('fail-fast', code)).toMatchObject({ ok: true });
      expect(await mfa.verify('fail-fast', code)).toMatchObject({ ok: false, reason: 'replayed' });
      expect((await mfa.status('fail-fast')).failures).toBe(0);
    } finally {
      client.destroy();
    }
  });
});

/**
 * Issue 12 item 9 on a Redis of this file's own: writes are sent by EVALSHA (the script text only
 * after NOSCRIPT), counted with INFO commandstats, and a SCRIPT FLUSH in the middle of a run of
 * concurrent verifies costs one EVAL per writer in flight and loses nothing. Both clients.
 */
import { ok } from '../helpers/enrollment.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { createMfa } from '../../src/enrollment/service.js';
import { generateTotp } from '../../src/totp.js';
import { type RedisClientLike, redisStore } from '../../src/storage/redis.js';
import { describeWithBinaries } from '../services/env.js';
import { type OwnRedis, serverBinariesMissing, startOwnRedis } from '../services/servers.js';

const T0 = Date.UTC(2036, 3, 1, 10);
const USERS = 40;

describeWithBinaries('9. Redis speed', serverBinariesMissing(), () => {
  let server: OwnRedis;
  let admin: Redis;
  beforeAll(async () => {
    server = await startOwnRedis();
    admin = new Redis(server.url);
  });
  afterAll(async () => {
    admin?.disconnect();
    await server?.destroy();
  });

  /** Calls of each command since the last CONFIG RESETSTAT. */
  async function calls(): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const m of (await admin.info('commandstats')).matchAll(/^cmdstat_(\w+):calls=(\d+)/gm)) out[m[1]!] = Number(m[2]);
    return out;
  }

  async function run(client: RedisClientLike, label: string) {
    const clock = { now: T0 };
    const mfa = createMfa({ store: redisStore({ client, prefix: `${label}:` }), issuer: 'Speed', now: () => clock.now });
    const secrets: string[] = [];
    for (let i = 0; i < USERS; i++) {
      const { secret } = ok(await mfa.beginEnrollment(`u${i}`, { accountName: 'u@example.com' }));
      await mfa.verifyPairing(`u${i}`, generateTotp(secret, { now: T0 - 30_000 }), generateTotp(secret, { now: T0 }));
      await mfa.enable(`u${i}`);
      secrets.push(secret);
    }
    await admin.script('FLUSH');
    await admin.config('RESETSTAT');
    const results: string[] = [];
    for (let round = 1; round <= 6; round++) {
      clock.now = T0 + round * 30_000;
      const at = clock.now;
      const verifies = secrets.map((s, i) => mfa.verify(`u${i}`, generateTotp(s, { now: at })).then((r) => (r.ok ? 'ok' : r.reason)));
      if (round === 4) await admin.script('FLUSH'); // while this round's writes are in flight
      results.push(...(await Promise.all(verifies)));
    }
    return { results, stats: await calls() };
  }

  for (const kind of ['ioredis', 'node-redis'] as const) {
    it(`9. Redis speed: writes go by EVALSHA; a SCRIPT FLUSH mid-run falls back to EVAL and loses nothing (${kind})`, async () => {
      let client: RedisClientLike;
      let close: () => unknown;
      if (kind === 'ioredis') {
        const c = new Redis(server.url);
        client = c;
        close = () => c.disconnect();
      } else {
        const c = createClient({ url: server.url });
        await c.connect();
        client = c;
        close = () => c.destroy();
      }
      try {
        const { results, stats } = await run(client, kind);
        console.info(`[measure] ${kind}: ${stats['evalsha'] ?? 0} EVALSHA, ${stats['eval'] ?? 0} EVAL for ${results.length} verifies, SCRIPT FLUSH twice`);
        expect(results.every((r) => r === 'ok')).toBe(true);
        const writes = USERS * 6;
        // One EVALSHA per write; EVAL only after each flush (the first write after it, and those in flight).
        expect(stats['evalsha']).toBe(writes);
        expect(stats['eval']).toBeGreaterThanOrEqual(2);
        expect(stats['eval']!).toBeLessThanOrEqual(2 * USERS);
      } finally {
        await close();
      }
    });
  }

  it('9. Redis speed: a write re-sent by the client (same version) is applied once; a delete re-sent is recognised by its tombstone token', async () => {
    const c = new Redis(server.url);
    try {
      const twice = { call: async (command: string, args: (string | number)[]) => {
        if (command === 'EVALSHA') await c.call(command, args).catch(() => {});
        return c.call(command, args);
      } };
      const store = redisStore({ client: twice, prefix: 'resend:' });
      expect(await store.put('u', { schema: 1, n: 0 }, null)).toBe(true);
      const v1 = (await store.get('u'))!;
      expect(await store.put('u', { schema: 1, n: 1 }, v1.version)).toBe(true);
      const v2 = (await store.get('u'))!;
      expect(v2.record).toEqual({ schema: 1, n: 1 });
      expect(await store.put('u', { schema: 1, n: 2 }, v1.version)).toBe(false);
      expect(await store.delete('u', v2.version)).toBe(true);
      expect(await store.get('u')).toBe(null);
      expect(await store.put('u', { schema: 1, n: 3 }, null)).toBe(true);
      expect(await c.hkeys('resend:u')).toEqual(['v', 'r']); // the re-created record carries no tombstone token
    } finally {
      c.disconnect();
    }
  });
});

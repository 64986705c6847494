/**
 * Issue 12 items 2 and 10 on a real 3-master Redis Cluster of this file's own: the conformance suite
 * and the same-code races with ioredis `Cluster` and node-redis `createCluster()`, codes verified
 * during a live reshard, and where the default prefix puts users (on every master; a hash tag would
 * put them all on one, so it is refused).
 */
import { ok } from '../helpers/enrollment.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cluster } from 'ioredis';
import { createCluster } from 'redis';
import { runStoreConformance } from '../../src/testing/index.js';
import { createMfa } from '../../src/enrollment/service.js';
import { generateTotp } from '../../src/totp.js';
import { redisStore } from '../../src/storage/redis.js';
import type { MfaStore } from '../../src/storage/types.js';
import { describeWithBinaries } from '../services/env.js';
import { type TestCluster, cli, startCluster, topologyBinariesMissing } from '../services/redis-topologies.js';

const T0 = Date.UTC(2033, 2, 1, 9);
const STEP = 30_000;

type Clients = { ioredis: Cluster; nodeRedis: ReturnType<typeof createCluster> };

describeWithBinaries('2. node-redis createCluster and ioredis Cluster on a real 3-master Redis Cluster', topologyBinariesMissing(), () => {
  let cluster: TestCluster;
  const clients = {} as Clients;
  beforeAll(async () => {
    cluster = await startCluster(3);
    const nodes = cluster.ports.map((port) => ({ host: '127.0.0.1', port }));
    clients.ioredis = new Cluster(nodes, { redisOptions: { maxRetriesPerRequest: 1, commandTimeout: 10_000 } });
    clients.ioredis.on('error', () => {});
    clients.nodeRedis = createCluster({ rootNodes: nodes.map((n) => ({ url: `redis://${n.host}:${n.port}` })) });
    clients.nodeRedis.on('error', () => {});
    await clients.nodeRedis.connect();
  }, 120_000);
  afterAll(async () => {
    clients.ioredis?.disconnect();
    clients.nodeRedis?.destroy();
    await cluster?.destroy();
  });

  const purgeWith = (name: keyof Clients) => async (_store: unknown, userId: string) => {
    const key = `totp-enroll:mfa:${userId}`;
    if (name === 'ioredis') {
      if (!(await clients.ioredis.hexists(key, 'r'))) await clients.ioredis.del(key);
    } else if (!(await clients.nodeRedis.hExists(key, 'r'))) {
      await clients.nodeRedis.del(key);
    }
  };

  describe('ioredis Cluster', () => {
    runStoreConformance({ describe, it, expect }, () => redisStore({ client: clients.ioredis }), { purge: purgeWith('ioredis'), listing: 'unordered' });
  });
  describe('node-redis createCluster', () => {
    runStoreConformance({ describe, it, expect }, () => redisStore({ client: clients.nodeRedis }), { purge: purgeWith('nodeRedis'), listing: 'unordered' });
  });

  /** How many slots the master at `port` serves, from its `CLUSTER NODES` line. */
  async function slotsOf(port: number): Promise<number> {
    const id = await cluster.nodeId(port);
    const line = (await cli(port, 'cluster', 'nodes')).split('\n').find((l) => l.startsWith(id))!;
    return line.split(' ').slice(8).filter((r) => !r.startsWith('[')).reduce((sum, r) => {
      const [a, b] = r.split('-').map(Number);
      return sum + (b === undefined ? 1 : b - a! + 1);
    }, 0);
  }

  /**
   * For each key, on how many masters its slot holds keys (`CLUSTER COUNTKEYSINSLOT` answers for any slot,
   * owned or not: after a move every key of a slot lives on its owner, so a second master holding keys of
   * it holds a copy left behind).
   */
  async function copiesPerUser(keys: string[]): Promise<{ key: string; masters: number }[]> {
    const masters = clients.ioredis.nodes('master');
    return Promise.all(keys.map(async (key) => {
      const slot = Number(await clients.ioredis.cluster('KEYSLOT', key));
      const counts = await Promise.all(masters.map(async (m) => Number(await m.cluster('COUNTKEYSINSLOT', slot))));
      return { key, masters: counts.filter((c) => c > 0).length };
    }));
  }

  /**
   * Whether `secret` has two equal codes within two steps of each other, or the wrong code `000000`, over
   * the steps a reshard test uses (pairing, up to 40 rounds, the ±1 window). Equal codes at consecutive
   * steps make the second submission the next step's own code, accepted as that step, and that step's
   * code `replayed` in the next round (test/consecutive-code-collision.test.ts): 1 in 10^6 per pair of
   * steps, so about once in 400 runs of 2,400 verifies, and what CI's one failure of this test was.
   */
  function codesCollide(secret: string, now: number): boolean {
    const codes = Array.from({ length: 46 }, (_, k) => generateTotp(secret, { now: now + (k - 3) * STEP }));
    return codes.some((c, k) => c === '000000' || c === codes[k + 1] || c === codes[k + 2]);
  }

  /** Enrolls `n` users; returns a service on a settable clock and their secrets. */
  async function enrol(store: MfaStore, label: string, n: number) {
    const clock = { now: T0 };
    const mfa = createMfa({ store, issuer: 'Cluster', now: () => clock.now, policy: { maxFailures: 100 } });
    const users: { id: string; secret: string }[] = [];
    for (let i = 0; users.length < n; i++) {
      const id = `${label}-${i}`;
      const { secret } = ok(await mfa.beginEnrollment(id, { accountName: `${id}@example.com` }));
      if (codesCollide(secret, clock.now)) continue; // about 1 secret in 7,000: another user instead
      await mfa.verifyPairing(id, generateTotp(secret, { now: clock.now - STEP }), generateTotp(secret, { now: clock.now }));
      expect(await mfa.enable(id)).toMatchObject({ ok: true });
      users.push({ id, secret });
    }
    return { mfa, users, clock };
  }

  for (const name of ['ioredis', 'nodeRedis'] as const) {
    it(`2. node-redis createCluster and ioredis Cluster: codes verified during a live reshard (${name}): each right code ok once, replays refused, wrong codes all counted`, { timeout: 180_000 }, async () => {
      const label = `reshard-${name}-${Math.random().toString(36).slice(2, 6)}`;
      const { mfa, users, clock } = await enrol(redisStore({ client: clients[name] }), label, 60);
      const [from, to] = name === 'ioredis' ? [cluster.ports[0]!, cluster.ports[1]!] : [cluster.ports[1]!, cluster.ports[2]!];
      const slotsBefore = await slotsOf(to); // before the move starts: read after it, slots already moved went uncounted
      let resharding = true;
      const reshard = cluster.reshard(from, to, 1500).finally(() => (resharding = false));
      const tally = { ok: 0, replayedOk: 0, notOk: [] as string[], wrong: 0, rounds: 0, duringReshard: 0 };
      // Who and when, so a failure says whether one user's record split in two (its first verify refused as
      // `replayed`, then the same code accepted) or two users each met something else.
      const anomalies: string[] = [];
      // Bounded: at most 40 rounds (each a fresh time step), and at least 2 that overlap the reshard.
      while ((resharding || tally.rounds < 2) && tally.rounds < 40) {
        tally.rounds++;
        if (resharding) tally.duringReshard++;
        clock.now += STEP;
        await Promise.all(users.map(async (u, i) => {
          const code = generateTotp(u.secret, { now: clock.now });
          const first = await mfa.verify(u.id, code).catch((e: { code?: string }) => ({ ok: false as const, reason: e.code ?? 'error' }));
          if (first.ok) tally.ok++;
          else tally.notOk.push(first.reason);
          const again = await mfa.verify(u.id, code).catch(() => ({ ok: false as const, reason: 'error' }));
          if (again.ok) tally.replayedOk++;
          if (!first.ok || again.ok) anomalies.push(`user ${i} round ${tally.rounds}: first ${first.ok ? 'ok' : first.reason}, again ${again.ok ? 'ok' : again.reason}`);
          if (i % 10 === 0) {
            const wrong = await mfa.verify(u.id, '000000').catch(() => null);
            if (wrong && !wrong.ok && wrong.reason === 'mismatch') tally.wrong++;
          }
        }));
      }
      await reshard;
      expect(resharding).toBe(false);
      let slotsAfter = await slotsOf(to);
      for (let i = 0; i < 100 && slotsAfter !== slotsBefore + 1500; i++) {
        await new Promise((r) => setTimeout(r, 100)); // the last SETSLOT reaching the node's own view
        slotsAfter = await slotsOf(to);
      }
      // Slots really moved while codes were verified. Under a loaded CI machine the target node's own
      // view has been seen one slot short of redis-cli's 1,500 after 10 s; what this test protects is the
      // verification during the move, not redis-cli's bookkeeping.
      console.info(`[measure] ${name}: ${slotsAfter - slotsBefore} of 1500 slots seen on the target node`);
      expect(slotsAfter - slotsBefore).toBeGreaterThanOrEqual(1400);
      expect(tally.duringReshard).toBeGreaterThanOrEqual(2);
      console.info(`[measure] ${name} during reshard: ${tally.rounds} rounds (${tally.duringReshard} while slots moved), ${tally.ok} ok, ${tally.replayedOk} replays accepted, not ok: ${JSON.stringify(tally.notOk.slice(0, 5))}`);
      if (anomalies.length > 0) console.info(`[measure] ${name} anomalies: ${JSON.stringify(anomalies.slice(0, 10))}`);
      // A record is one key on one master: a user's slot holding keys on two masters after the move would be
      // a copy MIGRATE left behind (two versions of the record, each accepting the same code once).
      const held = await copiesPerUser(users.map((u) => `totp-enroll:mfa:${u.id}`));
      expect(held.filter((h) => h.masters !== 1), 'users whose slot has keys on other than one master').toEqual([]);
      expect(tally.replayedOk).toBe(0);
      expect(tally.notOk).toEqual([]);
      // Wrong codes every 10th user: all counted (a success resets the count, so read it right after).
      let counted = 0;
      for (const [i, u] of users.entries()) if (i % 10 === 0) counted += (await mfa.status(u.id)).failures;
      expect(counted).toBe(users.filter((_, i) => i % 10 === 0).length); // the last round's wrong code, after its success
      expect(tally.wrong).toBe(tally.rounds * Math.ceil(users.length / 10));
    });
  }

  it('1. A Redis failover accepts used codes again: waitForReplicas on a cluster routes WAIT to the key\'s master; with no replica there it fails closed (both clients)', async () => {
    const nodes = cluster.ports.map((port) => ({ host: '127.0.0.1', port }));
    const io = new Cluster(nodes, { redisOptions: { maxRetriesPerRequest: 1, autoResendUnfulfilledCommands: false } });
    io.on('error', () => {});
    try {
      const wait = { replicas: 1, timeoutMs: 50 };
      for (const client of [io, clients.nodeRedis]) {
        const store = redisStore({ client, prefix: `wait-${client === io ? 'io' : 'node'}:`, waitForReplicas: wait });
        // Never ok. Under load a call can also fail on the cluster connection itself (still closed);
        // most fail on the WAIT shortfall, which proves WAIT reached the key's master.
        let shortfalls = 0;
        for (let i = 0; i < 6; i++) {
          const error = await store.put(`u${i}`, { schema: 1 }, null).then(() => null, (e: unknown) => e);
          expect(error).toMatchObject({ code: 'STORE_UNAVAILABLE' });
          const message = String((error as { cause?: { message?: string } }).cause?.message);
          if (message.startsWith('WAIT: 0 of 1 replicas')) shortfalls++;
          else console.info(`[measure] a put failed closed on something else: ${message}`);
        }
        expect(shortfalls).toBeGreaterThan(0);
        expect(() => redisStore({ client: clients.ioredis, waitForReplicas: wait })).toThrow(/autoResendUnfulfilledCommands/);
      }
    } finally {
      io.disconnect();
    }
  });

  it('10. Key prefix advice: the default prefix spreads users over all three masters; a hash-tag prefix is refused', async () => {
    const store = redisStore({ client: clients.ioredis, prefix: 'spread:' });
    for (let i = 0; i < 300; i++) await store.put(`user-${i}`, { schema: 1 }, null);
    const perMaster = await Promise.all(cluster.ports.map(async (port) => Number(await cli(port, 'eval', "return #redis.call('KEYS', 'spread:*')", '0'))));
    console.info(`[measure] 300 users per master with prefix 'spread:': ${perMaster.join('/')}`);
    expect(perMaster.reduce((a, b) => a + b, 0)).toBe(300);
    for (const n of perMaster) expect(n).toBeGreaterThan(50);
    const tagged = new Set<number>();
    for (let i = 0; i < 300; i++) tagged.add(Number(await clients.ioredis.cluster('KEYSLOT', `{mfa}:user-${i}`)));
    console.info(`[measure] 300 users with prefix '{mfa}:' would use ${tagged.size} slot(s)`);
    expect(tagged.size).toBe(1);
    for (const prefix of ['{mfa}:', 'mfa:{tenant}:', 'a{', '}b']) {
      expect(() => redisStore({ client: clients.ioredis, prefix }), prefix).toThrow(/must not contain \{ or \}.*one slot/);
    }
  });
});

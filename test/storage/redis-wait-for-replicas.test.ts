/** Issue 12 item 1, the option itself, against scripted clients: what WAIT answers decides, never ok on too few. */
import { describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { redisStore } from '../../src/storage/redis.js';

/** A node-redis-shaped client: scripts always succeed (1), WAIT answers `acks`; records the pipelines. */
function scripted(acks: () => unknown) {
  const pipelines: string[][][] = [];
  const reply = (args: string[]) => (args[0] === 'WAIT' ? acks() : args[0] === 'HMGET' ? [null, null] : args[0] === 'CONFIG' ? ['maxmemory-policy', 'noeviction'] : 1);
  return {
    pipelines,
    client: {
      sendCommand: async (args: string[]) => reply(args),
      multi: () => {
        const queued: string[][] = [];
        return {
          addCommand: (args: string[]) => void queued.push(args),
          execAsPipeline: async () => {
            pipelines.push(queued);
            return queued.map(reply);
          },
        };
      },
    },
  };
}

describe('1. A Redis failover accepts used codes again: waitForReplicas', () => {
  it('1. A Redis failover accepts used codes again: each write and its WAIT go out in one pipeline', async () => {
    const s = scripted(() => 2);
    const store = redisStore({ client: s.client, waitForReplicas: { replicas: 2, timeoutMs: 250 } });
    expect(await store.put('u', { schema: 1 }, null)).toBe(true);
    expect(await store.delete('u', 5)).toBe(true);
    expect(s.pipelines.map((p) => p.map((c) => c[0]))).toEqual([['EVALSHA', 'WAIT'], ['EVALSHA', 'WAIT']]);
    expect(s.pipelines[0]![1]).toEqual(['WAIT', '2', '250']);
  });

  it.each([[1], [0], ['garbage'], [new Error('timeout')]])('1. A Redis failover accepts used codes again: WAIT answering %s of 2 is STORE_UNAVAILABLE, never ok', async (acks) => {
    const store = redisStore({ client: scripted(() => { if (acks instanceof Error) throw acks; return acks; }).client, waitForReplicas: { replicas: 2, timeoutMs: 250 } });
    await expect(store.put('u', { schema: 1 }, null)).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    await expect(store.delete('u', 1)).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
  });

  it('1. A Redis failover accepts used codes again: bad options and clients that cannot keep a write and its WAIT together are refused', () => {
    const { client } = scripted(() => 1);
    for (const bad of [{}, { replicas: 0, timeoutMs: 100 }, { replicas: 1, timeoutMs: 0 }, { replicas: 1.5, timeoutMs: 100 }, { replicas: 1, timeoutMs: 100_000 }, 'yes']) {
      expect(() => redisStore({ client, waitForReplicas: bad as never }), JSON.stringify(bad)).toThrow(expect.objectContaining({ field: 'waitForReplicas' }));
    }
    expect(() => redisStore({ client: { sendCommand: client.sendCommand }, waitForReplicas: { replicas: 1, timeoutMs: 100 } }))
      .toThrow(/pipelines/);
    const resending = new Redis({ lazyConnect: true });
    const noResend = new Redis({ lazyConnect: true, autoResendUnfulfilledCommands: false });
    try {
      expect(() => redisStore({ client: resending, waitForReplicas: { replicas: 1, timeoutMs: 100 } })).toThrow(/autoResendUnfulfilledCommands: false/);
      expect(() => redisStore({ client: noResend, waitForReplicas: { replicas: 1, timeoutMs: 100 } })).not.toThrow();
    } finally {
      resending.disconnect();
      noResend.disconnect();
    }
  });
});

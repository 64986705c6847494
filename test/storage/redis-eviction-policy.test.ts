/** The eviction-policy check of the Redis store against scripted clients: reply shapes and refusals. */
import { describe, expect, it } from 'vitest';
import { redisStore } from '../../src/storage/redis.js';

const replyError = (message: string) => Object.assign(new Error(message), { name: 'ReplyError' });

/** A node-redis-shaped client answering CONFIG and INFO as scripted, and HMGET with nothing. */
function scripted(config: () => unknown, info: () => unknown) {
  const seen: string[] = [];
  return {
    seen,
    client: {
      async sendCommand(args: string[]) {
        seen.push(args[0]!);
        if (args[0] === 'CONFIG') return config();
        if (args[0] === 'INFO') return info();
        if (args[0] === 'HMGET') return [null, null];
        throw new Error(`unexpected ${args[0]}`);
      },
    },
  };
}

describe('Redis store: reading maxmemory-policy', () => {
  it.each([
    ['a RESP2 array', () => ['maxmemory-policy', 'volatile-ttl']],
    ['a RESP3 map', () => new Map([['maxmemory-policy', 'noeviction']])],
    ['a RESP3 object', () => ({ 'maxmemory-policy': 'volatile-lfu' })],
    ['bytes', () => [Buffer.from('maxmemory-policy'), Buffer.from('noeviction')]],
  ])('accepts a fine policy in %s, read once', async (_shape, config) => {
    const s = scripted(config, () => '');
    const store = redisStore({ client: s.client });
    expect(await store.get('u')).toBe(null);
    expect(await store.get('u')).toBe(null);
    expect(s.seen).toEqual(['CONFIG', 'HMGET', 'HMGET']);
  });

  it('falls back to INFO memory when CONFIG is refused (NOPERM, renamed), and refuses allkeys-* found there', async () => {
    const s = scripted(() => { throw replyError("NOPERM this user has no permissions to run the 'config' command"); },
      () => '# Memory\r\nused_memory:1000\r\nmaxmemory_policy:allkeys-lfu\r\n');
    await expect(redisStore({ client: s.client }).get('u')).rejects.toMatchObject({ code: 'INVALID_OPTION', field: 'allowEviction' });
    expect(s.seen).toEqual(['CONFIG', 'INFO']);
  });

  it('refuses when neither CONFIG nor INFO tells the policy, unless allowEviction: true', async () => {
    const s = scripted(() => [], () => '# Memory\r\nused_memory:1000\r\n');
    await expect(redisStore({ client: s.client }).get('u')).rejects.toThrow(/could not read the server's maxmemory-policy/);
    expect(await redisStore({ client: s.client, allowEviction: true }).get('u')).toBe(null);
  });

  it('a server that cannot be reached is STORE_UNAVAILABLE (retried on the next call), not a policy refusal', async () => {
    let down = true;
    const fail = () => {
      if (down) throw Object.assign(new Error('Connection is closed.'), { code: 'ECONNRESET' });
      return ['maxmemory-policy', 'noeviction'];
    };
    const s = scripted(fail, () => fail() && '');
    const store = redisStore({ client: s.client });
    await expect(store.get('u')).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    down = false;
    expect(await store.get('u')).toBe(null);
  });

  it('allowEviction must be a boolean', () => {
    const s = scripted(() => [], () => '');
    expect(() => redisStore({ client: s.client, allowEviction: 'yes' as never })).toThrow(expect.objectContaining({ field: 'allowEviction' }));
  });
});

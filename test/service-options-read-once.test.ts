// createMfa and aesGcmCipher read each option once, before checking it: a getter cannot pass the
// check with one value and be used with another; null options are INVALID_OPTION.
import { describe, expect, it } from 'vitest';
import { OtpError, aesGcmCipher, createMfa, memoryStore } from '../src/index.js';
import { postgresStore } from '../src/storage/postgres.js';
import { redisStore } from '../src/storage/redis.js';
import { sqliteStore } from '../src/storage/sqlite.js';

const KEY = Buffer.alloc(32, 7).toString('base64');
const binding = { userId: 'u1', factor: 'active', createdAt: 1 } as const;

describe('service options are read once', () => {
  it('a currentKeyId that names a known key when checked and another when used encrypts under the checked key', async () => {
    let reads = 0;
    const options = { keys: { k1: KEY } } as unknown as { keys: Record<string, string>; currentKeyId: string };
    Object.defineProperty(options, 'currentKeyId', { get: () => (reads++ === 0 ? 'k1' : 'unknown') });
    const cipher = aesGcmCipher(options);
    const envelope = await cipher.encrypt('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', binding);
    expect(envelope.kid).toBe('k1');
    expect(cipher.isCurrent(envelope)).toBe(true);
    expect(await cipher.decrypt(envelope, binding)).toBe('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP');
    expect(reads).toBe(1);
  });

  it('createMfa reads each option and each totp parameter once', async () => {
    const reads: Record<string, number> = {};
    const counted = <T extends object>(values: T): T => {
      const target = {} as T;
      for (const [key, value] of Object.entries(values)) {
        Object.defineProperty(target, key, { enumerable: true, get: () => ((reads[key] = (reads[key] ?? 0) + 1), value) });
      }
      return target;
    };
    const mfa = createMfa(counted({ store: memoryStore(), issuer: 'Acme', now: () => 1_700_000_000_000, totp: counted({ digits: 8, period: 30 }) }) as never);
    const started = await mfa.beginEnrollment('u1', { accountName: 'a@example.com' });
    expect(started.ok && started.uri).toContain('digits=8');
    for (const key of ['store', 'issuer', 'now', 'totp', 'digits', 'period']) expect(reads[key], key).toBe(1);
  });

  it.each([
    ['createMfa(null)', () => createMfa(null as never)],
    ['aesGcmCipher(null)', () => aesGcmCipher(null as never)],
    ['createMfa with totp null', () => createMfa({ store: memoryStore(), issuer: 'Acme', totp: null as never })],
    ['createMfa with policy null', () => createMfa({ store: memoryStore(), issuer: 'Acme', policy: null as never })],
    ['createMfa with now not a function', () => createMfa({ store: memoryStore(), issuer: 'Acme', now: 5 as never })],
    ['sqliteStore(null)', () => sqliteStore(null as never)],
    ['redisStore(null)', () => redisStore(null as never)],
    ['postgresStore(null)', () => postgresStore(null as never)],
    ['sqliteStore without a db', () => sqliteStore({} as never)],
    ['postgresStore without a pool', () => postgresStore({} as never)],
  ])('%s is INVALID_OPTION', (_, call) => {
    expect(call).toThrowError(OtpError);
    expect(call).toThrowError(expect.objectContaining({ code: 'INVALID_OPTION' }));
  });
});

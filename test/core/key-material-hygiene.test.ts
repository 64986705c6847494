// Every hash goes through @noble/hashes, every key byte and pad is zeroed after use, and nothing is
// kept between calls: caller code that runs during a call (a getter, a Proxy) and calls back into the
// library cannot change any result.
import { describe, expect, it, vi } from 'vitest';

const record = vi.hoisted(() => ({ hashed: [] as Uint8Array[], keys: [] as Uint8Array[], creates: 0 }));
vi.mock('@noble/hashes/legacy.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('@noble/hashes/legacy.js')>();
  const sha1 = Object.assign((message: Uint8Array) => (record.hashed.push(message), real.sha1(message)), {
    blockLen: real.sha1.blockLen,
    outputLen: real.sha1.outputLen,
    create: () => {
      record.creates++;
      const hash = real.sha1.create();
      const update = hash.update.bind(hash);
      hash.update = (data: Uint8Array) => {
        record.hashed.push(data);
        update(data);
        return hash;
      };
      return hash;
    },
  });
  return { ...real, sha1 };
});
vi.mock('../../src/hmac.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/hmac.js')>();
  return {
    ...real,
    keyHotpHmac: (algorithm: Parameters<typeof real.keyHotpHmac>[0], key: Uint8Array) => {
      record.keys.push(key);
      return real.keyHotpHmac(algorithm, key);
    },
    hotpTruncate: (algorithm: Parameters<typeof real.hotpTruncate>[0], key: Uint8Array, hi: number, lo: number) => {
      record.keys.push(key);
      return real.hotpTruncate(algorithm, key, hi, lo);
    },
  };
});

const { generateHotp, generateTotp, verifyHotp, verifyTotp } = await import('../../src/index.js');

const SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const KEY = new TextEncoder().encode('12345678901234567890');
const NOW = 1_111_111_109_000;
const allZero = (bytes: Uint8Array): boolean => bytes.every((b) => b === 0);

describe('SHA-1 and HMAC come from @noble/hashes', () => {
  it('a TOTP computation creates noble SHA-1 instances and feeds them the pads and counters', () => {
    record.creates = 0;
    generateTotp(SECRET, { now: NOW });
    expect(record.creates).toBeGreaterThanOrEqual(2);
  });
});

describe('key bytes and pads are zeroed after use', () => {
  it.each([
    ['generateTotp with base32 text', () => generateTotp(SECRET, { now: NOW })],
    ['generateTotp with bytes', () => generateTotp(KEY, { now: NOW })],
    ['verifyTotp, right code', () => verifyTotp(SECRET, generateTotp(SECRET, { now: NOW }), { now: NOW })],
    ['verifyTotp, wrong code', () => verifyTotp(SECRET, '000000', { now: NOW, window: 3 })],
    ['generateHotp', () => generateHotp(KEY, 7)],
    ['verifyHotp', () => verifyHotp(SECRET, '000000', { counter: 0, lookAhead: 4 })],
    ['a key longer than a block (hashed first)', () => generateTotp(new Uint8Array(100).fill(9), { now: NOW })],
  ])('%s', (_, call) => {
    record.hashed = [];
    record.keys = [];
    call();
    expect(record.keys.length).toBeGreaterThan(0);
    expect(record.hashed.length).toBeGreaterThan(0);
    for (const key of record.keys) expect(allZero(key)).toBe(true);
    for (const bytes of record.hashed) expect(allZero(bytes)).toBe(true);
  });

  it("the caller's own key bytes are left alone", () => {
    const key = KEY.slice();
    generateTotp(key, { now: NOW });
    expect(key).toEqual(KEY);
  });
});

describe('no state survives between calls', () => {
  it('a now getter that calls back into the library with another key changes nothing', () => {
    const plain = verifyTotp(SECRET, generateTotp(SECRET, { now: NOW }), { now: NOW });
    const options = {
      get now() {
        generateTotp(new Uint8Array(64).fill(1), { now: 5, algorithm: 'SHA512', digits: 8 });
        verifyTotp(KEY, '123456', { now: 7, window: 10 });
        return NOW;
      },
    };
    expect(verifyTotp(SECRET, generateTotp(SECRET, { now: NOW }), options)).toEqual(plain);
  });

  it('a Proxy of options whose every read calls the library gives the plain result', () => {
    const expected = generateTotp(SECRET, { now: NOW, algorithm: 'SHA256', digits: 8 });
    const target = { now: NOW, algorithm: 'SHA256', digits: 8 } as const;
    const proxy = new Proxy(target, {
      get(t, key, receiver) {
        generateHotp(new Uint8Array(200).fill(2), 99, { algorithm: 'SHA1' });
        return Reflect.get(t, key, receiver);
      },
    });
    expect(generateTotp(SECRET, proxy)).toBe(expected);
  });

  it('interleaved keys and algorithms give the same codes as separate calls', () => {
    const a = generateTotp(SECRET, { now: NOW, algorithm: 'SHA512' });
    generateHotp(new Uint8Array(300).fill(5), 1, { algorithm: 'SHA256' });
    expect(generateTotp(SECRET, { now: NOW, algorithm: 'SHA512' })).toBe(a);
  });
});

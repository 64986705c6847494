// Counters past 2^31, 2^32, near 2^53 and up to 2^64-1 agree with oathtool (and otplib where it reaches).
import { describe, expect, it } from 'vitest';
import { generateSync } from 'otplib';
import { generateHotp, generateTotp, type Algorithm } from '../src/index.js';
import { OATHTOOL, hex, oathtoolHotp, requireTool } from './helpers/oracles.js';

const KEY = new TextEncoder().encode('12345678901234567890');
const KEY_HEX = hex(KEY);
const TWO = (n: number) => 2n ** BigInt(n);

const COUNTERS: bigint[] = [
  TWO(31) - 1n,
  TWO(31),
  TWO(31) + 100n,
  TWO(32) - 1n,
  TWO(32),
  TWO(32) + 1n,
  TWO(53) - 2n,
  TWO(53) - 1n,
  TWO(53),
  TWO(53) + 1n,
  TWO(63),
  TWO(64) - 2n,
  TWO(64) - 1n,
];

describe('64-bit counters', () => {
  const skip = requireTool(OATHTOOL, 'oathtool');

  it.skipIf(skip !== null).each(COUNTERS.map((c) => [c.toString(), c] as const))('HOTP counter %s matches oathtool', (_, counter) => {
    expect([generateHotp(KEY, counter)]).toEqual(oathtoolHotp(KEY_HEX, counter, 'SHA1', 6));
    expect([generateHotp(KEY, counter, { digits: 8 })]).toEqual(oathtoolHotp(KEY_HEX, counter, 'SHA1', 8));
  });

  it.skipIf(skip !== null).each(['SHA256', 'SHA512'] as Algorithm[])('%s at counters past 2^32 matches oathtool', (algorithm) => {
    // oathtool applies SHA-256/512 only in TOTP mode; with a 1 s period, time t is counter t.
    // Its time argument must fit a signed 64-bit time_t, so stay below 2^62 here.
    for (const counter of [TWO(31) + 100n, TWO(32) + 7n, TWO(53) - 1n, TWO(53) + 3n]) {
      expect([generateHotp(KEY, counter, { algorithm, digits: 8 })]).toEqual(oathtoolHotp(KEY_HEX, counter, algorithm, 8));
    }
  });

  it('number and bigint counters agree wherever both are allowed', () => {
    for (const c of COUNTERS.filter((c) => c <= BigInt(Number.MAX_SAFE_INTEGER))) {
      expect(generateHotp(KEY, Number(c))).toBe(generateHotp(KEY, c));
    }
  });

  it('agrees with otplib up to 2^53-1', () => {
    for (const c of COUNTERS.filter((c) => c <= BigInt(Number.MAX_SAFE_INTEGER))) {
      expect(generateHotp(KEY, c)).toBe(generateSync({ strategy: 'hotp', secret: KEY, counter: Number(c) }));
    }
  });

  it('a 1 s period at step 2^31+100 gives the 64-bit code, not the 32-bit-truncated one (speakeasy, @epic-web/totp get it wrong)', () => {
    const now = (2 ** 31 + 100) * 1000;
    const code = generateTotp(KEY, { now, period: 1 });
    expect(code).toBe(generateHotp(KEY, 2n ** 31n + 100n));
    expect(code).toBe('355975'); // oathtool --totp -s 1s -N @2147483748 3132...3930
    expect(code).not.toBe(generateHotp(KEY, (2 ** 31 + 100) % 2 ** 31)); // what a 32-bit counter would give
  });
});

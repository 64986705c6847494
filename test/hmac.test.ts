// The core's HMAC-SHA1/256/512 (src/hmac.ts, on @noble/hashes hash instances) against two implementations,
// node:crypto and @noble/hashes, for keys of every length around the block sizes (short keys are
// padded, keys longer than a block are hashed first) and counters across the whole 64-bit range.
import { createHmac } from 'node:crypto';
import { hmac } from '@noble/hashes/hmac.js';
import { sha1 } from '@noble/hashes/legacy.js';
import { sha256, sha512 } from '@noble/hashes/sha2.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateHotp, type Algorithm } from '../src/index.js';

const NODE_NAME: Record<Algorithm, string> = { SHA1: 'sha1', SHA256: 'sha256', SHA512: 'sha512' };
const NOBLE = { SHA1: sha1, SHA256: sha256, SHA512: sha512 };

function counterBytes(counter: bigint): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, counter);
  return out;
}

/** RFC 4226 §5.3 dynamic truncation of a full HMAC, then the code. */
function codeFrom(mac: Uint8Array, digits: number): string {
  const o = mac[mac.length - 1]! & 0x0f;
  const bin = ((mac[o]! & 0x7f) << 24) | (mac[o + 1]! << 16) | (mac[o + 2]! << 8) | mac[o + 3]!;
  return String(bin % 10 ** digits).padStart(digits, '0');
}

const arbAlgorithm = fc.constantFrom<Algorithm>('SHA1', 'SHA256', 'SHA512');
const arbCounter = fc.bigInt({ min: 0n, max: 2n ** 64n - 1n });

describe('HMAC against node:crypto and @noble/hashes', () => {
  it('every key length from 16 to 300 bytes (across the 64- and 128-byte block edges)', () => {
    for (const algorithm of ['SHA1', 'SHA256', 'SHA512'] as Algorithm[]) {
      for (let length = 16; length <= 300; length++) {
        const key = Uint8Array.from({ length }, (_, i) => (i * 31 + length) & 0xff);
        const counter = BigInt(length) * 0x1_0000_0001n;
        const mac = new Uint8Array(createHmac(NODE_NAME[algorithm], key).update(counterBytes(counter)).digest());
        expect(generateHotp(key, counter, { algorithm, digits: 8 }), `${algorithm} key ${length}`).toBe(codeFrom(mac, 8));
      }
    }
  });

  it('property: random keys, counters, algorithms and digits agree with both', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 300 }), arbCounter, arbAlgorithm, fc.constantFrom(6, 7, 8 as const), (key, counter, algorithm, digits) => {
        const message = counterBytes(counter);
        const viaNode = codeFrom(new Uint8Array(createHmac(NODE_NAME[algorithm], key).update(message).digest()), digits);
        const viaNoble = codeFrom(hmac(NOBLE[algorithm], key, message), digits);
        const ours = generateHotp(key, counter, { algorithm, digits });
        expect(ours).toBe(viaNode);
        expect(ours).toBe(viaNoble);
      }),
      { numRuns: 3000 },
    );
  });

  it('one key after another never leaks state between calls', () => {
    const a = new Uint8Array(20).fill(1);
    const b = new Uint8Array(200).fill(2);
    const first = generateHotp(a, 5, { algorithm: 'SHA512' });
    generateHotp(b, 7, { algorithm: 'SHA1' });
    generateHotp(b, 9, { algorithm: 'SHA256' });
    expect(generateHotp(a, 5, { algorithm: 'SHA512' })).toBe(first);
  });
});

/**
 * HMAC (RFC 2104) for HOTP on `@noble/hashes`: the key's inner and outer pads are absorbed into two
 * noble hash instances once per call, and each counter then clones those states into a working
 * instance, which costs exactly two compressions (the counter block and the digest block) and no
 * key work. Every call owns its instances; nothing is kept between calls. Internal.
 * @module
 */
import { sha1 } from '@noble/hashes/legacy.js';
import { sha256, sha512 } from '@noble/hashes/sha2.js';
import type { Algorithm } from './params.js';

const HASHES = { SHA1: sha1, SHA256: sha256, SHA512: sha512 } as const;

type HashInstance = ReturnType<(typeof HASHES)[Algorithm]['create']>;

/** A keyed HOTP HMAC: the dynamically truncated value (RFC 4226 §5.3) of any 8-byte counter. */
export interface HotpHmac {
  /** The 31-bit dynamic truncation of HMAC(key, hi:lo), the counter's high and low 32-bit halves. */
  truncate(hi: number, lo: number): number;
  /** Zeroes the keyed states and the working buffers; the instance cannot be used afterwards. */
  destroy(): void;
}

/** The two hash instances with the key's inner and outer pads absorbed (RFC 2104). */
function absorbPads(algorithm: Algorithm, key: Uint8Array): [inner: HashInstance, outer: HashInstance] {
  const hash = HASHES[algorithm];
  const blockLen = hash.blockLen;
  const half = blockLen / 2;
  // The padded key in two halves: noble buffers a partial block and compresses it from its own
  // buffer, which saves building a DataView over each pad (the cost that dominates a TOTP call).
  const low = new Uint8Array(half);
  const high = new Uint8Array(half);
  const long = key.length > blockLen ? hash(key) : undefined;
  const source = long ?? key;
  low.set(source.length > half ? source.subarray(0, half) : source);
  if (source.length > half) high.set(source.subarray(half));
  long?.fill(0);
  const absorb = (xor: number): HashInstance => {
    for (let i = 0; i < half; i++) {
      low[i]! ^= xor;
      high[i]! ^= xor;
    }
    return hash.create().update(low).update(high);
  };
  const inner = absorb(0x36);
  const outer = absorb(0x36 ^ 0x5c);
  low.fill(0);
  high.fill(0);
  return [inner, outer];
}

/** The counter as 8 big-endian bytes. */
function counterBytes(counter: Uint8Array, hi: number, lo: number): Uint8Array {
  for (let i = 0; i < 4; i++) {
    counter[i] = hi >>> (24 - 8 * i);
    counter[4 + i] = lo >>> (24 - 8 * i);
  }
  return counter;
}

/** RFC 4226 §5.3 dynamic truncation of the HMAC `mac`; zeroes it and the inner digest it came from. */
function truncated(mac: Uint8Array, innerDigest: Uint8Array): number {
  innerDigest.fill(0);
  const offset = mac[mac.length - 1]! & 0x0f;
  const value = ((mac[offset]! & 0x7f) << 24) | (mac[offset + 1]! << 16) | (mac[offset + 2]! << 8) | mac[offset + 3]!;
  mac.fill(0);
  return value;
}

/**
 * Keys an HOTP HMAC with `key` under `algorithm`, for several counters. The caller may zero `key` as
 * soon as this returns: only the two pad states are kept, and the padded key block is zeroed here.
 * @example
 * ```ts
 * const mac = keyHotpHmac('SHA1', key);
 * try { mac.truncate(0, 1); } finally { mac.destroy(); }
 * ```
 */
export function keyHotpHmac(algorithm: Algorithm, key: Uint8Array): HotpHmac {
  const [inner, outer] = absorbPads(algorithm, key);
  // One working instance serves both hashes of every step: `_cloneInto` overwrites its whole state.
  const work: HashInstance = HASHES[algorithm].create();
  const counter = new Uint8Array(8);
  return {
    truncate(hi, lo) {
      inner._cloneInto(work as never);
      // digest() writes through the instance's own buffer and view and returns a copy of the digest.
      const innerDigest = work.update(counterBytes(counter, hi, lo)).digest();
      outer._cloneInto(work as never);
      return truncated(work.update(innerDigest).digest(), innerDigest);
    },
    destroy() {
      inner.destroy();
      outer.destroy();
      work.destroy();
      counter.fill(0);
    },
  };
}

/**
 * The dynamically truncated HMAC of one counter: the pad states are used up by the one step, so
 * nothing is cloned. The caller may zero `key` afterwards.
 * @example
 * ```ts
 * hotpTruncate('SHA1', key, 0, 1);
 * ```
 */
export function hotpTruncate(algorithm: Algorithm, key: Uint8Array, hi: number, lo: number): number {
  const [inner, outer] = absorbPads(algorithm, key);
  const counter = new Uint8Array(8);
  try {
    const innerDigest = inner.update(counterBytes(counter, hi, lo)).digest();
    return truncated(outer.update(innerDigest).digest(), innerDigest);
  } finally {
    inner.destroy();
    outer.destroy();
    counter.fill(0);
  }
}

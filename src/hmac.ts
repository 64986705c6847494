/**
 * HMAC (RFC 2104) for HOTP on `@noble/hashes`: the key's inner and outer pads are absorbed into two
 * noble hash instances once per call, and each counter then clones those states into two working
 * instances, which costs exactly two compressions (the counter block and the digest block) and no
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

/**
 * Keys an HOTP HMAC with `key` under `algorithm`. The caller may zero `key` as soon as this returns:
 * only the two pad states are kept, and the padded key block is zeroed here.
 * @example
 * ```ts
 * const mac = keyHotpHmac('SHA1', key);
 * try { mac.truncate(0, 1); } finally { mac.destroy(); }
 * ```
 */
export function keyHotpHmac(algorithm: Algorithm, key: Uint8Array): HotpHmac {
  const hash = HASHES[algorithm];
  const blockLen = hash.blockLen;
  const pad = new Uint8Array(blockLen);
  if (key.length > blockLen) {
    const digest = hash(key);
    pad.set(digest);
    digest.fill(0);
  } else {
    pad.set(key);
  }
  for (let i = 0; i < blockLen; i++) pad[i]! ^= 0x36;
  const inner: HashInstance = hash.create().update(pad);
  for (let i = 0; i < blockLen; i++) pad[i]! ^= 0x36 ^ 0x5c;
  const outer: HashInstance = hash.create().update(pad);
  pad.fill(0);

  const innerWork: HashInstance = hash.create();
  const outerWork: HashInstance = hash.create();
  const counter = new Uint8Array(8);
  const counterView = new DataView(counter.buffer);
  const digest = new Uint8Array(hash.outputLen);
  return {
    truncate(hi, lo) {
      counterView.setUint32(0, hi);
      counterView.setUint32(4, lo);
      inner._cloneInto(innerWork as never);
      innerWork.update(counter);
      innerWork.digestInto(digest);
      outer._cloneInto(outerWork as never);
      outerWork.update(digest);
      outerWork.digestInto(digest);
      const offset = digest[digest.length - 1]! & 0x0f;
      const value =
        ((digest[offset]! & 0x7f) << 24) | (digest[offset + 1]! << 16) | (digest[offset + 2]! << 8) | digest[offset + 3]!;
      digest.fill(0);
      return value;
    },
    destroy() {
      inner.destroy();
      outer.destroy();
      innerWork.destroy();
      outerWork.destroy();
      counter.fill(0);
      digest.fill(0);
    },
  };
}

/**
 * HMAC (RFC 2104) specialised for HOTP: a key's inner and outer chaining values are computed once,
 * then each 8-byte counter costs exactly two compressions, with no allocation. Everything is
 * synchronous, so one set of module-level scratch buffers serves every call. Internal.
 * @module
 */
import { BLOCK_WORDS, H, type HashIndex, STATE_WORDS, W, compress, initialValue } from './sha.js';

export type { HashIndex };

const TWO_32 = 0x1_0000_0000;
const KEY_WORDS = new Int32Array(32);
const TAIL = new Uint8Array(256);
// The current key's chaining values: inner at 0, outer at STATE_WORDS[hash].
const KEY_STATE = new Int32Array(32);
let current: HashIndex = 0;

/** Big-endian 32-bit word of `bytes` at `i`, with bytes at or past `end` read as 0. */
function wordAt(bytes: Uint8Array, i: number, end: number): number {
  return (
    ((i < end ? bytes[i]! : 0) << 24) |
    ((i + 1 < end ? bytes[i + 1]! : 0) << 16) |
    ((i + 2 < end ? bytes[i + 2]! : 0) << 8) |
    (i + 3 < end ? bytes[i + 3]! : 0)
  );
}

/** The hash of `bytes[0..length)` into H; only for HMAC keys longer than a block. */
function hashLong(hash: HashIndex, bytes: Uint8Array, length: number): void {
  const words = BLOCK_WORDS[hash];
  const blockBytes = words * 4;
  H.set(initialValue(hash));
  let at = 0;
  for (; at + blockBytes <= length; at += blockBytes) {
    for (let i = 0; i < words; i++) W[i] = wordAt(bytes, at + 4 * i, length);
    compress(hash, H, 0);
  }
  const rest = length - at;
  TAIL.fill(0);
  TAIL.set(bytes.subarray(at, length));
  TAIL[rest] = 0x80;
  // The length field takes the last 8 (SHA-1, SHA-256) or 16 (SHA-512) bytes of the last block.
  const blocks = rest + 1 + blockBytes / 8 <= blockBytes ? 1 : 2;
  const end = blocks * blockBytes;
  const bits = length * 8;
  TAIL[end - 5] = Math.floor(bits / TWO_32);
  TAIL[end - 4] = bits >>> 24;
  TAIL[end - 3] = bits >>> 16;
  TAIL[end - 2] = bits >>> 8;
  TAIL[end - 1] = bits;
  for (let block = 0; block < blocks; block++) {
    for (let i = 0; i < words; i++) W[i] = wordAt(TAIL, block * blockBytes + 4 * i, end);
    compress(hash, H, 0);
  }
  TAIL.fill(0);
}

/** Makes `key[0..length)` the current HMAC key: computes its inner and outer chaining values. */
export function hmacSetKey(hash: HashIndex, key: Uint8Array, length: number): void {
  current = hash;
  const words = BLOCK_WORDS[hash];
  const stateWords = STATE_WORDS[hash];
  const K = KEY_WORDS;
  if (length > words * 4) {
    hashLong(hash, key, length);
    for (let i = 0; i < words; i++) K[i] = i < stateWords ? H[i]! : 0;
  } else {
    for (let i = 0; i < words; i++) K[i] = wordAt(key, 4 * i, length);
  }
  const iv = initialValue(hash);
  for (let i = 0; i < words; i++) W[i] = K[i]! ^ 0x36363636;
  compress(hash, iv, 0);
  for (let i = 0; i < stateWords; i++) KEY_STATE[i] = H[i]!;
  for (let i = 0; i < words; i++) W[i] = K[i]! ^ 0x5c5c5c5c;
  compress(hash, iv, 0);
  for (let i = 0; i < stateWords; i++) KEY_STATE[stateWords + i] = H[i]!;
  // Clear the padded key words (KEY_STATE keeps only the two chaining values until the next key).
  for (let i = 0; i < words; i++) K[i] = W[i] = 0;
}

/** HMAC of the 8-byte counter `hi:lo` under the current key, dynamically truncated (RFC 4226 §5.3). */
export function hmacTruncate(hi: number, lo: number): number {
  const hash = current;
  const words = BLOCK_WORDS[hash];
  const stateWords = STATE_WORDS[hash];
  // Inner block: the counter, the 0x80 marker, and the bit length of the ipad block plus 8 bytes.
  W[0] = hi;
  W[1] = lo;
  W[2] = 0x80000000;
  for (let i = 3; i < words - 1; i++) W[i] = 0;
  W[words - 1] = (words * 4 + 8) * 8;
  compress(hash, KEY_STATE, 0);
  // Outer block: the inner digest, the marker, and the bit length of the opad block plus the digest.
  for (let i = 0; i < stateWords; i++) W[i] = H[i]!;
  W[stateWords] = 0x80000000;
  for (let i = stateWords + 1; i < words - 1; i++) W[i] = 0;
  W[words - 1] = (words + stateWords) * 4 * 8;
  compress(hash, KEY_STATE, stateWords);
  const offset = H[stateWords - 1]! & 0x0f;
  const word = offset >>> 2;
  const shift = (offset & 3) * 8;
  const value = shift === 0 ? H[word]! : (H[word]! << shift) | (H[word + 1]! >>> (32 - shift));
  return value & 0x7fffffff;
}

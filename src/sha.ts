/**
 * The compression functions of SHA-1, SHA-256 and SHA-512 (FIPS 180-4) on 32-bit words, for the
 * HOTP HMAC in `hmac.ts`. A block is read from the scratch `W` and the new chaining value is
 * written to `H`; nothing allocates. Internal.
 * @module
 */

/** 0 = SHA-1, 1 = SHA-256, 2 = SHA-512. */
export type HashIndex = 0 | 1 | 2;
/** Block size in 32-bit words. */
export const BLOCK_WORDS = [16, 16, 32] as const;
/** Chaining value (and digest) size in 32-bit words. */
export const STATE_WORDS = [5, 8, 16] as const;

/** The message schedule; callers put a block's words in W[0..BLOCK_WORDS). */
export const W = new Int32Array(160);
/** The chaining value written by {@link compress}. */
export const H = new Int32Array(16);

const SHA1_IV = Int32Array.of(0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0);
// SHA-2 constants are the first 64 fraction bits of square roots (IVs) and cube roots (round
// constants) of the first primes (FIPS 180-4 §4.2.2, §4.2.3, §5.3.3, §5.3.5); they are computed
// exactly with BigInt on first use instead of being shipped as tables.
let SHA512_K: Int32Array | undefined; // hi, lo pairs
let SHA512_IV: Int32Array | undefined;
let SHA256_K: Int32Array | undefined;
let SHA256_IV: Int32Array | undefined;

function rootFraction(p: number, k: 2 | 3): bigint {
  const n = BigInt(p) << BigInt(64 * k);
  const kk = BigInt(k);
  // Newton's method from above converges to floor(n^(1/k)).
  let x = (BigInt(Math.ceil(p ** (1 / k) * 2 ** 20)) + 1n) << 44n;
  for (;;) {
    const y = ((kk - 1n) * x + n / x ** (kk - 1n)) / kk;
    if (y >= x) return x & 0xffff_ffff_ffff_ffffn;
    x = y;
  }
}

function sha2Constants(): void {
  if (SHA512_K !== undefined) return;
  const primes: number[] = [];
  for (let n = 2; primes.length < 80; n++) if (primes.every((p) => n % p !== 0)) primes.push(n);
  const pairs = (roots: bigint[]): Int32Array => {
    const out = new Int32Array(roots.length * 2);
    roots.forEach((r, i) => {
      out[2 * i] = Number(r >> 32n);
      out[2 * i + 1] = Number(r & 0xffff_ffffn);
    });
    return out;
  };
  SHA512_K = pairs(primes.map((p) => rootFraction(p, 3)));
  SHA512_IV = pairs(primes.slice(0, 8).map((p) => rootFraction(p, 2)));
  SHA256_K = SHA512_K.filter((_, i) => i % 2 === 0 && i < 128);
  SHA256_IV = SHA512_IV.filter((_, i) => i % 2 === 0);
}

function sha1Block(state: Int32Array, at: number): void {
  const w = W;
  for (let i = 16; i < 80; i++) {
    const x = w[i - 3]! ^ w[i - 8]! ^ w[i - 14]! ^ w[i - 16]!;
    w[i] = (x << 1) | (x >>> 31);
  }
  let a = state[at]!;
  let b = state[at + 1]!;
  let c = state[at + 2]!;
  let d = state[at + 3]!;
  let e = state[at + 4]!;
  // Four loops of 20 rounds, one per round function, keep each loop branch-free.
  for (let i = 0; i < 20; i++) {
    const t = (((a << 5) | (a >>> 27)) + ((b & c) | (~b & d)) + e + w[i]! + 0x5a827999) | 0;
    e = d;
    d = c;
    c = (b << 30) | (b >>> 2);
    b = a;
    a = t;
  }
  for (let i = 20; i < 40; i++) {
    const t = (((a << 5) | (a >>> 27)) + (b ^ c ^ d) + e + w[i]! + 0x6ed9eba1) | 0;
    e = d;
    d = c;
    c = (b << 30) | (b >>> 2);
    b = a;
    a = t;
  }
  for (let i = 40; i < 60; i++) {
    const t = (((a << 5) | (a >>> 27)) + ((b & c) | (b & d) | (c & d)) + e + w[i]! + 0x8f1bbcdc) | 0;
    e = d;
    d = c;
    c = (b << 30) | (b >>> 2);
    b = a;
    a = t;
  }
  for (let i = 60; i < 80; i++) {
    const t = (((a << 5) | (a >>> 27)) + (b ^ c ^ d) + e + w[i]! + 0xca62c1d6) | 0;
    e = d;
    d = c;
    c = (b << 30) | (b >>> 2);
    b = a;
    a = t;
  }
  H[0] = state[at]! + a;
  H[1] = state[at + 1]! + b;
  H[2] = state[at + 2]! + c;
  H[3] = state[at + 3]! + d;
  H[4] = state[at + 4]! + e;
}

const rotr = (x: number, n: number): number => (x >>> n) | (x << (32 - n));

function sha256Block(state: Int32Array, at: number): void {
  const w = W;
  const k = SHA256_K!;
  for (let i = 16; i < 64; i++) {
    const x = w[i - 15]!;
    const y = w[i - 2]!;
    w[i] = (rotr(x, 7) ^ rotr(x, 18) ^ (x >>> 3)) + (rotr(y, 17) ^ rotr(y, 19) ^ (y >>> 10)) + w[i - 16]! + w[i - 7]!;
  }
  let a = state[at]!;
  let b = state[at + 1]!;
  let c = state[at + 2]!;
  let d = state[at + 3]!;
  let e = state[at + 4]!;
  let f = state[at + 5]!;
  let g = state[at + 6]!;
  let h = state[at + 7]!;
  for (let i = 0; i < 64; i++) {
    const t1 = (h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + k[i]! + w[i]!) | 0;
    const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  H[0] = state[at]! + a;
  H[1] = state[at + 1]! + b;
  H[2] = state[at + 2]! + c;
  H[3] = state[at + 3]! + d;
  H[4] = state[at + 4]! + e;
  H[5] = state[at + 5]! + f;
  H[6] = state[at + 6]! + g;
  H[7] = state[at + 7]! + h;
}

// 64-bit words as (hi, lo) pairs of int32. hiR/loR rotate right by n in 1..31; a rotation by 32 + n
// is the same with hi and lo swapped.
const hiR = (h: number, l: number, n: number): number => (h >>> n) | (l << (32 - n));
const loR = (h: number, l: number, n: number): number => (l >>> n) | (h << (32 - n));
const TWO_32 = 0x1_0000_0000;
// The high word carried out of a sum of unsigned low words.
const carry = (lowSum: number): number => (lowSum / TWO_32) | 0;

function sha512Block(state: Int32Array, at: number): void {
  const w = W;
  const k = SHA512_K!;
  for (let i = 32; i < 160; i += 2) {
    const xh = w[i - 30]!;
    const xl = w[i - 29]!;
    const yh = w[i - 4]!;
    const yl = w[i - 3]!;
    // σ0 = rotr 1 ^ rotr 8 ^ shr 7; σ1 = rotr 19 ^ rotr 61 ^ shr 6.
    const s0h = hiR(xh, xl, 1) ^ hiR(xh, xl, 8) ^ (xh >>> 7);
    const s0l = loR(xh, xl, 1) ^ loR(xh, xl, 8) ^ loR(xh, xl, 7);
    const s1h = hiR(yh, yl, 19) ^ hiR(yl, yh, 29) ^ (yh >>> 6);
    const s1l = loR(yh, yl, 19) ^ loR(yl, yh, 29) ^ loR(yh, yl, 6);
    const low = (s0l >>> 0) + (s1l >>> 0) + (w[i - 32 + 1]! >>> 0) + (w[i - 14 + 1]! >>> 0);
    w[i] = s0h + s1h + w[i - 32]! + w[i - 14]! + carry(low);
    w[i + 1] = low;
  }
  let ah = state[at]!, al = state[at + 1]!, bh = state[at + 2]!, bl = state[at + 3]!;
  let ch = state[at + 4]!, cl = state[at + 5]!, dh = state[at + 6]!, dl = state[at + 7]!;
  let eh = state[at + 8]!, el = state[at + 9]!, fh = state[at + 10]!, fl = state[at + 11]!;
  let gh = state[at + 12]!, gl = state[at + 13]!, hh = state[at + 14]!, hl = state[at + 15]!;
  for (let i = 0; i < 160; i += 2) {
    // Σ1(e) = rotr 14 ^ rotr 18 ^ rotr 41; Ch(e, f, g).
    const S1h = hiR(eh, el, 14) ^ hiR(eh, el, 18) ^ hiR(el, eh, 9);
    const S1l = loR(eh, el, 14) ^ loR(eh, el, 18) ^ loR(el, eh, 9);
    const t1low = (hl >>> 0) + (S1l >>> 0) + (((el & fl) ^ (~el & gl)) >>> 0) + (k[i + 1]! >>> 0) + (w[i + 1]! >>> 0);
    const t1h = (hh + S1h + ((eh & fh) ^ (~eh & gh)) + k[i]! + w[i]! + carry(t1low)) | 0;
    const t1l = t1low | 0;
    // Σ0(a) = rotr 28 ^ rotr 34 ^ rotr 39; Maj(a, b, c).
    const S0h = hiR(ah, al, 28) ^ hiR(al, ah, 2) ^ hiR(al, ah, 7);
    const S0l = loR(ah, al, 28) ^ loR(al, ah, 2) ^ loR(al, ah, 7);
    const t2low = (S0l >>> 0) + (((al & bl) ^ (al & cl) ^ (bl & cl)) >>> 0);
    const t2h = (S0h + ((ah & bh) ^ (ah & ch) ^ (bh & ch)) + carry(t2low)) | 0;
    const t2l = t2low | 0;
    hh = gh;
    hl = gl;
    gh = fh;
    gl = fl;
    fh = eh;
    fl = el;
    const elow = (dl >>> 0) + (t1l >>> 0);
    eh = (dh + t1h + carry(elow)) | 0;
    el = elow | 0;
    dh = ch;
    dl = cl;
    ch = bh;
    cl = bl;
    bh = ah;
    bl = al;
    const alow = (t1l >>> 0) + (t2l >>> 0);
    ah = (t1h + t2h + carry(alow)) | 0;
    al = alow | 0;
  }
  add64(state, at, 0, ah, al);
  add64(state, at, 2, bh, bl);
  add64(state, at, 4, ch, cl);
  add64(state, at, 6, dh, dl);
  add64(state, at, 8, eh, el);
  add64(state, at, 10, fh, fl);
  add64(state, at, 12, gh, gl);
  add64(state, at, 14, hh, hl);
}

/** H[i..i+1] = state[at+i..] + (h, l), a 64-bit addition. */
function add64(state: Int32Array, at: number, i: number, h: number, l: number): void {
  const low = (state[at + i + 1]! >>> 0) + (l >>> 0);
  H[i] = state[at + i]! + h + carry(low);
  H[i + 1] = low;
}

/** One compression of the block in W from the chaining value at `state[at..]`, into H. */
export function compress(hash: HashIndex, state: Int32Array, at: number): void {
  if (hash === 0) sha1Block(state, at);
  else if (hash === 1) sha256Block(state, at);
  else sha512Block(state, at);
}

/** The initial chaining value of a hash (computing the SHA-2 constants on first use). */
export function initialValue(hash: HashIndex): Int32Array {
  if (hash !== 0) sha2Constants();
  return hash === 0 ? SHA1_IV : hash === 1 ? SHA256_IV! : SHA512_IV!;
}

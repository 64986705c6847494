// Shared by every benchmark worker: the RFC 6238 vectors every library must reproduce before it is
// timed, an independent node:crypto reference for the window checks, and the timing loop.
// A worker prints one JSON line ({ name, results: { scenario: ns/op } }) on stdout for run.ts.
import { createHmac } from 'node:crypto';

export type Algorithm = 'SHA1' | 'SHA256' | 'SHA512';

/** RFC 6238 Appendix B: ASCII seeds of 20, 32 and 64 bytes. */
export const SEEDS: Record<Algorithm, Uint8Array> = {
  SHA1: new TextEncoder().encode('12345678901234567890'),
  SHA256: new TextEncoder().encode('12345678901234567890123456789012'),
  SHA512: new TextEncoder().encode('1234567890123456789012345678901234567890123456789012345678901234'),
};

/** RFC 6238 Appendix B: [Unix seconds, SHA1, SHA256, SHA512] 8-digit codes, period 30. */
export const RFC6238_VECTORS: [number, string, string, string][] = [
  [59, '94287082', '46119246', '90693936'],
  [1111111109, '07081804', '68084774', '25091201'],
  [1111111111, '14050471', '67062674', '99943326'],
  [1234567890, '89005924', '91819424', '93441116'],
  [2000000000, '69279037', '90698825', '38618901'],
  [20000000000, '65353130', '77737706', '47863826'],
];
const COLUMN: Record<Algorithm, 1 | 2 | 3> = { SHA1: 1, SHA256: 2, SHA512: 3 };

/** The benchmark's moment: 5 s into a step, so a ±30 s tolerance is exactly the steps -1, 0, +1. */
export const BENCH_NOW = 1_700_000_015_000;
export const PERIOD = 30;

/** RFC 4226 base32 without padding, written here so the reference shares no code with any library. */
export function base32(bytes: Uint8Array): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += alphabet[(buffer >>> bits) & 31];
    }
  }
  if (bits > 0) out += alphabet[(buffer << (5 - bits)) & 31];
  return out;
}

/** The reference TOTP code for a step, with node:crypto. */
export function referenceCode(key: Uint8Array, step: number, algorithm: Algorithm, digits: number): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(step));
  const mac = createHmac(algorithm.toLowerCase(), key).update(message).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 10 ** digits).padStart(digits, '0');
}

/** A code that matches none of the steps -1, 0, +1 around `now`. */
export function wrongCode(key: Uint8Array, nowMs: number): string {
  const step = Math.floor(nowMs / 1000 / PERIOD);
  const taken = new Set([-1, 0, 1].map((d) => referenceCode(key, step + d, 'SHA1', 6)));
  for (let i = 0; ; i++) {
    const candidate = String(i).padStart(6, '0');
    if (!taken.has(candidate)) return candidate;
  }
}

/**
 * A library as the benchmark sees it: factories that return the exact call to time, built the way
 * the library's own documentation builds them (so a reusable instance is created in the factory).
 */
export interface Library {
  name: string;
  algorithms: Algorithm[];
  /** Returns `(nowMs) => code`. The secret is the RFC seed for `algorithm`. */
  generator(algorithm: Algorithm, digits: number): (nowMs: number) => string;
  /** Returns `(code, nowMs) => valid`, accepting the steps -1, 0 and +1 around `nowMs`. */
  verifier(algorithm: Algorithm, digits: number): (code: string, nowMs: number) => boolean;
}

function fail(library: Library, message: string): never {
  throw new Error(`${library.name}: ${message}; not timing a library that gives wrong answers`);
}

/** Checks a library against every RFC 6238 vector it supports and the ±1 window before anything is timed. */
export function checkLibrary(library: Library): void {
  for (const algorithm of library.algorithms) {
    const generate = library.generator(algorithm, 8);
    const verify = library.verifier(algorithm, 8);
    for (const vector of RFC6238_VECTORS) {
      const [seconds] = vector;
      const expected = vector[COLUMN[algorithm]];
      const got = generate(seconds * 1000);
      if (got !== expected) fail(library, `${algorithm} at T=${seconds} generated ${got}, RFC 6238 says ${expected}`);
      if (!verify(expected, seconds * 1000)) fail(library, `${algorithm} at T=${seconds} rejected the RFC 6238 code`);
      const wrong = String((Number(expected) + 1) % 1e8).padStart(8, '0');
      if (verify(wrong, seconds * 1000)) fail(library, `${algorithm} at T=${seconds} accepted a wrong code`);
    }
  }
  // The benchmark's own calls: same secret, moment and window as timed, checked against node:crypto.
  const key = SEEDS.SHA1;
  const step = Math.floor(BENCH_NOW / 1000 / PERIOD);
  const verify = library.verifier('SHA1', 6);
  for (const algorithm of library.algorithms) {
    const got = library.generator(algorithm, 6)(BENCH_NOW);
    const expected = referenceCode(SEEDS[algorithm], step, algorithm, 6);
    if (got !== expected) fail(library, `${algorithm} generated ${got} at the benchmark time, expected ${expected}`);
  }
  for (const delta of [-1, 0, 1]) {
    if (!verify(referenceCode(key, step + delta, 'SHA1', 6), BENCH_NOW)) fail(library, `rejected the code of step ${delta}`);
  }
  for (const delta of [-2, 2]) {
    const code = referenceCode(key, step + delta, 'SHA1', 6);
    const inWindow = [-1, 0, 1].some((d) => referenceCode(key, step + d, 'SHA1', 6) === code);
    if (!inWindow && verify(code, BENCH_NOW)) fail(library, `accepted the code of step ${delta}: its window is wider than ±1`);
  }
  if (verify(wrongCode(key, BENCH_NOW), BENCH_NOW)) fail(library, 'accepted the wrong code');
}

let sink = 0;
function consume(value: unknown): void {
  sink = (sink + (typeof value === 'string' ? value.length : value ? 1 : 2)) | 0;
}

function timeLoop(fn: () => unknown, iterations: number): number {
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) consume(fn());
  return Number(process.hrtime.bigint() - start);
}

/** Median ns/op of `fn` over samples of ~5 ms each, for about `budgetMs`. */
export function measure(fn: () => unknown, budgetMs = Number(process.env.BENCH_BUDGET_MS ?? 300)): number {
  let iterations = 16;
  while (timeLoop(fn, iterations) < 5e6 && iterations < 1 << 24) iterations *= 2;
  const samples: number[] = [];
  const end = performance.now() + budgetMs;
  while (samples.length < 5 || performance.now() < end) samples.push(timeLoop(fn, iterations) / iterations);
  return median(samples);
}

/** Median ns/op of an async `fn`, run back to back. */
export async function measureAsync(fn: () => Promise<unknown>, budgetMs = Number(process.env.BENCH_BUDGET_MS ?? 300)): Promise<number> {
  const samples: number[] = [];
  const end = performance.now() + budgetMs;
  for (let i = 0; i < 200; i++) consume(await fn());
  while (samples.length < 5 || performance.now() < end) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < 200; i++) consume(await fn());
    samples.push(Number(process.hrtime.bigint() - start) / 200);
  }
  return median(samples);
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The scenarios of the comparison table, in print order. */
export const SCENARIOS = [
  'generate SHA1',
  'generate SHA256',
  'generate SHA512',
  'verify right ±1 SHA1',
  'verify wrong ±1 SHA1',
] as const;

/** Checks a library, times every scenario it supports and prints the JSON line. */
export function runLibrary(library: Library): void {
  checkLibrary(library);
  const results: Record<string, number> = {};
  for (const algorithm of library.algorithms) {
    const generate = library.generator(algorithm, 6);
    results[`generate ${algorithm}`] = measure(() => generate(BENCH_NOW));
  }
  const verify = library.verifier('SHA1', 6);
  const right = referenceCode(SEEDS.SHA1, Math.floor(BENCH_NOW / 1000 / PERIOD), 'SHA1', 6);
  const wrong = wrongCode(SEEDS.SHA1, BENCH_NOW);
  results['verify right ±1 SHA1'] = measure(() => verify(right, BENCH_NOW));
  results['verify wrong ±1 SHA1'] = measure(() => verify(wrong, BENCH_NOW));
  report(library.name, results);
}

export function report(name: string, results: Record<string, number>): void {
  process.stdout.write(`${JSON.stringify({ name, results, sink })}\n`);
}

// Test helper: printable-ASCII QR contents of an exact length — real otpauth URIs (SHA1/SHA256/SHA512
// secret sizes, percent-encoded non-ASCII issuers) where the length allows, otherwise mixed ASCII.
import { buildOtpauthUri, encodeSecret } from '../../src/index.js';

const ISSUERS = ['Acme', 'Société Générale', 'ユーザー銀行', '😀 Emoji Bank', 'Ünïcödé & Co'];
const ALGORITHMS = [
  ['SHA1', 20],
  ['SHA256', 32],
  ['SHA512', 64],
] as const;
const PRINTABLE = Array.from({ length: 95 }, (_, i) => String.fromCharCode(0x20 + i)).join('');

/** Deterministic bytes from a seed (no randomness in tests). */
function bytes(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let s = seed * 2654435761 + 1;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    out[i] = s >>> 24;
  }
  return out;
}

/** A string of exactly `length` printable-ASCII characters; `i` picks issuer, algorithm and filler. */
export function contentOfLength(length: number, i: number): { text: string; kind: string } {
  const [algorithm, size] = ALGORITHMS[i % ALGORITHMS.length]!;
  const issuer = ISSUERS[i % ISSUERS.length]!;
  const params = { secret: encodeSecret(bytes(size, i)), issuer, algorithm, accountName: 'u' } as const;
  const shortest = buildOtpauthUri(params);
  if (shortest.length <= length && length <= 2048) {
    // Each ASCII letter added to the account name adds exactly one character.
    const text = buildOtpauthUri({ ...params, accountName: 'u' + 'x'.repeat(length - shortest.length) });
    return { text, kind: `otpauth ${algorithm} ${issuer}` };
  }
  const filler = bytes(length, i);
  return { text: Array.from(filler, (b) => PRINTABLE[b % 95]).join(''), kind: 'ascii' };
}

/**
 * Recovery codes: 80 random bits each, shown once in readable groups, stored only as SHA-256 hashes.
 * @module
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

// Crockford's base32 alphabet: no i, l, o, u, so codes are hard to misread.
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
const CHARS = 16; // 16 x 5 bits = 80 bits of entropy (NIST SP 800-63B asks for at least 64)
const GROUP = 4;
const MAX_INPUT = 64;

/**
 * Generates `count` recovery codes like `7k2m-q9xd-4hne-tb1w` from the platform CSPRNG.
 * @example
 * ```ts
 * makeRecoveryCodes(2); // ['7k2m-q9xd-4hne-tb1w', 'r0sz-3c8f-vj6p-ya5g']
 * ```
 */
export function makeRecoveryCodes(count: number): string[] {
  const codes = new Set<string>();
  while (codes.size < count) {
    const bytes = new Uint8Array(CHARS);
    globalThis.crypto.getRandomValues(bytes);
    let code = '';
    bytes.forEach((b, i) => {
      if (i > 0 && i % GROUP === 0) code += '-';
      code += ALPHABET[b & 31];
    });
    codes.add(code);
  }
  return [...codes];
}

/**
 * Brings a typed recovery code to its canonical form, or returns null when it cannot be one.
 * Accepts upper or lower case, `-` and spaces between characters, and Crockford's look-alikes
 * (`o` for 0, `i`/`l` for 1). Anything else (other characters, non-ASCII, the wrong length) is null.
 * @example
 * ```ts
 * canonicalRecoveryCode('7K2M Q9XD 4HNE TBLW'); // '7k2mq9xd4hnetb1w'
 * ```
 */
export function canonicalRecoveryCode(input: unknown): string | null {
  if (typeof input !== 'string' || input.length > MAX_INPUT) return null;
  let out = '';
  for (const ch of input) {
    if (ch === '-' || ch === ' ') continue;
    let c = ch >= 'A' && ch <= 'Z' ? ch.toLowerCase() : ch;
    if (c === 'o') c = '0';
    else if (c === 'i' || c === 'l') c = '1';
    if (c.length !== 1 || !ALPHABET.includes(c)) return null;
    out += c;
  }
  return out.length === CHARS ? out : null;
}

/**
 * The stored form of a recovery code: SHA-256 (hex) over the user id and the canonical code, so equal
 * codes of two users hash differently. Returns null for input that is not a recovery code.
 * @example
 * ```ts
 * hashRecoveryCode('u1', '7k2m-q9xd-4hne-tb1w'); // 64 hex characters
 * ```
 */
export function hashRecoveryCode(userId: string, input: unknown): string | null {
  const canonical = canonicalRecoveryCode(input);
  if (canonical === null) return null;
  return bytesToHex(sha256(utf8ToBytes(`totp-enroll/recovery/v1\u0000${userId}\u0000${canonical}`)));
}

/**
 * Whether a piece of text the user typed could be a TOTP secret, so messages that would quote it (an
 * unknown command, an unknown CSV column) name it by position instead. Pure.
 * @module
 */
import { decodeSecret } from '../secret.js';

/**
 * True when `text` decodes as a base32 secret of at least 10 bytes (the shortest legacy key), in any of
 * the forms `decodeSecret` accepts (lowercase, grouped with spaces).
 * @example
 * ```ts
 * isSecretLike('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP'); // true
 * isSecretLike('status');                            // false
 * ```
 */
export function isSecretLike(text: string): boolean {
  try {
    decodeSecret(text, { minBytes: 10 }).fill(0);
    return true;
  } catch {
    return false;
  }
}

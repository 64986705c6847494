/**
 * What an issuer or account name may hold, for the builder and the parser alike: no `:` (the
 * Key URI Format's separator), no surrounding whitespace, and no control or bidirectional-formatting
 * character (C0, DEL, C1, U+061C, U+200E/F, U+2028/9, U+202A-E, U+2066-9), which would let a name
 * break a log line or display as a different issuer in the app. Internal.
 * @module
 */

// C0 controls, DEL and C1 controls; the Arabic letter mark, LRM/RLM, line and paragraph separators,
// the embedding/override controls and the isolates.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;

/**
 * Whether `name` is a valid issuer or account name (non-empty is checked by the caller).
 * @example
 * ```ts
 * isValidName('Acme Co');        // true
 * isValidName('Acme\u202Eoc');   // false
 * ```
 */
export function isValidName(name: string): boolean {
  return !name.includes(':') && !hasUnsafeCharacter(name) && name.trim() === name;
}

/**
 * Whether `text` holds a control or bidirectional-formatting character.
 * @example
 * ```ts
 * hasUnsafeCharacter('Acme\u0000'); // true
 * ```
 */
export function hasUnsafeCharacter(text: string): boolean {
  return UNSAFE.test(text);
}

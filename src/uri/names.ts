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
 * Why `name` is not a valid issuer or account name, or `undefined` when it is.
 * @example
 * ```ts
 * nameProblem('Acme Co');        // undefined
 * nameProblem('Acme\u202Eoc');   // 'must not contain control or bidirectional-formatting characters'
 * ```
 */
export function nameProblem(name: string): string | undefined {
  if (name.includes(':')) return "must not contain ':'";
  if (hasUnsafeCharacter(name)) return 'must not contain control or bidirectional-formatting characters';
  if (name.trim() !== name) return 'must not start or end with whitespace';
  return undefined;
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

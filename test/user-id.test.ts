import { afterEach, describe, expect, it } from 'vitest';
import { MAX_USER_ID_LENGTH, checkUserId } from '../src/user-id.js';

const VALID: Array<[string, string]> = [
  ['ASCII', 'user-42'],
  ['a surrogate pair', 'u\uD83D\uDD10'],
  ['U+FFFD itself', 'u\uFFFD'],
  ['a pair at the start', '\uD800\uDC00u'],
  [`exactly ${MAX_USER_ID_LENGTH} code units`, 'x'.repeat(MAX_USER_ID_LENGTH)],
];
const INVALID: Array<[string, unknown]> = [
  ['a lone high surrogate', 'u\uD800'],
  ['a lone low surrogate', '\uDC00u'],
  ['a reversed pair', '\uDC00\uD800'],
  ['a high surrogate before a letter', '\uD83Dx'],
  ['U+0000', 'a\u0000b'],
  ['the empty string', ''],
  [`${MAX_USER_ID_LENGTH + 1} code units`, 'x'.repeat(MAX_USER_ID_LENGTH + 1)],
  ['a number', 7],
  ['a String object', new String('u')],
];

describe.each([
  ['native String.prototype.isWellFormed', false],
  ['the hand-written fallback', true],
])('checkUserId with %s', (_name, withoutNative) => {
  const native = Object.getOwnPropertyDescriptor(String.prototype, 'isWellFormed');
  if (withoutNative) delete (String.prototype as { isWellFormed?: unknown }).isWellFormed;
  afterEach(() => {
    if (native) Object.defineProperty(String.prototype, 'isWellFormed', native);
  });

  it.each(VALID)('accepts %s', (_what, id) => {
    if (withoutNative) delete (String.prototype as { isWellFormed?: unknown }).isWellFormed;
    expect(() => checkUserId(id)).not.toThrow();
  });
  it.each(INVALID)('refuses %s with INVALID_OPTION (field userId)', (_what, id) => {
    if (withoutNative) delete (String.prototype as { isWellFormed?: unknown }).isWellFormed;
    expect(() => checkUserId(id)).toThrow(expect.objectContaining({ name: 'OtpError', code: 'INVALID_OPTION', field: 'userId' }));
  });
});

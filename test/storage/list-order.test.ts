/**
 * The order keyset-paged stores list in: `compareCodePoints` must agree with UTF-8 byte order, which is
 * what SQLite's BINARY collation and PostgreSQL's COLLATE "C" compare, or the memory store would page
 * differently from the SQL stores and a cursor's resumption would skip or repeat ids.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compareCodePoints } from '../../src/storage/list-options.js';

const sign = (n: number): number => Math.sign(n);
const utf8 = (a: string, b: string): number => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

describe('compareCodePoints', () => {
  it('agrees with UTF-8 byte order on well-formed strings (any code points)', () => {
    const text = fc.string({ unit: 'binary', maxLength: 6 });
    fc.assert(fc.property(text, text, (a, b) => sign(compareCodePoints(a, b)) === sign(utf8(a, b))), { numRuns: 5000 });
  });

  it.each([
    ['\uFFFF', '\u{1F510}', -1],
    ['\uE000', '\u{10000}', -1],
    ['\uD7FF', '\u{10000}', -1],
    ['a', 'ab', -1],
    ['\u{1F510}', '\u{1F510}', 0],
    ['\u{10FFFF}', '\uFFFF', 1],
  ])('%j vs %j', (a, b, expected) => {
    expect(sign(compareCodePoints(a, b))).toBe(expected);
    expect(sign(utf8(a, b))).toBe(expected);
  });
});

// A submitted code is exactly `digits` ASCII digits or it is `malformed`: never coerced (speakeasy's
// parseInt accepts " 23985" and "23985x"), never NFKC-normalised (PyOTP matches fullwidth digits),
// never thrown on (otpauth throws RangeError on Arabic-Indic), and never worth an HMAC.
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';

const hmacCalls = vi.hoisted(() => ({ count: 0 }));
// Count every HMAC keying (the first step of any HMAC work) in the core's own HMAC module.
vi.mock('../src/hmac.js', async (real) =>
  (await import('./helpers/count-hmac.js')).countingHmac(await real(), hmacCalls));

const { generateTotp, verifyTotp } = await import('../src/index.js');

const SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const NOW = 1_111_111_109_000;
const RIGHT = generateTotp(SECRET, { now: NOW }); // '081804'

const toString = { toString: () => RIGHT };
const MALFORMED: [string, unknown][] = [
  ['the right code as a number', Number(RIGHT)],
  ['a number', 123456],
  ['an octal literal value', 0o12345],
  ['a bigint', 81804n],
  ['true', true],
  ['null', null],
  ['undefined', undefined],
  ['an array holding the code', [RIGHT]],
  ['an object whose toString gives the code', toString],
  ['a String object', new String(RIGHT)],
  ['empty', ''],
  ['spaces', '      '],
  ['five digits', RIGHT.slice(1)],
  ['seven digits', `${RIGHT}0`],
  ['leading space', ` ${RIGHT.slice(1)}`],
  ['trailing space', `${RIGHT.slice(1)} `],
  ['inner space', `${RIGHT.slice(0, 3)} ${RIGHT.slice(3, 5)}`],
  ['tab', `${RIGHT.slice(1)}\t`],
  ['newline', `${RIGHT.slice(1)}\n`],
  ['NBSP', `${RIGHT.slice(1)}\u00a0`],
  ['zero-width space', `${RIGHT.slice(1)}\u200b`],
  ['right code plus zero-width space', `${RIGHT}\u200b`],
  ['plus sign', `+${RIGHT.slice(1)}`],
  ['minus sign', `-${RIGHT.slice(1)}`],
  ['exponent', '1e5000'.slice(0, 6)],
  ['hex', '0x1E24'],
  ['binary', '0b1010'],
  ['decimal point', '1234.5'],
  ['underscore', '12_345'],
  ['Infinity', 'Infinity'.slice(0, 6)],
  ['NaN', 'NaN123'],
  ['Arabic-Indic digits', '٠٨١٨٠٤'],
  ['Persian digits', '۰۸۱۸۰۴'],
  ['Devanagari digits', '०८१८०४'],
  ['fullwidth digits', '０８１８０４'],
  ['mathematical bold digits (surrogate pairs)', '𝟎𝟖𝟏𝟖𝟎𝟒'],
  ['a 1 MB string of digits', '0'.repeat(1 << 20)],
];

describe('malformed codes', () => {
  it.each(MALFORMED)('%s is malformed, without an HMAC', (_, code) => {
    hmacCalls.count = 0;
    expect(verifyTotp(SECRET, code, { now: NOW })).toEqual({ ok: false, reason: 'malformed' });
    expect(hmacCalls.count).toBe(0);
  });

  it('the right code itself is accepted (the table above is not vacuous)', () => {
    expect(RIGHT).toBe('081804');
    expect(verifyTotp(SECRET, RIGHT, { now: NOW })).toEqual({ ok: true, step: 0x23523ec, delta: 0 });
    expect(hmacCalls.count).toBeGreaterThan(0);
  });

  it('the digit count follows the digits option', () => {
    const eight = generateTotp(SECRET, { now: NOW, digits: 8 });
    expect(verifyTotp(SECRET, eight.slice(2), { now: NOW, digits: 8 })).toEqual({ ok: false, reason: 'malformed' });
    expect(verifyTotp(SECRET, eight, { now: NOW }).ok).toBe(false);
    expect(verifyTotp(SECRET, eight, { now: NOW, digits: 8 }).ok).toBe(true);
  });

  it('property: any string that is not exactly six ASCII digits is malformed', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-composite', maxLength: 12 }), (code) => {
        fc.pre(!/^[0-9]{6}$/.test(code));
        expect(verifyTotp(SECRET, code, { now: NOW })).toEqual({ ok: false, reason: 'malformed' });
      }),
      { numRuns: 2000 },
    );
  });

  it('property: the right code with any non-digit inserted anywhere is malformed', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', minLength: 1, maxLength: 2 }).filter((s) => !/^[0-9]+$/.test(s)),
        fc.integer({ min: 0, max: 6 }),
        (junk, at) => {
          const code = RIGHT.slice(0, at) + junk + RIGHT.slice(at);
          expect(verifyTotp(SECRET, code, { now: NOW })).toEqual({ ok: false, reason: 'malformed' });
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('property: non-string values of every type are malformed, never thrown on', () => {
    fc.assert(
      fc.property(fc.anything().filter((v) => typeof v !== 'string'), (value) => {
        expect(verifyTotp(SECRET, value, { now: NOW })).toEqual({ ok: false, reason: 'malformed' });
      }),
    );
  });
});

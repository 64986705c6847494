// People type what their app shows: "123 456", "123-456", a pasted newline. The service accepts exactly
// those display forms (issue 13 item 5); everything else stays malformed without an HMAC; verifyTotp
// stays strict; and one-time use is per step, so two forms of one code are one use.
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';

const hmacCalls = vi.hoisted(() => ({ count: 0 }));
// Count every HMAC keying (the first step of any HMAC work) in the core's own HMAC module.
vi.mock('../src/hmac.js', async (real) =>
  (await import('./helpers/count-hmac.js')).countingHmac(await real(), hmacCalls));

const { normalizeCode, verifyTotp, OtpError } = await import('../src/index.js');
const { PERIOD_MS, codeAtStep, enroll, harness, ok } = await import('./helpers/enrollment.js');

const ACCEPTED: [string, string, 6 | 7 | 8][] = [
  ['123456', '123456', 6],
  ['123 456', '123456', 6],
  ['123-456', '123456', 6],
  [' 123456 ', '123456', 6],
  ['123456\n', '123456', 6],
  ['\t123 456\r\n', '123456', 6],
  ['\f123-456 ', '123456', 6],
  ['1234 5678', '12345678', 8],
  ['1234-5678', '12345678', 8],
  ['123 4567', '1234567', 7],
  ['1234 567', '1234567', 7],
];
const REFUSED: [string, unknown, 6 | 7 | 8][] = [
  ['two separators', '12 34 56', 6],
  ['a separator off the group boundary', '12 3456', 6],
  ['two spaces between groups', '123  456', 6],
  ['a space and a hyphen', '123 -456', 6],
  ['a leading separator', '-123456', 6],
  ['a trailing hyphen', '123456-', 6],
  ['a dot', '123.456', 6],
  ['an underscore', '123_456', 6],
  ['NBSP between groups', '123\u00a0456', 6],
  ['NBSP around', '\u00a0123456', 6],
  ['a vertical tab around (not ASCII whitespace in WHATWG terms)', '\u000b123456', 6],
  ['U+200B around', '\u200b123456', 6],
  ['full-width digits', '１２３４５６', 6],
  ['Arabic-Indic digits', '١٢٣٤٥٦', 6],
  ['a sign', '+123456', 6],
  ['seven digits for six', '1234567', 6],
  ['five digits', '12345', 6],
  ['8 digits split 3+5', '123 45678', 8],
  ['only whitespace', '   ', 6],
  ['empty', '', 6],
  ['a number', 123456, 6],
  ['a String object', new String('123456'), 6],
  ['an object with toString', { toString: () => '123456' }, 6],
  ['very long whitespace padding', `${' '.repeat(100)}123456`, 6],
];

describe('normalizeCode: exactly the display forms', () => {
  it.each(ACCEPTED)('accepts %j as %s (%i digits)', (input, digits, n) => {
    expect(normalizeCode(input, { digits: n })).toBe(digits);
  });
  it.each(REFUSED)('refuses %s', (_name, input, n) => {
    expect(normalizeCode(input, { digits: n })).toBeNull();
  });
  it('bad options are INVALID_OPTION', () => {
    expect(() => normalizeCode('123456', { digits: 5 as 6 })).toThrow(OtpError);
    expect(() => normalizeCode('123456', null as never)).toThrow(OtpError);
  });
  it('property: a result is always exactly `digits` ASCII digits, taken in order from the input', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('1', '2', ' ', '-', '\n', '\t', 'x', '\u00a0', '９'), maxLength: 12 }), (s) => {
        const r = normalizeCode(s);
        if (r === null) return;
        expect(r).toMatch(/^[0-9]{6}$/);
        expect(s.replace(/[^0-9]/g, '')).toBe(r);
      }),
      { numRuns: 3000 },
    );
  });
  it('verifyTotp itself stays strict', () => {
    const secret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
    const now = 1_111_111_109_000;
    expect(verifyTotp(secret, '081 804', { now })).toEqual({ ok: false, reason: 'malformed' });
    expect(verifyTotp(secret, normalizeCode('081 804')!, { now }).ok).toBe(true);
  });
});

describe('the service accepts display forms at sign-in, pairing and resync', () => {
  const spaced = (c: string): string => `${c.slice(0, 3)} ${c.slice(3)}`;

  it('verify: "123 456", "123-456", " 123456 " and "123456\\n" sign in', async () => {
    for (const form of [spaced, (c: string) => `${c.slice(0, 3)}-${c.slice(3)}`, (c: string) => ` ${c} `, (c: string) => `${c}\n`]) {
      const h = harness();
      const secret = await enroll(h);
      expect((await h.mfa.verify('u1', form(codeAtStep(secret, h.step())))).ok).toBe(true);
    }
  });

  it('"123 456" and "123456" of the same step count as one use (Vault CVE-2025-6014 keyed its cache by text)', async () => {
    const h = harness();
    const secret = await enroll(h);
    const code = codeAtStep(secret, h.step());
    expect((await h.mfa.verify('u1', spaced(code))).ok).toBe(true);
    expect(await h.mfa.verify('u1', code)).toEqual({ ok: false, reason: 'replayed' });
    const [a, b] = await Promise.all([h.mfa.verify('u1', `${codeAtStep(secret, h.step() + 1)}`), h.mfa.verify('u1', spaced(codeAtStep(secret, h.step() + 1)))]);
    expect([a.ok, b.ok].filter(Boolean)).toHaveLength(1);
  });

  it('pairing with spaced codes works; the same code in two forms is not two consecutive codes', async () => {
    const h = harness();
    const { secret } = ok(await h.mfa.beginEnrollment('u1', { accountName: 'a@example.com' }));
    const s = h.step();
    expect(await h.mfa.verifyPairing('u1', spaced(codeAtStep(secret, s)), codeAtStep(secret, s))).toEqual({ ok: false, reason: 'not-consecutive' });
    expect(await h.mfa.verifyPairing('u1', spaced(codeAtStep(secret, s - 1)), `${codeAtStep(secret, s)}\n`)).toEqual({ ok: true, state: 'verified' });
  });

  it('resync with display forms re-measures drift', async () => {
    const h = harness();
    const secret = await enroll(h);
    h.advance(20 * PERIOD_MS);
    const s = h.step() + 5;
    const r = await h.mfa.resync('u1', spaced(codeAtStep(secret, s - 1)), ` ${codeAtStep(secret, s)}`);
    expect(r).toEqual({ ok: true, delta: 5 });
  });

  it('every other form is malformed, uncounted, and costs no HMAC', async () => {
    const h = harness();
    await enroll(h);
    h.advance(PERIOD_MS);
    for (const [, input] of REFUSED) {
      hmacCalls.count = 0;
      expect(await h.mfa.verify('u1', input as string)).toEqual({ ok: false, reason: 'malformed' });
      expect(await h.mfa.resync('u1', input as string, '123456')).toEqual({ ok: false, reason: 'malformed' });
      expect(hmacCalls.count).toBe(0);
    }
    expect((await h.mfa.status('u1')).failures).toBe(0);
    // The counter does count: a well-formed display form is checked against the window.
    await h.mfa.verify('u1', '000 000');
    expect(hmacCalls.count).toBeGreaterThan(0);
  });
});

// Two-consecutive-code pairing (seed steps 6-11; RFC 4226 §7.4; AWS IAM EnableMFADevice).
import { describe, expect, it } from 'vitest';
import { decodeSecret } from '../src/secret.js';
import { PERIOD_MS, codeAtStep, enroll, harness, wrongCode, ok } from './helpers/enrollment.js';

async function begun(userId = 'u1') {
  const h = harness();
  const { secret, uri, expiresAt } = ok(await h.mfa.beginEnrollment(userId, { accountName: 'alice@example.com' }));
  return { h, secret, uri, expiresAt, s: h.step() };
}

describe('pairing: which two codes are accepted', () => {
  // [name, offset of code1, offset of code2 (steps from now) or a literal code, expected result]
  const table: Array<[string, number | string, number | string, string]> = [
    ['s-1 then s (the app just moved on)', -1, 0, 'ok'],
    ['s then s+1 (app clock one step ahead)', 0, 1, 'ok'],
    ['s-2 then s-1 (app clock one step behind)', -2, -1, 'ok'],
    ['the same code twice', 0, 0, 'not-consecutive'],
    ['reversed order', 0, -1, 'mismatch'],
    ['two steps apart', -1, 1, 'mismatch'],
    ['second code outside the window', 1, 2, 'mismatch'],
    ['both codes far in the past', -6, -5, 'mismatch'],
    ['a wrong first code', 'wrong', 0, 'mismatch'],
    ['a wrong second code', -1, 'wrong', 'mismatch'],
    ['five digits', '12345', 0, 'malformed'],
    ['a space inside', -1, ' 12345', 'malformed'],
    ['fullwidth digits', '\uff11\uff12\uff13\uff14\uff15\uff16', 0, 'malformed'],
  ];
  it.each(table)('%s -> %s', async (_name, c1, c2, expected) => {
    const { h, secret, s } = await begun();
    const code = (c: number | string): string =>
      typeof c === 'number' ? codeAtStep(secret, s + c) : c === 'wrong' ? wrongCode(secret, s) : c;
    const result = await h.mfa.verifyPairing('u1', code(c1), code(c2));
    expect(result.ok ? 'ok' : result.reason).toBe(expected);
    expect((await h.mfa.status('u1')).state).toBe(expected === 'ok' ? 'verified' : 'pending');
  });
});

describe('pairing: the seed flow', () => {
  it('begin gives a fresh 160-bit secret and an otpauth URI for the QR code', async () => {
    const { secret, uri, expiresAt } = await begun();
    expect(decodeSecret(secret).length).toBe(20);
    expect(uri).toBe(`otpauth://totp/Acme:alice@example.com?secret=${secret}&issuer=Acme`);
    expect(expiresAt).toBe(harness().clock.now + 10 * 60_000);
  });

  it('neither pairing code can be replayed at sign-in; the next code works', async () => {
    const { h, secret, s } = await begun();
    expect(await h.mfa.verifyPairing('u1', codeAtStep(secret, s - 1), codeAtStep(secret, s))).toEqual({ ok: true, state: 'verified' });
    expect(await h.mfa.enable('u1')).toEqual({ ok: true, state: 'enabled' });
    expect(await h.mfa.verify('u1', codeAtStep(secret, s))).toEqual({ ok: false, reason: 'replayed' });
    expect(await h.mfa.verify('u1', codeAtStep(secret, s - 1))).toEqual({ ok: false, reason: 'replayed' });
    h.advance(PERIOD_MS);
    expect(await h.mfa.verify('u1', codeAtStep(secret, s + 1))).toEqual({ ok: true, delta: 0 });
  });

  it('records the drift measured at pairing', async () => {
    const { h, secret, s } = await begun();
    await h.mfa.verifyPairing('u1', codeAtStep(secret, s), codeAtStep(secret, s + 1));
    await h.mfa.enable('u1');
    expect((await h.mfa.status('u1')).drift).toBe(1);
  });

  it('a verified pairing is not enforced before Enable', async () => {
    const { h, secret, s } = await begun();
    await h.mfa.verifyPairing('u1', codeAtStep(secret, s - 1), codeAtStep(secret, s));
    expect((await h.mfa.verify('u1', codeAtStep(secret, s + 1))).ok).toBe(false);
    expect((await h.mfa.status('u1')).state).toBe('verified');
  });
});

describe('pairing: expiry and attempts', () => {
  it('a pending enrollment expires after 10 minutes', async () => {
    const { h, secret } = await begun();
    h.advance(10 * 60_000);
    const s = h.step();
    expect(await h.mfa.verifyPairing('u1', codeAtStep(secret, s - 1), codeAtStep(secret, s))).toEqual({ ok: false, reason: 'expired' });
    expect((await h.mfa.status('u1')).state).toBe('disabled');
    expect(await h.mfa.verifyPairing('u1', codeAtStep(secret, s - 1), codeAtStep(secret, s))).toEqual({ ok: false, reason: 'no-pending' });
  });

  it('one ms before expiry still pairs', async () => {
    const { h, secret } = await begun();
    h.advance(10 * 60_000 - 1);
    const s = h.step();
    expect((await h.mfa.verifyPairing('u1', codeAtStep(secret, s - 1), codeAtStep(secret, s))).ok).toBe(true);
  });

  it('a verified pairing that is not enabled in time expires', async () => {
    const { h, secret, s } = await begun();
    await h.mfa.verifyPairing('u1', codeAtStep(secret, s - 1), codeAtStep(secret, s));
    h.advance(10 * 60_000);
    expect(await h.mfa.enable('u1')).toEqual({ ok: false, reason: 'expired' });
    expect((await h.mfa.status('u1')).state).toBe('disabled');
  });

  it('the 5th wrong attempt voids the pending secret; malformed input and the same text twice are not counted', async () => {
    const { h, secret, s } = await begun();
    const wrong = wrongCode(secret, s);
    const wrong2 = wrongCode(secret, s, 12, wrong);
    expect((await h.mfa.verifyPairing('u1', '12345', 'abcdef')).ok).toBe(false);
    for (let i = 0; i < 6; i++) expect(await h.mfa.verifyPairing('u1', wrong, wrong)).toEqual({ ok: false, reason: 'not-consecutive' });
    for (let i = 1; i <= 4; i++) {
      expect(await h.mfa.verifyPairing('u1', wrong, wrong2)).toEqual({ ok: false, reason: 'mismatch', attemptsLeft: 5 - i });
    }
    expect(await h.mfa.verifyPairing('u1', wrong, wrong2)).toEqual({ ok: false, reason: 'too-many-attempts' });
    expect(await h.mfa.verifyPairing('u1', codeAtStep(secret, s - 1), codeAtStep(secret, s))).toEqual({ ok: false, reason: 'no-pending' });
  });

  it('begin again restarts with a fresh secret: codes of the old one no longer pair', async () => {
    const { h, secret, s } = await begun();
    const again = ok(await h.mfa.beginEnrollment('u1', { accountName: 'alice@example.com' }));
    expect(again.secret).not.toBe(secret);
    expect((await h.mfa.verifyPairing('u1', codeAtStep(secret, s - 1), codeAtStep(secret, s))).ok).toBe(false);
    expect((await h.mfa.verifyPairing('u1', codeAtStep(again.secret, s - 1), codeAtStep(again.secret, s))).ok).toBe(true);
  });
});

describe('pairing: rotation of an enabled factor', () => {
  it('the old secret keeps working until the new one is enabled, then stops', async () => {
    const h = harness();
    const old = await enroll(h);
    const { secret: next } = ok(await h.mfa.beginEnrollment('u1', { accountName: 'alice@example.com' }));
    expect((await h.mfa.status('u1')).state).toBe('enabled');
    expect((await h.mfa.verify('u1', codeAtStep(old, h.step()))).ok).toBe(true);
    h.advance(PERIOD_MS);
    let s = h.step();
    expect((await h.mfa.verifyPairing('u1', codeAtStep(next, s - 1), codeAtStep(next, s))).ok).toBe(true);
    expect((await h.mfa.verify('u1', codeAtStep(old, s))).ok).toBe(true);
    expect(await h.mfa.enable('u1')).toEqual({ ok: true, state: 'enabled' });
    h.advance(PERIOD_MS);
    s = h.step();
    expect((await h.mfa.verify('u1', codeAtStep(old, s))).ok).toBe(false);
    expect((await h.mfa.verify('u1', codeAtStep(next, s))).ok).toBe(true);
  });
});

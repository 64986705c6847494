// Recovery codes (NIST SP 800-63B rev4 §4.2.1.1): >= 64 bits, hashed, single use, throttled.
import { describe, expect, it } from 'vitest';
import { canonicalRecoveryCode, hashRecoveryCode, makeRecoveryCodes } from '../src/enrollment/recovery.js';
import { enroll, harness, why, ok } from './helpers/enrollment.js';

const FORMAT = /^[0-9a-hjkmnp-tv-z]{4}(-[0-9a-hjkmnp-tv-z]{4}){3}$/;

describe('recovery codes: format and entropy', () => {
  it('codes are 16 characters of a 32-letter alphabet (80 bits), grouped in fours', () => {
    const codes = makeRecoveryCodes(1000);
    for (const c of codes) expect(c).toMatch(FORMAT);
    expect(16 * Math.log2(32)).toBeGreaterThanOrEqual(64);
    expect(new Set(codes).size).toBe(1000);
    // Every letter of the alphabet shows up at every position: no position is stuck.
    for (let pos = 0; pos < 19; pos++) {
      if (pos % 5 === 4) continue;
      expect(new Set(codes.map((c) => c[pos])).size).toBe(32);
    }
  });

  it.each([
    ['7K2M-Q9XD-4HNE-TB1W', '7k2mq9xd4hnetb1w'],
    ['7k2m q9xd 4hne tblw', '7k2mq9xd4hnetb1w'],
    ['7k2mq9xd4hnetbiw', '7k2mq9xd4hnetb1w'],
    ['ok2mq9xd4hnetb1w', '0k2mq9xd4hnetb1w'],
    ['7k2m-q9xd-4hne-tb1', null],
    ['7k2m-q9xd-4hne-tb1w0', null],
    ['7k2m-q9xd-4hne-tbuw', null],
    ['7k2m_q9xd_4hne_tb1w', null],
    ['７k2m-q9xd-4hne-tb1w', null],
    ['7k2m-q9xd-4hne-tb1w'.repeat(10), null],
  ])('canonical(%j) = %j', (input, expected) => {
    expect(canonicalRecoveryCode(input)).toBe(expected);
  });

  it('hashes depend on the user, so equal codes of two users differ', () => {
    expect(hashRecoveryCode('a', '7k2m-q9xd-4hne-tb1w')).not.toBe(hashRecoveryCode('b', '7k2m-q9xd-4hne-tb1w'));
    expect(hashRecoveryCode('a', '7k2m-q9xd-4hne-tb1w')).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('recovery codes: the service', () => {
  it('default 10 codes; only their SHA-256 hashes are stored', async () => {
    const h = harness();
    await enroll(h);
    const codes = ok(await h.mfa.generateRecoveryCodes('u1')).codes;
    expect(codes.length).toBe(10);
    const stored = JSON.stringify(await h.store.get('u1'));
    for (const c of codes) {
      expect(stored).not.toContain(c);
      expect(stored).not.toContain(canonicalRecoveryCode(c)!);
      expect(stored).toContain(hashRecoveryCode('u1', c)!);
    }
    expect((await h.mfa.status('u1')).recoveryCodesLeft).toBe(10);
  });

  it('each code works once, typed in any accepted form', async () => {
    const h = harness();
    await enroll(h);
    const [a, b] = ok(await h.mfa.generateRecoveryCodes('u1', { count: 2 })).codes;
    expect(await h.mfa.useRecoveryCode('u1', a!.toUpperCase().replace(/-/g, ' '))).toEqual({ ok: true, remaining: 1 });
    expect(await h.mfa.useRecoveryCode('u1', a!)).toEqual({ ok: false, reason: 'mismatch' });
    expect(await h.mfa.useRecoveryCode('u1', b!)).toEqual({ ok: true, remaining: 0 });
  });

  it('generating again replaces the old codes', async () => {
    const h = harness();
    await enroll(h);
    const old = ok(await h.mfa.generateRecoveryCodes('u1', { count: 3 })).codes;
    ok(await h.mfa.generateRecoveryCodes('u1', { count: 3 }));
    expect((await h.mfa.useRecoveryCode('u1', old[0]!)).ok).toBe(false);
  });

  it("another user's code does not work", async () => {
    const h = harness();
    await enroll(h, 'u1');
    await enroll(h, 'u2');
    const [code] = ok(await h.mfa.generateRecoveryCodes('u1', { count: 1 })).codes;
    ok(await h.mfa.generateRecoveryCodes('u2', { count: 1 }));
    expect((await h.mfa.useRecoveryCode('u2', code!)).ok).toBe(false);
  });

  it('wrong codes count toward their own limit; malformed ones do not; their lock refuses even a right code, for lockoutMs', async () => {
    const h = harness({ policy: { maxRecoveryFailures: 3 } });
    await enroll(h);
    const [code] = ok(await h.mfa.generateRecoveryCodes('u1', { count: 1 })).codes;
    expect(why(await h.mfa.useRecoveryCode('u1', 'not a code'))).toBe('malformed');
    expect((await h.mfa.status('u1')).recoveryFailures).toBe(0);
    for (let i = 0; i < 2; i++) expect(await h.mfa.useRecoveryCode('u1', '0000-0000-0000-0000')).toEqual({ ok: false, reason: 'mismatch' });
    const third = await h.mfa.useRecoveryCode('u1', '0000-0000-0000-0000');
    expect(third).toEqual({ ok: false, reason: 'mismatch', retryAfterMs: 15 * 60_000 });
    expect(await h.mfa.useRecoveryCode('u1', code!)).toEqual({ ok: false, reason: 'locked', retryAfterMs: 15 * 60_000 });
    expect(await h.mfa.status('u1')).toMatchObject({ failures: 0, lockedUntil: null, recoveryFailures: 3, recoveryLockedUntil: h.clock.now + 15 * 60_000 });
    h.advance(15 * 60_000);
    expect(await h.mfa.useRecoveryCode('u1', code!)).toEqual({ ok: true, remaining: 0 });
    expect((await h.mfa.status('u1')).recoveryFailures).toBe(0);
  });

  it('a used recovery code resets the failure count', async () => {
    const h = harness();
    await enroll(h);
    const [code] = ok(await h.mfa.generateRecoveryCodes('u1', { count: 1 })).codes;
    for (let i = 0; i < 4; i++) await h.mfa.useRecoveryCode('u1', '0000-0000-0000-0000');
    await h.mfa.useRecoveryCode('u1', code!);
    expect((await h.mfa.status('u1')).failures).toBe(0);
  });

  it('need enabled MFA', async () => {
    const h = harness();
    expect(await h.mfa.generateRecoveryCodes('u1')).toEqual({ ok: false, reason: 'not-enabled' });
    expect(await h.mfa.useRecoveryCode('u1', '0000-0000-0000-0000')).toEqual({ ok: false, reason: 'not-enabled' });
  });

  it.each([0, 101, 1.5])('count %s is refused', async (count) => {
    const h = harness();
    await enroll(h);
    await expect(h.mfa.generateRecoveryCodes('u1', { count })).rejects.toMatchObject({ code: 'INVALID_OPTION', field: 'count' });
  });
});

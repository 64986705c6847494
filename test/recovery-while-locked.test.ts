// Issue 11 item 4: one request a day kept the user out. About 1.5 wrong TOTP codes a day kept the factor
// locked all the time, and the lock also refused the victim's recovery codes. Recovery codes (80 bits)
// now work while TOTP is locked or suspended, have their own count and limit, and a recovery sign-in
// clears the TOTP lock and count.
import { describe, expect, it } from 'vitest';
import { codeAtStep, enroll, harness, ok, wrongCode, why } from './helpers/enrollment.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('recovery codes while TOTP is locked (issue 11 item 4)', () => {
  it('a patient attacker visiting ~1.5 times a day no longer locks the victim out of recovery', async () => {
    const h = harness();
    const secret = await enroll(h);
    const codes = ok(await h.mfa.generateRecoveryCodes('u1', { count: 30 })).codes;
    // Over 120 days: the attacker every 16 hours (1.5 a day); the victim first on day 30, when the
    // escalating locks last a day and keep TOTP locked, then every 3 days at another hour.
    const attacks = Array.from({ length: 180 }, (_, i) => ({ at: i * 16 * HOUR, who: 'attacker' as const }));
    const signIns = Array.from({ length: 30 }, (_, i) => ({ at: (30 + i * 3) * DAY + 5 * HOUR, who: 'victim' as const }));
    const start = h.clock.now;
    let lockedWhenVictimCame = 0;
    let victimIn = 0;
    for (const e of [...attacks, ...signIns].sort((a, b) => a.at - b.at)) {
      h.clock.now = start + e.at;
      if (e.who === 'attacker') {
        // Each visit: wrong codes until refused (locked, or suspended at the cap).
        for (let i = 0; i < 20; i++) {
          const r = await h.mfa.verify('u1', wrongCode(secret, h.step()));
          if (!r.ok && (r.reason === 'locked' || r.reason === 'suspended')) break;
        }
        continue;
      }
      const status = await h.mfa.status('u1');
      if (status.lockedUntil !== null || status.suspended) lockedWhenVictimCame++;
      const result = await h.mfa.useRecoveryCode('u1', codes[victimIn]!);
      expect(result).toEqual({ ok: true, remaining: 29 - victimIn });
      victimIn++;
      // The recovery sign-in cleared the TOTP lock and count.
      expect(await h.mfa.status('u1')).toMatchObject({ failures: 0, lockedUntil: null, suspended: false });
    }
    expect(victimIn).toBe(30);
    // TOTP was locked when the victim first came (0.1.0 refused the recovery code then); recovery got in regardless.
    expect(lockedWhenVictimCame).toBeGreaterThanOrEqual(1);
  });

  it('a recovery code works while TOTP is locked, and clears the lock and the count', async () => {
    const h = harness();
    const secret = await enroll(h);
    const [code] = ok(await h.mfa.generateRecoveryCodes('u1', { count: 1 })).codes;
    for (let i = 0; i < 10; i++) await h.mfa.verify('u1', wrongCode(secret, h.step()));
    expect(why(await h.mfa.verify('u1', codeAtStep(secret, h.step())))).toBe('locked');
    h.events.length = 0;
    expect(await h.mfa.useRecoveryCode('u1', code!)).toEqual({ ok: true, remaining: 0 });
    expect(h.events.map((e) => e.type)).toEqual(['recovery.used', 'factor.unlocked']);
    expect(await h.mfa.status('u1')).toMatchObject({ failures: 0, lockedUntil: null });
    expect((await h.mfa.verify('u1', codeAtStep(secret, h.step()))).ok).toBe(true);
  });

  it('wrong recovery codes do not lock TOTP, and wrong TOTP codes do not lock recovery codes', async () => {
    const h = harness({ policy: { maxFailures: 3, maxRecoveryFailures: 3 } });
    const secret = await enroll(h);
    const [code] = ok(await h.mfa.generateRecoveryCodes('u1', { count: 1 })).codes;
    for (let i = 0; i < 5; i++) await h.mfa.useRecoveryCode('u1', '0000-0000-0000-0000');
    expect((await h.mfa.verify('u1', codeAtStep(secret, h.step()))).ok).toBe(true);
    h.advance(15 * 60_000);
    for (let i = 0; i < 5; i++) await h.mfa.verify('u1', wrongCode(secret, h.step()));
    expect(await h.mfa.useRecoveryCode('u1', code!)).toEqual({ ok: true, remaining: 0 });
  });

  it('an attacker guessing recovery codes blocks them for at most lockoutMs after each guess, never longer', async () => {
    const h = harness();
    await enroll(h);
    const codes = ok(await h.mfa.generateRecoveryCodes('u1', { count: 5 })).codes;
    for (let i = 0; i < 30; i++) {
      await h.mfa.useRecoveryCode('u1', '0000-0000-0000-0000');
      const s = await h.mfa.status('u1');
      if (s.recoveryLockedUntil !== null) h.clock.now = s.recoveryLockedUntil;
    }
    const s = await h.mfa.status('u1');
    expect(s.recoveryFailures).toBe(30);
    expect(s.recoveryLockedUntil).toBe(null);
    await h.mfa.useRecoveryCode('u1', '0000-0000-0000-0000');
    expect((await h.mfa.status('u1')).recoveryLockedUntil).toBe(h.clock.now + 15 * 60_000); // no escalation
    h.advance(15 * 60_000);
    expect((await h.mfa.useRecoveryCode('u1', codes[0]!)).ok).toBe(true);
    expect((await h.mfa.status('u1')).recoveryFailures).toBe(0);
  });
});

// Issue 11 item 8: inherited fields were read as record fields. With Object.prototype.active set by some
// other package, a user with only a pending enrollment verified with the attacker's code; with
// Object.prototype.verifiedStep, enable() succeeded without pairing. Records are now parsed from own
// properties only into records where every field is an own property, so pollution changes nothing.
import { afterEach, describe, expect, it } from 'vitest';
import { parseRecord } from '../src/enrollment/record.js';
import { PERIOD_MS, SECRET, codeAtStep, enroll, harness, ok, wrongCode } from './helpers/enrollment.js';

const polluted: string[] = [];
/** Sets a property on Object.prototype for this test only (removed in afterEach, even when the test fails). */
function pollute(key: string, value: unknown): void {
  Object.defineProperty(Object.prototype, key, { value, configurable: true, writable: true, enumerable: true });
  polluted.push(key);
}
afterEach(() => {
  for (const key of polluted.splice(0)) delete (Object.prototype as Record<string, unknown>)[key];
});

const attackerFactor = { secret: SECRET, algorithm: 'SHA1', digits: 6, period: 30, lastStep: 0, drift: 0, enabledAt: 0 };

describe('prototype pollution changes nothing (issue 11 item 8)', () => {
  it('Object.prototype.active: a user with only a pending enrollment does not sign in with the attacker code', async () => {
    const h = harness();
    const { secret } = ok(await h.mfa.beginEnrollment('u1', { accountName: 'a@example.com' }));
    expect(secret).not.toBe(SECRET);
    try {
      pollute('active', attackerFactor);
      expect(await h.mfa.verify('u1', codeAtStep(SECRET, h.step()))).toEqual({ ok: false, reason: 'not-enabled' });
      expect((await h.mfa.status('u1')).state).toBe('pending');
      expect(await h.mfa.verify('nobody', codeAtStep(SECRET, h.step()))).toEqual({ ok: false, reason: 'not-enabled' });
    } finally {
      delete (Object.prototype as Record<string, unknown>)['active'];
    }
  });

  it('Object.prototype.verifiedStep: enable() does not succeed without pairing', async () => {
    const h = harness();
    ok(await h.mfa.beginEnrollment('u1', { accountName: 'a@example.com' }));
    try {
      pollute('verifiedStep', 1);
      pollute('drift', 0);
      expect(await h.mfa.enable('u1')).toEqual({ ok: false, reason: 'not-verified' });
      expect((await h.mfa.status('u1')).state).toBe('pending');
    } finally {
      delete (Object.prototype as Record<string, unknown>)['verifiedStep'];
      delete (Object.prototype as Record<string, unknown>)['drift'];
    }
  });

  it('other fields: suspended, lockedUntil, failures, recovery, pending, actor, count do nothing either', async () => {
    const h = harness({ policy: { maxFailures: 3 } });
    const secret = await enroll(h);
    const [code] = ok(await h.mfa.generateRecoveryCodes('u1', { count: 1 })).codes;
    try {
      pollute('suspended', true);
      pollute('lockedUntil', Number.MAX_SAFE_INTEGER);
      pollute('recoveryLockedUntil', Number.MAX_SAFE_INTEGER);
      pollute('pending', { secret: SECRET, algorithm: 'SHA1', digits: 6, period: 30, createdAt: 0, expiresAt: 9e15, attempts: 0 });
      pollute('actor', 'mallory');
      pollute('count', 100);
      expect(await h.mfa.verify('u1', codeAtStep(secret, h.step()))).toEqual({ ok: true, delta: 0 });
      expect(await h.mfa.status('u1')).toMatchObject({ state: 'enabled', pending: null, suspended: false, lockedUntil: null });
      expect(h.events.every((e) => !Object.hasOwn(e, 'actor'))).toBe(true);
      expect(ok(await h.mfa.generateRecoveryCodes('u1')).codes.length).toBe(10);
      h.advance(PERIOD_MS);
      expect((await h.mfa.verify('u1', wrongCode(secret, h.step()))).ok).toBe(false);
      expect(await h.mfa.useRecoveryCode('u1', code!)).toEqual({ ok: false, reason: 'mismatch' }); // replaced above
    } finally {
      for (const k of ['suspended', 'lockedUntil', 'recoveryLockedUntil', 'pending', 'actor', 'count']) {
        delete (Object.prototype as Record<string, unknown>)[k];
      }
    }
  });

  it('parseRecord reads own properties only: an inherited field is absent, an inherited required field is an error', () => {
    try {
      pollute('active', attackerFactor);
      pollute('failures', 0);
      expect(parseRecord({ schema: 1, failures: 0, recovery: [] }).active).toBe(null);
      expect(() => parseRecord({ schema: 1, recovery: [] })).toThrow(expect.objectContaining({ code: 'INVALID_RECORD', field: 'failures' }));
    } finally {
      delete (Object.prototype as Record<string, unknown>)['active'];
      delete (Object.prototype as Record<string, unknown>)['failures'];
    }
  });
});

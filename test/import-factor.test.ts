// importFactor (issue 13 item 1): existing authenticators become enabled factors without pairing, strictly
// checked, sealed when a cipher is configured, never over an existing factor unless asked, and with a
// replay guard at the step the old system last accepted.
import { describe, expect, it } from 'vitest';
import { aesGcmCipher } from '../src/enrollment/cipher.js';
import { encodeSecret } from '../src/secret.js';
import { generateTotp } from '../src/totp.js';
import { PERIOD_MS, SECRET, codeAtStep, enroll, harness, ok, why, wrongCode } from './helpers/enrollment.js';

const cipher = () => aesGcmCipher({ keys: { k1: new Uint8Array(32).fill(7) }, currentKeyId: 'k1' });
/** A 10-byte legacy key (otplib 12 / speakeasy default length). */
const SHORT = encodeSecret(new TextEncoder().encode('0123456789'));
type Stored = { active?: Record<string, unknown>; pending?: unknown; recovery: string[]; failures: number };
const stored = async (h: ReturnType<typeof harness>, id = 'u1') => (await h.store.get(id))!.record as unknown as Stored;

describe('importFactor', () => {
  it('creates an enabled factor the existing authenticator signs in with', async () => {
    const h = harness();
    expect(await h.mfa.importFactor('u1', { secret: SECRET, lastStep: h.step() - 5 })).toEqual({ ok: true, state: 'enabled' });
    const status = await h.mfa.status('u1');
    expect(status).toMatchObject({ state: 'enabled', pending: null, drift: 0, recoveryCodesLeft: 0, failures: 0 });
    expect(await h.mfa.verify('u1', codeAtStep(SECRET, h.step()))).toEqual({ ok: true, delta: 0 });
  });

  it('stores the secret in canonical base32 whatever form it came in', async () => {
    const h = harness();
    const messy = 'gezd gnbv-gy3t qojq gezd gnbv gy3t qojq';
    ok(await h.mfa.importFactor('u1', { secret: messy }));
    expect((await stored(h)).active!['secret']).toBe(SECRET);
    ok(await h.mfa.importFactor('u2', { secret: new TextEncoder().encode('12345678901234567890') }));
    expect((await stored(h, 'u2')).active!['secret']).toBe(SECRET);
  });

  it.each([
    ['SHA256', 8, 60],
    ['SHA512', 7, 30],
    ['SHA1', 6, 15],
  ] as const)('keeps the parameters %s / %i digits / %i s', async (algorithm, digits, period) => {
    const h = harness();
    ok(await h.mfa.importFactor('u1', { secret: SECRET, algorithm, digits, period, lastStep: 0 }));
    expect((await stored(h)).active).toMatchObject({ algorithm, digits, period });
    const code = generateTotp(SECRET, { algorithm, digits, period, now: h.clock.now });
    expect(why(await h.mfa.verify('u1', code))).toBe('ok');
  });

  it('refuses a user with an enabled factor or a live pending enrollment unless replace is set', async () => {
    const h = harness();
    const secret = await enroll(h, 'enabled');
    ok(await h.mfa.beginEnrollment('pending', { accountName: 'p@example.com' }));
    for (const id of ['enabled', 'pending']) {
      const before = await h.store.get(id);
      expect(await h.mfa.importFactor(id, { secret: SECRET })).toEqual({ ok: false, reason: 'exists' });
      expect(await h.store.get(id)).toEqual(before);
    }
    expect(why(await h.mfa.verify('enabled', codeAtStep(secret, h.step())))).toBe('ok');
    expect(h.events.filter((e) => e.type === 'factor.imported')).toEqual([]);
  });

  it('an expired pending enrollment does not count as existing', async () => {
    const h = harness();
    ok(await h.mfa.beginEnrollment('u1', { accountName: 'a@example.com' }));
    h.advance(24 * 3_600_000);
    ok(await h.mfa.importFactor('u1', { secret: SECRET }));
    expect((await stored(h)).pending).toBeUndefined();
    expect(h.events.at(-1)).toMatchObject({ type: 'factor.imported', replaced: false });
  });

  it('replace is disable then import in one write: old factor, pending, counters, locks and recovery codes go', async () => {
    const h = harness({ policy: { maxFailures: 3 } });
    const old = await enroll(h);
    ok(await h.mfa.generateRecoveryCodes('u1'));
    for (let i = 0; i < 3; i++) await h.mfa.verify('u1', wrongCode(old, h.step()));
    ok(await h.mfa.beginEnrollment('u1', { accountName: 'a@example.com' })); // a rotation in progress
    expect((await h.mfa.status('u1')).lockedUntil).not.toBeNull();
    expect(await h.mfa.importFactor('u1', { secret: SECRET }, { replace: true, actor: 'admin' })).toEqual({ ok: true, state: 'enabled' });
    const s = await h.mfa.status('u1');
    expect(s).toMatchObject({ state: 'enabled', pending: null, failures: 0, lockedUntil: null, suspended: false, recoveryCodesLeft: 0 });
    h.advance(PERIOD_MS);
    expect(why(await h.mfa.verify('u1', codeAtStep(old, h.step())))).toBe('mismatch');
    expect(why(await h.mfa.verify('u1', codeAtStep(SECRET, h.step())))).toBe('ok');
    expect(h.events.find((e) => e.type === 'factor.imported')).toEqual({
      type: 'factor.imported', replaced: true, userId: 'u1', actor: 'admin', at: expect.any(Number),
    });
  });

  it('replace also replaces a damaged record (as disable can delete one); without replace it throws INVALID_RECORD', async () => {
    const h = harness();
    await h.store.put('u1', { schema: 1, failures: 'x', recovery: [] }, null);
    await expect(h.mfa.importFactor('u1', { secret: SECRET })).rejects.toMatchObject({ code: 'INVALID_RECORD' });
    ok(await h.mfa.importFactor('u1', { secret: SECRET }, { replace: true }));
    expect((await h.mfa.status('u1')).state).toBe('enabled');
  });

  describe('short legacy keys', () => {
    it('a 10-byte key is INVALID_SECRET by default and accepted with minSecretBytes: 10', async () => {
      const h = harness();
      await expect(h.mfa.importFactor('u1', { secret: SHORT })).rejects.toMatchObject({ code: 'INVALID_SECRET' });
      await expect(h.mfa.importFactor('u1', { secret: SHORT }, { minSecretBytes: 11 })).rejects.toMatchObject({ code: 'INVALID_SECRET' });
      expect(await h.store.get('u1')).toBeNull();
      ok(await h.mfa.importFactor('u1', { secret: SHORT }, { minSecretBytes: 10 }));
      expect((await stored(h)).active!['minSecretBytes']).toBe(10);
    });

    it('a factor imported with a 10-byte key signs in, with and without a cipher', async () => {
      for (const h of [harness(), harness({ cipher: cipher() })]) {
        ok(await h.mfa.importFactor('u1', { secret: SHORT }, { minSecretBytes: 10 }));
        const code = generateTotp(SHORT, { now: h.clock.now + PERIOD_MS, minSecretBytes: 10 });
        h.advance(PERIOD_MS);
        expect(await h.mfa.verify('u1', code)).toEqual({ ok: true, delta: 0 });
      }
    });

    it('a 16-byte-or-longer key records nothing: the factor keeps the normal floor', async () => {
      const h = harness();
      ok(await h.mfa.importFactor('u1', { secret: SECRET }, { minSecretBytes: 10 }));
      expect(Object.keys((await stored(h)).active!)).not.toContain('minSecretBytes');
    });

    it('the recorded length is a floor: a stored key shorter than it is refused at sign-in', async () => {
      const h = harness();
      ok(await h.mfa.importFactor('u1', { secret: encodeSecret(new Uint8Array(12).fill(3)) }, { minSecretBytes: 10 }));
      const cur = (await h.store.get('u1'))!;
      const rec = cur.record as unknown as Stored;
      await h.store.put('u1', { ...rec, active: { ...rec.active, secret: SHORT } } as never, cur.version); // 10 < 12
      await expect(h.mfa.verify('u1', '123456')).rejects.toMatchObject({ code: 'INVALID_SECRET' });
    });

    it('new enrollments still need 16 bytes: rotating an imported short key drops the legacy floor', async () => {
      const h = harness();
      ok(await h.mfa.importFactor('u1', { secret: SHORT }, { minSecretBytes: 10 }));
      await enroll(h); // begin -> pair -> enable: a rotation to a fresh 20-byte secret
      expect(Object.keys((await stored(h)).active!)).not.toContain('minSecretBytes');
    });

    it.each([9, 1, 0, 10.5, '10', 1025])('minSecretBytes %s is INVALID_OPTION', async (minSecretBytes) => {
      const h = harness();
      await expect(h.mfa.importFactor('u1', { secret: SHORT }, { minSecretBytes } as never)).rejects.toMatchObject({
        code: 'INVALID_OPTION', field: 'minSecretBytes',
      });
    });

    it('a stored legacy floor outside 10..15 is INVALID_RECORD', async () => {
      const h = harness();
      ok(await h.mfa.importFactor('u1', { secret: SHORT }, { minSecretBytes: 10 }));
      for (const floor of [9, 16, 1, '10']) {
        const cur = (await h.store.get('u1'))!;
        const rec = cur.record as unknown as Stored;
        await h.store.put('u1', { ...rec, active: { ...rec.active, minSecretBytes: floor } } as never, cur.version);
        await expect(h.mfa.verify('u1', '123456')).rejects.toMatchObject({ code: 'INVALID_RECORD', field: 'active.minSecretBytes' });
      }
    });
  });

  describe('replay guard', () => {
    it('a code at or before the given lastStep is replayed; the next step signs in', async () => {
      const h = harness();
      const s = h.step();
      ok(await h.mfa.importFactor('u1', { secret: SECRET, lastStep: s }));
      expect(why(await h.mfa.verify('u1', codeAtStep(SECRET, s)))).toBe('replayed');
      expect(why(await h.mfa.verify('u1', codeAtStep(SECRET, s - 1)))).toBe('replayed');
      expect(why(await h.mfa.verify('u1', codeAtStep(SECRET, s + 1)))).toBe('ok');
    });

    it('a lastStep ahead of now (the old system accepted a future code) refuses up to it', async () => {
      const h = harness();
      const s = h.step();
      ok(await h.mfa.importFactor('u1', { secret: SECRET, lastStep: s + 1 }));
      expect(why(await h.mfa.verify('u1', codeAtStep(SECRET, s + 1)))).toBe('replayed');
    });

    it('by default the current step counts as used: a code just used on the old system cannot be replayed here', async () => {
      const h = harness();
      const s = h.step();
      ok(await h.mfa.importFactor('u1', { secret: SECRET }));
      expect((await stored(h)).active!['lastStep']).toBe(s);
      expect(why(await h.mfa.verify('u1', codeAtStep(SECRET, s)))).toBe('replayed');
      h.advance(PERIOD_MS);
      expect(why(await h.mfa.verify('u1', codeAtStep(SECRET, s + 1)))).toBe('ok');
    });

    it('the default step is in the imported period, not the service default', async () => {
      const h = harness();
      ok(await h.mfa.importFactor('u1', { secret: SECRET, period: 60 }));
      expect((await stored(h)).active!['lastStep']).toBe(Math.floor(h.clock.now / 60_000));
    });

    it.each([-1, 1.5, '5', Number.MAX_SAFE_INTEGER])('lastStep %s is INVALID_OPTION', async (lastStep) => {
      const h = harness();
      await expect(h.mfa.importFactor('u1', { secret: SECRET, lastStep } as never)).rejects.toMatchObject({ code: 'INVALID_OPTION', field: 'lastStep' });
    });

    it('lastStep null (an unknown value from a database column) means the default', async () => {
      const h = harness();
      ok(await h.mfa.importFactor('u1', { secret: SECRET, lastStep: null } as never));
      expect((await stored(h)).active!['lastStep']).toBe(h.step());
    });

    it('a lastStep more than 10 steps ahead (a time in ms or s passed as a step) is INVALID_OPTION', async () => {
      const h = harness();
      await expect(h.mfa.importFactor('u1', { secret: SECRET, lastStep: h.step() + 11 })).rejects.toMatchObject({ field: 'lastStep' });
      await expect(h.mfa.importFactor('u1', { secret: SECRET, lastStep: Math.floor(h.clock.now / 1000) })).rejects.toMatchObject({ field: 'lastStep' });
      ok(await h.mfa.importFactor('u1', { secret: SECRET, lastStep: h.step() + 10 }));
    });
  });

  it('with a cipher the secret is sealed under the active binding and signs in', async () => {
    const h = harness({ cipher: cipher() });
    ok(await h.mfa.importFactor('u1', { secret: SECRET }));
    const text = JSON.stringify(await h.store.get('u1'));
    expect(text).not.toContain(SECRET);
    expect((await stored(h)).active!['secret']).toMatchObject({ kid: 'k1', v: 2 });
    // Bound to enabledAt: the record copied to another user does not open.
    await h.store.put('u2', (await h.store.get('u1'))!.record, null);
    await expect(h.mfa.verify('u2', '123456')).rejects.toMatchObject({ code: 'DECRYPT_FAILED' });
    h.advance(PERIOD_MS);
    expect(why(await h.mfa.verify('u1', codeAtStep(SECRET, h.step())))).toBe('ok');
  });

  it('emits factor.imported without the secret, in any form', async () => {
    const h = harness();
    const raw = '0123456789abcdefghij';
    const secret = encodeSecret(new TextEncoder().encode(raw));
    ok(await h.mfa.importFactor('u1', { secret: secret.toLowerCase() }, { actor: 'migration' }));
    expect(h.events).toEqual([{ type: 'factor.imported', replaced: false, userId: 'u1', actor: 'migration', at: h.clock.now }]);
    const text = JSON.stringify(h.events);
    for (const form of [secret, secret.toLowerCase(), raw]) expect(text).not.toContain(form);
  });

  describe('bad input', () => {
    it.each([
      ['algorithm', { algorithm: 'sha1' }],
      ['algorithm', { algorithm: 'MD5' }],
      ['digits', { digits: 9 }],
      ['digits', { digits: '6' }],
      ['period', { period: 0 }],
      ['period', { period: 121 }],
      ['period', { period: 30.5 }],
    ])('%s %j is INVALID_OPTION', async (field, extra) => {
      const h = harness();
      await expect(h.mfa.importFactor('u1', { secret: SECRET, ...extra } as never)).rejects.toMatchObject({ code: 'INVALID_OPTION', field });
      expect(await h.store.get('u1')).toBeNull();
    });

    it.each([
      ['not base32', 'GEZDGNBVGY3TQOJ1GEZDGNBVGY3TQOJQ'],
      ['a bad length', 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQA'],
      ['empty', ''],
      ['a number', 12345],
      ['missing', undefined],
      ['an array', [1, 2, 3]],
    ])('a secret that is %s is INVALID_SECRET, and the message does not quote it', async (_n, secret) => {
      const h = harness();
      const error = await h.mfa.importFactor('u1', { secret } as never).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'INVALID_SECRET' });
      if (typeof secret === 'string' && secret) expect(String((error as Error).message)).not.toContain(secret);
    });

    it('a key over 1024 bytes is INVALID_SECRET as base32 text just as in bytes, and nothing is stored', async () => {
      const h = harness();
      const big = new Uint8Array(1025).fill(1);
      for (const secret of [big, encodeSecret(big), encodeSecret(new Uint8Array(2560).fill(2)).toLowerCase()]) {
        await expect(h.mfa.importFactor('u1', { secret })).rejects.toMatchObject({ code: 'INVALID_SECRET' });
      }
      expect(await h.store.get('u1')).toBeNull();
      ok(await h.mfa.importFactor('u1', { secret: encodeSecret(new Uint8Array(1024).fill(1)) }));
    });

    it.each([
      ['userId', () => ['\uFDD0tenant:x', { secret: SECRET }, undefined]],
      ['userId', () => ['', { secret: SECRET }, undefined]],
      ['factor', () => ['u1', null, undefined]],
      ['replace', () => ['u1', { secret: SECRET }, { replace: 'yes' }]],
      ['actor', () => ['u1', { secret: SECRET }, { actor: 5 }]],
    ])('%s: INVALID_OPTION as a rejected promise', async (field, args) => {
      const h = harness();
      const [id, factor, options] = args() as [string, never, never];
      const p = h.mfa.importFactor(id, factor, options);
      await expect(p).rejects.toMatchObject({ code: 'INVALID_OPTION', field });
    });

    it('ignores inherited option values (a polluted prototype cannot set replace)', async () => {
      const h = harness();
      await enroll(h);
      const options = Object.create({ replace: true, minSecretBytes: 10 }) as object;
      expect(await h.mfa.importFactor('u1', { secret: SECRET }, options)).toEqual({ ok: false, reason: 'exists' });
      const factor = Object.create({ secret: SECRET }) as never;
      await expect(h.mfa.importFactor('u2', factor)).rejects.toMatchObject({ code: 'INVALID_SECRET' });
    });
  });

  it('a concurrent enrollment and import: exactly one wins, the other sees exists or writes after it', async () => {
    const h = harness();
    const [imported] = await Promise.all([
      h.mfa.importFactor('u1', { secret: SECRET }),
      h.mfa.beginEnrollment('u1', { accountName: 'a@example.com' }),
    ]);
    // Either the import came first (and the enrollment became a rotation beside it) or it saw the pending one.
    const s = await h.mfa.status('u1');
    if (imported.ok) expect(s.state).toBe('enabled');
    else expect([imported.reason, s.state]).toEqual(['exists', 'pending']);
  });
});

/**
 * The Express example over real HTTP: a signed-in user enrolls (QR code as SVG), pairs with two
 * consecutive codes, enables MFA and gets recovery codes once; changing an enabled factor needs the password.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeAt, enrollFully, password, PERIOD_MS, startExample, USERS, type Running } from './express-harness.js';

const [alice, bob] = USERS;

describe('Express example: enroll, pair, enable, recovery codes, disable', () => {
  let run: Running;
  // What alice enrolled with in the enrollment test; the later tests sign her in with it.
  let aliceUri = '';
  let aliceCodes: string[] = [];
  beforeAll(async () => {
    run = await startExample();
  });
  afterAll(() => run?.close());

  it('a user without MFA signs in with the password alone, and the session cookie is HttpOnly, SameSite=Strict, Secure', async () => {
    const c = run.client();
    const r = await c.post('/api/sign-in', { username: bob.username, password: bob.password });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ ok: true, next: 'signed-in' });
    const [set] = r.headers.getSetCookie();
    expect(set).toMatch(/^__Host-sid=[\w-]{43};/);
    expect(set).toMatch(/; HttpOnly/);
    expect(set).toMatch(/; SameSite=Strict/);
    expect(set).toMatch(/; Secure/);
    expect(set).toMatch(/; Path=\//);
    expect(set).not.toMatch(/Domain=/i);
    const me = await c.get('/api/me');
    expect(me.status).toBe(200);
    expect(me.body['user']).toEqual({ id: bob.id, username: bob.username, email: bob.email });
    expect(me.body['signedInWith']).toBe('password');
    expect(me.headers.get('cache-control')).toBe('no-store');
  });

  it('a stolen session cookie alone cannot turn MFA on, locking the owner out with another phone: enroll needs the password', async () => {
    const thief = run.client();
    await password(thief, bob.username, bob.password); // the cookie the thief holds: a session of bob
    const none = await thief.post('/api/mfa/enroll');
    expect(none.status).toBe(401);
    expect(none.body['reason']).toBe('password-required');
    expect(none.body).not.toHaveProperty('uri');
    const wrong = await thief.post('/api/mfa/enroll', { password: 'guess' });
    expect(wrong.status).toBe(401);
    expect(wrong.body['reason']).toBe('invalid-credentials');
    expect((await thief.get('/api/me')).body['mfa']).toMatchObject({ state: 'disabled', pending: null });
  });

  it('enrolls: the QR code is the SVG of the otpauth URI, pairing needs two consecutive codes, enable answers the recovery codes once', async () => {
    const c = run.client();
    await password(c, alice.username, alice.password);
    const other = run.client(); // a second session of alice, started before MFA
    await password(other, alice.username, alice.password);

    const started = await c.post('/api/mfa/enroll', { password: alice.password });
    expect(started.status).toBe(200);
    const uri = String(started.body['uri']);
    aliceUri = uri;
    const parsed = run.lib.parseOtpauthUri(uri);
    expect(parsed).toMatchObject({ type: 'totp', issuer: 'Express Test', accountName: alice.email });
    expect(started.body['qrSvg']).toBe(run.qr.qrSvg(uri, { label: `QR code to add ${alice.email} to an authenticator app` }));
    expect(String(started.body['qrSvg'])).toMatch(/^<svg /);
    expect(String(started.body['secret']).replaceAll(' ', '')).toBe(parsed.type === 'totp' ? parsed.secret : '');
    expect(started.headers.get('cache-control')).toBe('no-store');
    expect((await c.get('/api/me')).body['mfa']).toMatchObject({ state: 'pending' });

    // A pending pairing does not ask for a code at sign-in.
    expect(await password(run.client(), alice.username, alice.password)).toBeNull();

    const now = run.clock.now;
    const same = await c.post('/api/mfa/pair', { code1: codeAt(run, uri, now), code2: codeAt(run, uri, now) });
    expect(same.status).toBe(400);
    expect(same.body['reason']).toBe('not-consecutive');
    const reversed = await c.post('/api/mfa/pair', { code1: codeAt(run, uri, now), code2: codeAt(run, uri, now - PERIOD_MS) });
    expect(reversed.body['reason']).toBe('mismatch');
    const early = await c.post('/api/mfa/enable');
    expect(early.status).toBe(409);
    expect(early.body['reason']).toBe('not-verified');

    const paired = await c.post('/api/mfa/pair', { code1: codeAt(run, uri, now - PERIOD_MS), code2: codeAt(run, uri, now) });
    expect(paired.status).toBe(200);
    expect(paired.body).toEqual({ ok: true, state: 'verified' });

    const enabled = await c.post('/api/mfa/enable');
    expect(enabled.status).toBe(200);
    expect(enabled.body['state']).toBe('enabled');
    const codes = enabled.body['recoveryCodes'] as string[];
    aliceCodes = codes;
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[0-9a-z]{4}(-[0-9a-z]{4}){3}$/);
    const me = await c.get('/api/me');
    expect(me.body['mfa']).toMatchObject({ state: 'enabled', recoveryCodesLeft: 10 });
    expect(JSON.stringify(me.body)).not.toContain(codes[0]);

    // The session that enabled MFA stays; the one started before it without the factor is ended.
    expect((await other.get('/api/me')).status).toBe(401);

    // From now on the password alone gives a challenge, not a session.
    run.clock.now += PERIOD_MS;
    const next = run.client();
    const r = await next.post('/api/sign-in', { username: alice.username, password: alice.password });
    expect(r.body['next']).toBe('code');
    expect(r.headers.getSetCookie()).toEqual([]);
    expect((await next.get('/api/me')).status).toBe(401);
  });

  it('rotating an enabled factor and making new recovery codes need the password again; the old recovery codes stop working', async () => {
    const c = run.client();
    const challenge = await password(c, alice.username, alice.password);
    run.clock.now += PERIOD_MS;
    const signed = await c.post('/api/sign-in/code', { challenge, code: codeAt(run, aliceUri, run.clock.now) });
    expect(signed.status).toBe(200);

    expect((await c.post('/api/mfa/enroll')).body['reason']).toBe('password-required');
    expect((await c.post('/api/mfa/enroll', { password: 'wrong' })).body['reason']).toBe('invalid-credentials');
    expect((await c.post('/api/mfa/recovery-codes')).status).toBe(401);
    const fresh = await c.post('/api/mfa/recovery-codes', { password: alice.password });
    expect(fresh.status).toBe(200);
    expect(fresh.body['recoveryCodes']).toHaveLength(10);
    expect(aliceCodes.some((code) => (fresh.body['recoveryCodes'] as string[]).includes(code))).toBe(false);
    const old = await password(run.client(), alice.username, alice.password);
    const used = await run.client().post('/api/sign-in/recovery-code', { challenge: old, recoveryCode: aliceCodes[0] });
    expect(used.status).toBe(401);
    expect(used.body['reason']).toBe('mismatch');
  });

  it('disabling needs the password; afterwards the password alone signs in again', async () => {
    const c = run.client();
    const challenge = await password(c, alice.username, alice.password);
    run.clock.now += PERIOD_MS;
    expect((await c.post('/api/sign-in/code', { challenge, code: codeAt(run, aliceUri, run.clock.now) })).status).toBe(200);

    const none = await c.post('/api/mfa/disable');
    expect(none.status).toBe(401);
    expect(none.body['reason']).toBe('password-required');
    const wrong = await c.post('/api/mfa/disable', { password: bob.password });
    expect(wrong.status).toBe(401);
    expect(wrong.body['reason']).toBe('invalid-credentials');
    expect((await c.get('/api/me')).body['mfa']).toMatchObject({ state: 'enabled' });

    const off = await c.post('/api/mfa/disable', { password: alice.password });
    expect(off.status).toBe(200);
    expect(off.body).toEqual({ ok: true, state: 'disabled' });
    expect((await c.get('/api/me')).body['mfa']).toMatchObject({ state: 'disabled', recoveryCodesLeft: 0 });
    expect(await password(run.client(), alice.username, alice.password)).toBeNull();
  });

  it('enrolling again after disabling issues a new secret', async () => {
    const c = run.client();
    await password(c, alice.username, alice.password);
    const { uri: again } = await enrollFully(run, c, alice.password);
    expect(run.lib.parseOtpauthUri(again)).not.toEqual(run.lib.parseOtpauthUri(aliceUri));
    expect((await c.get('/api/me')).body['mfa']).toMatchObject({ state: 'enabled' });
  });
});

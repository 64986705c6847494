/**
 * The Express example's two-step sign-in over real HTTP: password -> signed challenge (no session) ->
 * code or recovery code -> session. Challenges that are forged, expired, reused or another user's are refused
 * before any code is looked at; a code is accepted once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  codeAt,
  enrollFully,
  holdingStore,
  password,
  PERIOD_MS,
  startExample,
  USERS,
  wrongCodeAt,
  type Running,
} from './express-harness.js';

const [alice, bob, carol] = USERS;

/** Re-encodes a challenge's payload with some claims changed, keeping the original MAC. */
function tamper(token: string, change: Record<string, unknown>): string {
  const [v, payload, mac] = token.split('.');
  const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
  return [v, Buffer.from(JSON.stringify({ ...claims, ...change })).toString('base64url'), mac].join('.');
}

describe('Express example: two-step sign-in', () => {
  let run: Running;
  let aliceUri: string;
  let carolUri: string;
  let aliceRecovery: string[];

  const gate = holdingStore();

  beforeAll(async () => {
    run = await startExample({ wrapStore: gate.wrap });
    const a = run.client();
    await password(a, alice.username, alice.password);
    ({ uri: aliceUri, recoveryCodes: aliceRecovery } = await enrollFully(run, a, alice.password));
    const c = run.client();
    await password(c, carol.username, carol.password);
    ({ uri: carolUri } = await enrollFully(run, c, carol.password));
  });
  afterAll(() => run?.close());

  const nextStep = () => {
    run.clock.now += PERIOD_MS;
    return run.clock.now;
  };

  it('password -> challenge (no cookie) -> code -> a session cookie that opens a protected route', async () => {
    const c = run.client();
    const step1 = await c.post('/api/sign-in', { username: alice.username, password: alice.password });
    expect(step1.status).toBe(200);
    expect(step1.body['next']).toBe('code');
    expect(step1.body['expiresAt']).toBe(run.clock.now + 5 * 60_000);
    expect(step1.headers.getSetCookie()).toEqual([]);
    expect((await c.get('/api/me')).status).toBe(401);

    const step2 = await c.post('/api/sign-in/code', { challenge: step1.body['challenge'], code: codeAt(run, aliceUri, nextStep()) });
    expect(step2.status).toBe(200);
    expect(step2.body).toEqual({ ok: true, next: 'signed-in' });
    expect(step2.headers.getSetCookie()[0]).toMatch(/^__Host-sid=.*HttpOnly.*SameSite=Strict/);
    const me = await c.get('/api/me');
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ user: { id: alice.id }, signedInWith: 'totp' });

    // Signing out ends the session on the server, not only in the browser.
    const cookie = c.cookie;
    await c.post('/api/sign-out');
    const replayedCookie = run.client();
    replayedCookie.cookie = cookie;
    expect((await replayedCookie.get('/api/me')).status).toBe(401);
  });

  it('a wrong password and an unknown user get the same answer, and neither a challenge nor a cookie', async () => {
    for (const [username, pass] of [
      [alice.username, 'not-her-password'],
      ['mallory', alice.password],
      [alice.username, alice.password.toUpperCase()],
    ] as const) {
      const r = await run.client().post('/api/sign-in', { username, password: pass });
      expect(r.status).toBe(401);
      expect(r.body).toEqual({ ok: false, reason: 'invalid-credentials', message: 'The user name or password is not right.' });
      expect(r.headers.getSetCookie()).toEqual([]);
    }
    const missing = await run.client().post('/api/sign-in', { username: alice.username, password: 42 });
    expect(missing.status).toBe(400);
  });

  it('a user without MFA skips the code step', async () => {
    const c = run.client();
    expect(await password(c, bob.username, bob.password)).toBeNull();
    expect((await c.get('/api/me')).body).toMatchObject({ user: { id: bob.id }, signedInWith: 'password' });
  });

  it('a challenge gives one session: used again, even with a new right code, it is refused', async () => {
    const c = run.client();
    const challenge = await password(c, alice.username, alice.password);
    expect((await c.post('/api/sign-in/code', { challenge, code: codeAt(run, aliceUri, nextStep()) })).status).toBe(200);
    const again = await run.client().post('/api/sign-in/code', { challenge, code: codeAt(run, aliceUri, nextStep()) });
    expect(again.status).toBe(401);
    expect(again.body['reason']).toBe('challenge-used');
    expect(again.headers.getSetCookie()).toEqual([]);
    const recovery = await run.client().post('/api/sign-in/recovery-code', { challenge, recoveryCode: aliceRecovery[5] });
    expect(recovery.body['reason']).toBe('challenge-used');
    // The refused challenge did not reach the service: that code is still there (10 left).
    const me = await c.get('/api/me');
    expect(me.body['mfa']).toMatchObject({ recoveryCodesLeft: 10 });
  });

  it('two requests racing with one challenge and two right codes give one session', async () => {
    // Both requests would read the same record version; the second is refused before its code is read.
    const challenge = await password(run.client(), alice.username, alice.password);
    const now = nextStep();
    gate.hold();
    const first = run.client().post('/api/sign-in/code', { challenge, code: codeAt(run, aliceUri, now) });
    await gate.arrived(1);
    const second = run.client().post('/api/sign-in/code', { challenge, code: codeAt(run, aliceUri, now + PERIOD_MS) });
    await Promise.race([second, gate.arrived(2)]);
    gate.release();
    const [a, b] = await Promise.all([first, second]);
    expect(a.status).toBe(200);
    expect(b.status).toBe(409);
    expect(b.body['reason']).toBe('challenge-busy');
    expect(b.headers.getSetCookie()).toEqual([]);
    nextStep(); // past the step of the second code
  });

  it('an expired challenge is refused even with the right code', async () => {
    const challenge = await password(run.client(), alice.username, alice.password);
    run.clock.now += 5 * 60_000;
    const r = await run.client().post('/api/sign-in/code', { challenge, code: codeAt(run, aliceUri, run.clock.now) });
    expect(r.status).toBe(401);
    expect(r.body['reason']).toBe('challenge-expired');
    expect(r.headers.getSetCookie()).toEqual([]);
    nextStep();
  });

  it('a forged challenge is refused: changed claims, another key, no MAC, garbage', async () => {
    const challenge = String(await password(run.client(), alice.username, alice.password));
    const other = await startExample(); // another server, another random key
    const foreign = await password(other.client(), alice.username, alice.password).finally(() => other.close());
    const [v, payload] = challenge.split('.');
    const forged = [
      tamper(challenge, { sub: carol.id }),
      tamper(challenge, { exp: run.clock.now + 365 * 86_400_000 }),
      tamper(challenge, { p: 'password-reset' }),
      String(foreign),
      `${v}.${payload}.`,
      `${v}.${payload}`,
      `v2.${payload}.${challenge.split('.')[2]}`,
      `${challenge}.x`,
      'not-a-challenge',
      '',
    ];
    const now = nextStep();
    for (const token of forged) {
      const r = await run.client().post('/api/sign-in/code', { challenge: token, code: codeAt(run, carolUri, now) });
      expect(r.status, token).toBe(401);
      expect(r.body['reason'], token).toBe('challenge-invalid');
    }
    const notAString = await run.client().post('/api/sign-in/code', { challenge: { sub: carol.id }, code: '123456' });
    expect(notAString.body['reason']).toBe('challenge-invalid');
    // None of them reached the service: carol's code of this step is still unused.
    const c = run.client();
    const real = await password(c, carol.username, carol.password);
    expect((await c.post('/api/sign-in/code', { challenge: real, code: codeAt(run, carolUri, now) })).status).toBe(200);
  });

  it("a challenge is bound to its user: carol's right code does not sign in on alice's challenge", async () => {
    const challenge = await password(run.client(), alice.username, alice.password);
    const now = nextStep();
    const r = await run.client().post('/api/sign-in/code', { challenge, code: codeAt(run, carolUri, now) });
    expect(r.status).toBe(401);
    expect(r.body['reason']).toBe('mismatch');
    expect((await run.mfa.status(alice.id)).failures).toBe(1);
    const ok = await run.client().post('/api/sign-in/code', { challenge, code: codeAt(run, aliceUri, now) });
    expect(ok.status).toBe(200); // a retry on the same challenge, for alice
  });

  it('a code is accepted once: the same code on a new challenge is refused as replayed', async () => {
    const code = codeAt(run, aliceUri, nextStep());
    const first = await password(run.client(), alice.username, alice.password);
    expect((await run.client().post('/api/sign-in/code', { challenge: first, code })).status).toBe(200);
    const second = await password(run.client(), alice.username, alice.password);
    const r = await run.client().post('/api/sign-in/code', { challenge: second, code });
    expect(r.status).toBe(401);
    expect(r.body['reason']).toBe('replayed');
    expect(String(r.body['message'])).not.toContain(code);
  });

  it('a recovery code signs in once, and a wrong one is refused', async () => {
    const c = run.client();
    const challenge = await password(c, alice.username, alice.password);
    const wrong = await c.post('/api/sign-in/recovery-code', { challenge, recoveryCode: 'aaaa-bbbb-cccc-dddd' });
    expect(wrong.status).toBe(401);
    expect(wrong.body['reason']).toBe('mismatch');
    const r = await c.post('/api/sign-in/recovery-code', { challenge, recoveryCode: aliceRecovery[0] });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ ok: true, next: 'signed-in', recoveryCodesLeft: 9 });
    expect((await c.get('/api/me')).body).toMatchObject({ signedInWith: 'recovery-code', mfa: { recoveryCodesLeft: 9 } });
    const again = await password(run.client(), alice.username, alice.password);
    const reused = await run.client().post('/api/sign-in/recovery-code', { challenge: again, recoveryCode: aliceRecovery[0] });
    expect(reused.status).toBe(401);
    expect(reused.body['reason']).toBe('mismatch');
  });

  it('a wrong code keeps the challenge for a retry, but five wrong codes spend it', async () => {
    const challenge = await password(run.client(), alice.username, alice.password);
    const now = nextStep();
    for (let i = 0; i < 5; i += 1) {
      const r = await run.client().post('/api/sign-in/code', { challenge, code: wrongCodeAt(run, aliceUri, now) });
      expect(r.body['reason']).toBe('mismatch');
    }
    const r = await run.client().post('/api/sign-in/code', { challenge, code: codeAt(run, aliceUri, now) });
    expect(r.status).toBe(401);
    expect(r.body['reason']).toBe('challenge-used');
    // A right code on a new challenge resets the count.
    const fresh = await password(run.client(), alice.username, alice.password);
    expect((await run.client().post('/api/sign-in/code', { challenge: fresh, code: codeAt(run, aliceUri, now) })).status).toBe(200);
    expect((await run.mfa.status(alice.id)).failures).toBe(0);
  });

  it('a malformed code does not use up the challenge', async () => {
    const challenge = await password(run.client(), alice.username, alice.password);
    for (let i = 0; i < 6; i += 1) {
      const r = await run.client().post('/api/sign-in/code', { challenge, code: 'abc' });
      expect(r.body['reason']).toBe('malformed');
    }
    const r = await run.client().post('/api/sign-in/code', { challenge, code: codeAt(run, aliceUri, nextStep()) });
    expect(r.status).toBe(200);
  });
});

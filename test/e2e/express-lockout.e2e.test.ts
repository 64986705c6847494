/**
 * The Express example passes the service's lockout on: wrong codes count across challenges, a lock is
 * answered 429 with `retryAfterMs` and `Retry-After`, a suspension 403 with `suspended`, and a recovery
 * code still signs in (and lifts both).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeAt, enrollFully, password, PERIOD_MS, startExample, USERS, wrongCodeAt, type Running } from './express-harness.js';

const [alice] = USERS;
const LOCKOUT_MS = 60_000;

describe('Express example: lockout and suspension through the service', () => {
  let run: Running;
  let uri: string;
  let recovery: string[];

  beforeAll(async () => {
    run = await startExample({ policy: { maxFailures: 3, lockoutMs: LOCKOUT_MS, suspendAfterFailures: 5 } });
    const c = run.client();
    await password(c, alice.username, alice.password);
    ({ uri, recoveryCodes: recovery } = await enrollFully(run, c, alice.password));
  });
  afterAll(() => run?.close());

  /** One wrong code on a new challenge each time (a challenge allows only five). */
  const wrongOnce = async () => {
    const challenge = await password(run.client(), alice.username, alice.password);
    return run.client().post('/api/sign-in/code', { challenge, code: wrongCodeAt(run, uri, run.clock.now) });
  };

  it('locks after maxFailures wrong codes: 429, retryAfterMs, Retry-After; the right code waits too; it works after the lock', async () => {
    expect((await wrongOnce()).body['reason']).toBe('mismatch');
    expect((await wrongOnce()).body['reason']).toBe('mismatch');
    const third = await wrongOnce();
    expect(third.status).toBe(401);
    expect(third.body).toMatchObject({ reason: 'mismatch', retryAfterMs: LOCKOUT_MS });

    const challenge = await password(run.client(), alice.username, alice.password);
    const locked = await run.client().post('/api/sign-in/code', { challenge, code: codeAt(run, uri, run.clock.now) });
    expect(locked.status).toBe(429);
    expect(locked.body).toMatchObject({ ok: false, reason: 'locked', retryAfterMs: LOCKOUT_MS });
    expect(locked.headers.get('retry-after')).toBe(String(LOCKOUT_MS / 1000));
    expect(String(locked.body['message'])).toMatch(/locked for/);

    run.clock.now += 20_000;
    const later = await run.client().post('/api/sign-in/code', { challenge, code: codeAt(run, uri, run.clock.now) });
    expect(later.body).toMatchObject({ reason: 'locked', retryAfterMs: LOCKOUT_MS - 20_000 });
    expect(later.headers.get('retry-after')).toBe('40');

    run.clock.now += LOCKOUT_MS;
    // The challenge is 80 s old: still valid, and locked answers did not count as guesses on it.
    const ok = await run.client().post('/api/sign-in/code', { challenge, code: codeAt(run, uri, run.clock.now) });
    expect(ok.status).toBe(200);
    expect((await run.mfa.status(alice.id)).failures).toBe(0);
  });

  it('suspends at suspendAfterFailures: 403 suspended, even for the right code; a recovery code signs in and lifts it', async () => {
    run.clock.now += PERIOD_MS;
    // Five wrong codes in a row, waiting out each lock the third one starts.
    const answers: unknown[] = [];
    while (answers.length < 5) {
      const r = await wrongOnce();
      if (r.body['reason'] === 'locked') run.clock.now += Number(r.body['retryAfterMs']);
      else answers.push(r.body['reason']);
    }
    expect(answers).toEqual(['mismatch', 'mismatch', 'mismatch', 'mismatch', 'suspended']);
    expect((await run.mfa.status(alice.id)).suspended).toBe(true);
    run.clock.now += 86_400_000;
    const c = run.client();
    const challenge = await password(c, alice.username, alice.password);
    const refused = await c.post('/api/sign-in/code', { challenge, code: codeAt(run, uri, run.clock.now) });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ ok: false, reason: 'suspended', suspended: true });
    expect(String(refused.body['message'])).toMatch(/recovery code/);

    // The same challenge goes on with a recovery code.
    const rescued = await c.post('/api/sign-in/recovery-code', { challenge, recoveryCode: recovery[0] });
    expect(rescued.status).toBe(200);
    expect((await c.get('/api/me')).body).toMatchObject({ signedInWith: 'recovery-code', mfa: { suspended: false } });
    run.clock.now += PERIOD_MS;
    const next = await password(run.client(), alice.username, alice.password);
    expect((await run.client().post('/api/sign-in/code', { challenge: next, code: codeAt(run, uri, run.clock.now) })).status).toBe(200);
  });
});

/**
 * The Express example refuses what a cross-site page can make a browser send: a POST whose Origin is
 * another site (or `null`), one the browser marks cross-site or same-site, and any body that is not JSON
 * (HTML forms send urlencoded, multipart or text/plain). Refused requests change nothing, even with the
 * victim's session cookie. And nothing the app logs holds a password, a code or a secret.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeAt, enrollFully, password, startExample, USERS, type Running } from './express-harness.js';

const [alice, bob] = USERS;

describe('Express example: cross-site requests are refused', () => {
  let run: Running;
  let victim: ReturnType<Running['client']>;
  let uri: string;
  let recovery: string[];

  beforeAll(async () => {
    run = await startExample();
    victim = run.client();
    await password(victim, bob.username, bob.password);
    ({ uri, recoveryCodes: recovery } = await enrollFully(run, victim, bob.password));
  });
  afterAll(() => run?.close());

  /** The victim's browser, cookie included, sending what an attacker's page makes it send. */
  const forged = (path: string, headers: Record<string, string>, body: string) =>
    fetch(`${run.url}${path}`, { method: 'POST', headers: { cookie: victim.cookie, ...headers }, body });

  const stillEnabled = async () => expect((await victim.get('/api/me')).body['mfa']).toMatchObject({ state: 'enabled' });

  it('a POST from another Origin is refused with 403, also with a JSON body and the session cookie', async () => {
    for (const origin of ['https://evil.example', 'null', `${run.url}.evil.example`, run.url.replace('127.0.0.1', 'localhost')]) {
      const r = await forged('/api/mfa/disable', { origin, 'content-type': 'application/json' }, JSON.stringify({ password: bob.password }));
      expect(r.status, origin).toBe(403);
      expect(await r.json()).toMatchObject({ ok: false, reason: 'cross-site' });
    }
    await stillEnabled();
  });

  it('a POST the browser marks cross-site or same-site (Sec-Fetch-Site) is refused', async () => {
    for (const site of ['cross-site', 'same-site']) {
      const r = await forged('/api/mfa/recovery-codes', { 'sec-fetch-site': site, 'content-type': 'application/json' }, JSON.stringify({ password: bob.password }));
      expect(r.status, site).toBe(403);
    }
    const own = await victim.post('/api/sign-in', { username: bob.username, password: 'wrong' }, { 'sec-fetch-site': 'same-origin' });
    expect(own.status).toBe(401); // passed the CSRF check, refused for the password
  });

  it('what an HTML form can send (urlencoded, multipart, text/plain) or no content type at all is refused with 415', async () => {
    const bodies: Array<[string | undefined, string]> = [
      ['application/x-www-form-urlencoded', `password=${bob.password}`],
      ['multipart/form-data; boundary=x', `--x\r\nContent-Disposition: form-data; name="password"\r\n\r\n${bob.password}\r\n--x--\r\n`],
      ['text/plain', JSON.stringify({ password: bob.password })],
      [undefined, JSON.stringify({ password: bob.password })],
    ];
    for (const [type, body] of bodies) {
      // Same origin even: the JSON requirement stands on its own.
      const r = await forged('/api/mfa/disable', { origin: run.url, ...(type ? { 'content-type': type } : {}) }, body);
      expect(r.status, type).toBe(415);
      expect(await r.json()).toMatchObject({ reason: 'json-only' });
    }
    await stillEnabled();
    // A form-encoded sign-in does not start a session either.
    const login = await fetch(`${run.url}/api/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `username=${bob.username}&password=${bob.password}`,
    });
    expect(login.status).toBe(415);
    expect(login.headers.getSetCookie()).toEqual([]);
  });

  it('allowedOrigins replaces the Host rule', async () => {
    const other = await startExample({ allowedOrigins: ['https://app.example'] });
    try {
      const own = await other.client().post('/api/sign-in', { username: bob.username, password: bob.password });
      expect(own.status).toBe(403);
      const app = await other.client('https://app.example').post('/api/sign-in', { username: bob.username, password: bob.password });
      expect(app.status).toBe(200);
    } finally {
      await other.close();
    }
  });

  it('a request from outside a browser (no Origin, no Sec-Fetch-Site) works: it carries no victim cookie', async () => {
    const cli = run.client(null);
    const challenge = await password(cli, bob.username, bob.password);
    run.clock.now += 30_000;
    expect((await cli.post('/api/sign-in/code', { challenge, code: codeAt(run, uri, run.clock.now) })).status).toBe(200);
  });

  it('logs nothing from requests: not a password, a code, a recovery code or the secret, even on a bad body', async () => {
    const bad = await fetch(`${run.url}/api/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: run.url },
      body: `{"username":"alice","password":"${alice.password}",`,
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ ok: false, reason: 'bad-request', message: 'The request could not be read.' });
    const big = await fetch(`${run.url}/api/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: run.url },
      body: JSON.stringify({ username: 'alice', password: alice.password.repeat(2000) }),
    });
    expect(big.status).toBe(413);
    const p = run.lib.parseOtpauthUri(uri);
    const secret = p.type === 'totp' ? p.secret : 'unreachable';
    const text = run.logged.join('\n');
    for (const s of [alice.password, bob.password, secret, ...recovery, codeAt(run, uri, run.clock.now)]) {
      expect(text).not.toContain(s);
    }
  });
});

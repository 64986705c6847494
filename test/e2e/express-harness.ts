/**
 * Starts the Express example (examples/express/app.ts) on 127.0.0.1, port 0, with an injected clock
 * shared by the app and its MFA service, and talks to it over real HTTP with fetch, keeping the session
 * cookie the way a browser would. The example imports `totp-enroll`, which resolves to dist/: without
 * a build every suite using this fails with a message saying so.
 */
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CreateMfaOptions, Mfa, MfaStore } from 'totp-enroll';

const DIST = new URL('../../dist/index.js', import.meta.url);
export const PERIOD_MS = 30_000;

/** A fixed moment 10 s into a step. */
export const START = Date.UTC(2025, 5, 2, 9, 0, 10);

export const USERS = [
  { id: 'u-alice', username: 'alice', email: 'alice@example.com', password: 'alice-pass-1' },
  { id: 'u-bob', username: 'bob', email: 'bob@example.com', password: 'bob-pass-22' },
  { id: 'u-carol', username: 'carol', email: 'carol@example.com', password: 'carol-pass-333' },
] as const;

type Lib = typeof import('totp-enroll');
type Qr = typeof import('totp-enroll/qr');

/** The library as the example sees it (dist/), loaded only once dist/ is known to exist. */
export async function loadLibrary(): Promise<{ lib: Lib; qr: Qr }> {
  if (!existsSync(DIST)) {
    throw new Error(
      'dist/ is missing: the Express example imports `totp-enroll`, which resolves to dist/. Run `npm run build` (npm install also builds it), then run the tests again.',
    );
  }
  return { lib: await import('totp-enroll'), qr: await import('totp-enroll/qr') };
}

/** A JSON answer. */
export interface Answer {
  status: number;
  body: Record<string, unknown>;
  headers: Headers;
}

/** One browser: its own cookie, sending `Origin` like a same-origin page unless told otherwise. */
export class Client {
  cookie = '';
  constructor(
    readonly base: string,
    readonly origin: string | null = base,
  ) {}

  async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
    const res = await fetch(`${this.base}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(this.origin === null ? {} : { origin: this.origin }),
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...headers,
      },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    for (const set of res.headers.getSetCookie()) {
      const [pair = ''] = set.split(';');
      this.cookie = /max-age=0/i.test(set) || pair.endsWith('=') ? '' : pair;
    }
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {}, headers: res.headers };
  }

  post = (path: string, body: unknown = {}, headers?: Record<string, string>) => this.request('POST', path, body, headers);
  get = (path: string) => this.request('GET', path);
}

/** A running example with its clock. */
export interface Running {
  url: string;
  mfa: Mfa;
  lib: Lib;
  qr: Qr;
  clock: { now: number };
  client(origin?: string | null): Client;
  /** What the app wrote to the console while running (it must never hold a secret, a code or a password). */
  logged: string[];
  close(): Promise<void>;
}

/** Options for {@link startExample}. */
export interface StartOptions {
  policy?: CreateMfaOptions['policy'];
  /** Wraps the memory store the service uses (to hold reads for a race, say). */
  wrapStore?: (store: MfaStore) => MfaStore;
  allowedOrigins?: readonly string[];
}

/**
 * Starts the example with the demo users above.
 * @example
 * ```ts
 * const app = await startExample();
 * const alice = app.client();
 * await alice.post('/api/sign-in', { username: 'alice', password: 'alice-pass-1' });
 * ```
 */
export async function startExample(options: StartOptions = {}): Promise<Running> {
  const { lib, qr } = await loadLibrary();
  const { createApp } = await import('../../examples/express/app.js');
  const { createUserStore } = await import('../../examples/express/users.js');
  const clock = { now: START };
  const now = () => clock.now;
  const mfa = lib.createMfa({
    store: options.wrapStore ? options.wrapStore(lib.memoryStore()) : lib.memoryStore(),
    issuer: 'Express Test',
    now,
    ...(options.policy ? { policy: options.policy } : {}),
  });
  const users = await createUserStore(USERS);
  const app = createApp({ mfa, users, now, ...(options.allowedOrigins ? { allowedOrigins: options.allowedOrigins } : {}) });

  const logged: string[] = [];
  const original = { log: console.log, error: console.error, warn: console.warn, info: console.info };
  for (const k of ['log', 'error', 'warn', 'info'] as const) {
    console[k] = (...args: unknown[]) => {
      logged.push(args.map(String).join(' '));
    };
  }
  const server: Server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    mfa,
    lib,
    qr,
    clock,
    logged,
    client: (origin?: string | null) => new Client(url, origin === undefined ? url : origin),
    close: () =>
      new Promise<void>((resolve, reject) => {
        Object.assign(console, original);
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** The code an authenticator app shows at `at` for an otpauth URI's secret. */
export function codeAt(run: Running, uri: string, at: number): string {
  const p = run.lib.parseOtpauthUri(uri);
  if (p.type !== 'totp') throw new Error('expected a TOTP URI');
  return run.lib.generateTotp(p.secret, { algorithm: p.algorithm, digits: p.digits, period: p.period, now: at });
}

/** A 6-digit code that is none of the codes of the steps around `at` (so it is certainly wrong). */
export function wrongCodeAt(run: Running, uri: string, at: number): string {
  const near = new Set([-2, -1, 0, 1, 2].map((d) => codeAt(run, uri, at + d * PERIOD_MS)));
  for (let n = 0; ; n += 1) {
    const code = String((123_457 * (n + 1)) % 1_000_000).padStart(6, '0');
    if (!near.has(code)) return code;
  }
}

/** Signs a user in with the password; answers the challenge (or null when no code is needed). */
export async function password(client: Client, username: string, pass: string): Promise<string | null> {
  const r = await client.post('/api/sign-in', { username, password: pass });
  if (r.status !== 200) throw new Error(`password step answered ${r.status} ${JSON.stringify(r.body)}`);
  return r.body['next'] === 'code' ? String(r.body['challenge']) : null;
}

/**
 * Enrolls a signed-in user all the way: enroll, pair with the codes of the previous and the current step,
 * enable. Answers the otpauth URI and the recovery codes.
 */
export async function enrollFully(run: Running, client: Client, pass: string): Promise<{ uri: string; recoveryCodes: string[] }> {
  const started = await client.post('/api/mfa/enroll', { password: pass });
  if (started.status !== 200) throw new Error(`enroll answered ${started.status}`);
  const uri = String(started.body['uri']);
  const paired = await client.post('/api/mfa/pair', {
    code1: codeAt(run, uri, run.clock.now - PERIOD_MS),
    code2: codeAt(run, uri, run.clock.now),
  });
  if (paired.status !== 200) throw new Error(`pair answered ${paired.status} ${JSON.stringify(paired.body)}`);
  const enabled = await client.post('/api/mfa/enable');
  if (enabled.status !== 200) throw new Error(`enable answered ${enabled.status}`);
  run.clock.now += PERIOD_MS; // the pairing used this step; sign-ins use the next ones
  return { uri, recoveryCodes: enabled.body['recoveryCodes'] as string[] };
}

/**
 * A store whose reads can be held: while holding, every `get` waits until `release()`. `arrived(n)`
 * resolves once n reads are waiting. Lets a test line two requests up on the same record version
 * without timers.
 */
export function holdingStore() {
  let holding = false;
  let waiting: Array<() => void> = [];
  let watchers: Array<{ n: number; resolve: () => void }> = [];
  const notify = () => {
    watchers = watchers.filter((w) => (waiting.length >= w.n ? (w.resolve(), false) : true));
  };
  return {
    wrap: (base: MfaStore): MfaStore => ({
      ...base,
      get: async (userId) => {
        if (holding) {
          await new Promise<void>((resolve) => {
            waiting.push(resolve);
            notify();
          });
        }
        return base.get(userId);
      },
      put: (userId, record, expected) => base.put(userId, record, expected),
      delete: (userId, expected) => base.delete(userId, expected),
    }),
    hold: () => {
      holding = true;
    },
    arrived: (n: number) =>
      new Promise<void>((resolve) => {
        watchers.push({ n, resolve });
        notify();
      }),
    release: () => {
      holding = false;
      const all = waiting;
      waiting = [];
      for (const resolve of all) resolve();
    },
  };
}

/**
 * The Clarity-style example: an admin console where an administrator turns on MFA for a
 * user exactly as the seed describes (Users tab, Manage MFA, ENABLE, QR code, two codes,
 * Verify, Enable), manages it afterwards (replace the authenticator, new recovery codes, unlock,
 * disable), requires MFA for the whole tenant with a grace date, and a sign-in page that asks
 * for user, password and a code or a recovery code, and makes users set up MFA once the grace is over.
 *
 * Run: `npm run example:web` (PORT, EXAMPLE_DB to override). Tests start it with
 * `startServer({ port: 0, dbPath, now })` to get a free port and an injected clock.
 * Plain `node:http`, plain HTML/CSS/JS, no build step.
 * @module
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { createMfa, OtpError, type MfaPolicy } from 'totp-enroll';
import { sqliteStore } from 'totp-enroll/storage/sqlite';
import { createDirectory } from '../lib/users.js';
import { cookie, HttpError, readJson, send, sendJson } from './http.js';
import { createRouter } from './routes.js';
import { createSessions, type Session } from './sessions.js';

const here = dirname(fileURLToPath(import.meta.url));

/** Options of {@link startServer}. */
export interface WebOptions {
  /** TCP port; 0 picks a free one. Default 3000. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** SQLite file holding the MFA records; created on first use. Default `examples/.data/web.db`. */
  dbPath?: string;
  /** The clock (Unix ms) the MFA service uses; tests inject one. Default `Date.now`. */
  now?: () => number;
  /** The issuer shown in authenticator apps. */
  issuer?: string;
  /** Limits of the MFA service (default: the library's); tests shorten the way to a suspension. */
  policy?: Partial<MfaPolicy>;
}

/** A running example server. */
export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

const HTML = 'text/html; charset=utf-8';
const JS = 'text/javascript; charset=utf-8';
/** Path → file in public/, and who may load it: `full` needs a session, `enroll` an enrollment-only one. */
const STATIC: Record<string, { file: string; type: string; scope?: Session['scope'] }> = {
  '/signin': { file: 'signin.html', type: HTML },
  '/app': { file: 'app.html', type: HTML, scope: 'full' },
  '/enroll': { file: 'enroll.html', type: HTML, scope: 'enroll' },
  '/style.css': { file: 'style.css', type: 'text/css; charset=utf-8' },
  // Browsers ask for /favicon.ico on their own; an SVG served with its own type is fine for them.
  '/favicon.ico': { file: 'favicon.svg', type: 'image/svg+xml' },
  '/favicon.svg': { file: 'favicon.svg', type: 'image/svg+xml' },
};
for (const script of ['app', 'signin', 'enroll', 'forms', 'pairing', 'codes', 'state', 'users', 'dialog', 'mine']) {
  STATIC[`/${script}.js`] = { file: `${script}.js`, type: JS };
}

const SIGNED_OUT = 'sid=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0';

/**
 * Starts the example server.
 * @example
 * ```ts
 * const server = await startServer({ port: 0, dbPath: '/tmp/web.db', now: () => fakeNow });
 * console.log(server.url); // http://127.0.0.1:41234
 * await server.close();
 * ```
 */
export async function startServer(options: WebOptions = {}): Promise<RunningServer> {
  const dbPath = options.dbPath ?? join(here, '..', '.data', 'web.db');
  mkdirSync(dirname(dbPath), { recursive: true });
  const db = new Database(dbPath);
  db.pragma('journal_mode = WAL');
  const now = options.now ?? Date.now;
  const mfa = createMfa({
    store: sqliteStore({ db }),
    issuer: options.issuer ?? 'Clarity Example',
    now,
    ...(options.policy ? { policy: options.policy } : {}),
  });
  const sessions = createSessions();
  const api = createRouter(mfa, createDirectory(), now);

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const sid = cookie(req, 'sid');
    const session = sessions.get(sid);
    const home = session?.scope === 'enroll' ? '/enroll' : session ? '/app' : '/signin';

    if (req.method === 'GET' && path === '/') return send(res, 302, '', { location: home });
    const asset = STATIC[path];
    if (req.method === 'GET' && asset) {
      if (asset.scope && session?.scope !== asset.scope) return send(res, 302, '', { location: home });
      return send(res, 200, readFileSync(join(here, 'public', asset.file)), {
        'content-type': asset.type,
        'cache-control': path.startsWith('/favicon') ? 'max-age=86400' : 'no-store',
      });
    }
    if (!path.startsWith('/api/')) return send(res, 404, 'Not found', { 'content-type': 'text/plain' });
    if (req.method === 'POST' && path === '/api/signout') {
      sessions.end(sid);
      return sendJson(res, 200, { ok: true }, { 'set-cookie': SIGNED_OUT });
    }

    const reply = await api({ method: req.method ?? 'GET', path, session, body: () => readJson(req) });
    const headers: Record<string, string> = {};
    if (reply.session) {
      // A new token at every change of privilege (sign-in, enrollment done): no session fixation.
      sessions.end(sid);
      const { user, scope, notice } = reply.session;
      const token = sessions.start(user, scope, notice ?? null);
      headers['set-cookie'] = `sid=${token}; Path=/; HttpOnly; SameSite=Strict`;
    }
    sendJson(res, reply.status, reply.body, headers);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      const status = error instanceof HttpError ? error.status : error instanceof SyntaxError ? 400 : 500;
      const message =
        error instanceof HttpError
          ? error.message
          : error instanceof OtpError
            ? `The request could not be completed (${error.code}).`
            : 'Something went wrong on the server.';
      if (status === 500) console.error(error instanceof OtpError ? `${error.code}: ${error.message}` : error);
      if (!res.headersSent) sendJson(res, status, { ok: false, errors: [{ target: 'form', message }] });
      else res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 3000, options.host ?? '127.0.0.1', resolve));
  const { address, port } = server.address() as AddressInfo;
  return {
    url: `http://${address}:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => {
          db.close();
          if (error) reject(error);
          else resolve();
        });
      }),
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const port = process.env['PORT'] === undefined ? 3000 : Number(process.env['PORT']);
  const dbPath = process.env['EXAMPLE_DB'];
  const server = await startServer({ port, ...(dbPath ? { dbPath } : {}) });
  console.log(`Clarity-style MFA example on ${server.url}/signin`);
  console.log('Sign in as admin / admin-demo, then Tenants and Users > Users > select a user > Manage MFA.');
  const stop = () => void server.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

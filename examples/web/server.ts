/**
 * The Clarity-style example: an admin console where an administrator turns on MFA for a
 * user exactly as the seed describes (Users tab, Manage MFA, ENABLE, QR code, two codes,
 * Verify, Enable), and a sign-in page that asks for user, password and code.
 *
 * Run: `npm run example:web` (PORT, EXAMPLE_DB to override). Tests start it with
 * `startServer({ port: 0, dbPath, now })` to get a free port and an injected clock.
 * Plain `node:http`, plain HTML/CSS/JS, no build step.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { createMfa, OtpError } from 'totp-enroll';
import { sqliteStore } from 'totp-enroll/storage/sqlite';
import { createApi, type Reply } from './api.js';
import { createDirectory, type DemoUser } from '../lib/users.js';

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
}

/** A running example server. */
export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

const STATIC: Record<string, { file: string; type: string }> = {
  '/signin': { file: 'signin.html', type: 'text/html; charset=utf-8' },
  '/app': { file: 'app.html', type: 'text/html; charset=utf-8' },
  '/style.css': { file: 'style.css', type: 'text/css; charset=utf-8' },
  '/app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
  '/signin.js': { file: 'signin.js', type: 'text/javascript; charset=utf-8' },
  '/forms.js': { file: 'forms.js', type: 'text/javascript; charset=utf-8' },
};

const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

function send(res: ServerResponse, status: number, body: string | Buffer, headers: Record<string, string>): void {
  res.writeHead(status, { ...SECURITY_HEADERS, ...headers });
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}): void {
  send(res, status, JSON.stringify(body), { 'content-type': 'application/json', 'cache-control': 'no-store', ...extra });
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  if (!(req.headers['content-type'] ?? '').startsWith('application/json')) throw new HttpError(415, 'Send JSON.');
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 10_000) throw new HttpError(413, 'Request too large.');
    chunks.push(chunk as Buffer);
  }
  if (size === 0) return {};
  const value: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new HttpError(400, 'Send a JSON object.');
  return value as Record<string, unknown>;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const cookie = (req: IncomingMessage, name: string): string | undefined =>
  (req.headers.cookie ?? '')
    .split(';')
    .map((p) => p.trim().split('='))
    .find(([k]) => k === name)?.[1];

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
  const mfa = createMfa({
    store: sqliteStore({ db }),
    issuer: options.issuer ?? 'Clarity Example',
    ...(options.now ? { now: options.now } : {}),
  });
  const users = createDirectory();
  const api = createApi(mfa, users);
  const sessions = new Map<string, DemoUser>();

  const route = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname;
    const sid = cookie(req, 'sid');
    const me = sid === undefined ? undefined : sessions.get(sid);

    if (req.method === 'GET' && path === '/') {
      return send(res, 302, '', { location: me ? '/app' : '/signin' });
    }
    const asset = STATIC[path];
    if (req.method === 'GET' && asset) {
      if (path === '/app' && !me) return send(res, 302, '', { location: '/signin' });
      return send(res, 200, readFileSync(join(here, 'public', asset.file)), {
        'content-type': asset.type,
        'cache-control': 'no-store',
      });
    }
    if (!path.startsWith('/api/')) return send(res, 404, 'Not found', { 'content-type': 'text/plain' });

    let reply: Reply;
    if (req.method === 'POST' && path === '/api/signin') {
      reply = await api.signIn(await readJson(req));
    } else if (req.method === 'POST' && path === '/api/signout') {
      if (sid !== undefined) sessions.delete(sid);
      return sendJson(res, 200, { ok: true }, { 'set-cookie': 'sid=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0' });
    } else if (!me) {
      reply = { status: 401, body: { ok: false, errors: [{ target: 'form', message: 'Please sign in.' }] } };
    } else if (req.method === 'GET' && path === '/api/me') {
      reply = { status: 200, body: { user: me } };
    } else if (me.role !== 'admin') {
      reply = { status: 403, body: { ok: false, errors: [{ target: 'form', message: 'Administrators only.' }] } };
    } else if (req.method === 'GET' && path === '/api/users') {
      reply = await api.listUsers();
    } else {
      const m = /^\/api\/users\/([\w-]+)\/mfa(?:\/(begin|verify|enable|disable))?$/.exec(path);
      const id = m?.[1];
      const action = m?.[2];
      if (id === undefined) reply = { status: 404, body: { ok: false } };
      else if (req.method === 'GET' && action === undefined) reply = await api.status(id);
      else if (req.method !== 'POST') reply = { status: 405, body: { ok: false } };
      else {
        const body = await readJson(req);
        if (action === 'begin') reply = await api.begin(id, me);
        else if (action === 'verify') reply = await api.verifyPairing(id, body, me);
        else if (action === 'enable') reply = await api.enable(id, me);
        else if (action === 'disable') reply = await api.disable(id, me);
        else reply = { status: 404, body: { ok: false } };
      }
    }
    const headers: Record<string, string> = {};
    if (reply.signIn) {
      if (sid !== undefined) sessions.delete(sid);
      const token = randomBytes(24).toString('base64url');
      sessions.set(token, reply.signIn);
      headers['set-cookie'] = `sid=${token}; Path=/; HttpOnly; SameSite=Strict`;
    }
    sendJson(res, reply.status, reply.body, headers);
  };

  const server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
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

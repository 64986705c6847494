/**
 * The Express example: a JSON API with the two-step sign-in real applications use (password, then a code
 * from the authenticator app or a recovery code) and the routes a user needs to turn MFA on and off.
 * `createApp` returns the Express app without listening, so tests can start it on a free port with an
 * injected clock; `server.ts` runs it.
 * @module
 */
import express, { type ErrorRequestHandler, type Express } from 'express';
import { OtpError, type Mfa } from 'totp-enroll';
import { createChallenges } from './challenge.js';
import { sameOriginJson } from './csrf.js';
import { mfaRoutes } from './mfa-routes.js';
import { fail } from './reply.js';
import { createSessions } from './sessions.js';
import { signInRoutes } from './sign-in-routes.js';
import type { UserStore } from './users.js';

/** Options of {@link createApp}. */
export interface AppOptions {
  /** The MFA service, e.g. `createMfa({ store, issuer })`. Give it the same clock as `now`. */
  mfa: Mfa;
  users: UserStore;
  /** The clock, Unix ms, for challenges and sessions. Default `Date.now`. */
  now?: () => number;
  /** Secure `__Host-` session cookie. Default true; false only for plain-HTTP development. */
  secureCookie?: boolean;
  /** Origins the pages are served from; default the request's own `Host`. See `csrf.ts`. */
  allowedOrigins?: readonly string[];
  /** Key for signing sign-in challenges (32+ bytes); default random per process. */
  challengeKey?: Uint8Array;
}

/**
 * Logs a failure without anything from the request: body-parser's errors keep the raw body (which can
 * hold a password or a code) in `error.body`, so only the name, and the code of an `OtpError`, are logged.
 */
const handleError: ErrorRequestHandler = (error: unknown, _req, res, next) => {
  if (res.headersSent) return next(error);
  const status = typeof (error as { status?: unknown })?.status === 'number' ? (error as { status: number }).status : 500;
  if (status >= 400 && status < 500) return fail(res, status, 'bad-request', 'The request could not be read.');
  const what = error instanceof OtpError ? `OtpError ${error.code}` : error instanceof Error ? error.name : 'non-error';
  console.error(`request failed: ${what}`);
  const unavailable = error instanceof OtpError && error.code === 'STORE_UNAVAILABLE';
  fail(res, unavailable ? 503 : 500, 'server-error', 'Something went wrong on the server. Please try again.');
};

/**
 * Builds the app.
 * @example
 * ```ts
 * const mfa = createMfa({ store: memoryStore(), issuer: 'Acme' });
 * const users = await createUserStore([{ id: 'u1', username: 'alice', email: 'alice@example.com', password: 'alice-demo' }]);
 * createApp({ mfa, users }).listen(3001);
 * ```
 */
export function createApp(options: AppOptions): Express {
  const now = options.now ?? Date.now;
  const sessions = createSessions({ now, ...(options.secureCookie === undefined ? {} : { secureCookie: options.secureCookie }) });
  const challenges = createChallenges({ now, ...(options.challengeKey ? { key: options.challengeKey } : {}) });
  const { mfa, users } = options;

  const app = express();
  app.disable('x-powered-by');
  app.use((_req, res, next) => {
    // Answers hold secrets, QR codes and recovery codes: never cache them.
    res.set({ 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' });
    next();
  });
  app.use(sameOriginJson(options.allowedOrigins ? { allowedOrigins: options.allowedOrigins } : {}));
  app.use(express.json({ limit: '10kb' }));
  app.use('/api', signInRoutes({ mfa, users, sessions, challenges }));
  app.use('/api', mfaRoutes({ mfa, users, sessions }));
  app.use((_req, res) => fail(res, 404, 'not-found', 'No such endpoint.'));
  app.use(handleError);
  return app;
}

/**
 * Server-side sessions in memory, named by a random id in a cookie. The cookie is HttpOnly (page scripts
 * cannot read it), SameSite=Strict (a cross-site request does not carry it) and, unless turned off for
 * plain-HTTP development, Secure with the `__Host-` prefix (sent over HTTPS only, to this host only).
 * @module
 */
import { randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';

/** How the session's user proved who they are. */
export type SignInMethod = 'password' | 'totp' | 'recovery-code';

/** One signed-in session. */
export interface Session {
  userId: string;
  method: SignInMethod;
  expiresAt: number;
}

/** Options of {@link createSessions}. */
export interface SessionOptions {
  now: () => number;
  /** Default 8 hours. */
  ttlMs?: number;
  /** Secure cookie with the `__Host-` prefix. Default true; false only for plain-HTTP development. */
  secureCookie?: boolean;
}

const readCookie = (req: Request, name: string): string | undefined => {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return undefined;
};

/**
 * The session table.
 * @example
 * ```ts
 * const sessions = createSessions({ now: Date.now });
 * sessions.start(res, user.id, 'totp'); // sets the cookie
 * sessions.read(req);                   // { userId, method, expiresAt } or null
 * ```
 */
export function createSessions(options: SessionOptions) {
  const ttlMs = options.ttlMs ?? 8 * 60 * 60_000;
  const secure = options.secureCookie ?? true;
  const name = secure ? '__Host-sid' : 'sid';
  const table = new Map<string, Session>();
  const cookieOptions = { httpOnly: true, sameSite: 'strict', secure, path: '/' } as const;

  return {
    /** The cookie's name: `__Host-sid`, or `sid` without `secureCookie`. */
    cookieName: name,

    /** Starts a new session (a new id every time, so an id planted before sign-in is worthless). */
    start(req: Request, res: Response, userId: string, method: SignInMethod): void {
      const old = readCookie(req, name);
      if (old !== undefined) table.delete(old);
      const now = options.now();
      for (const [id, s] of table) if (s.expiresAt <= now) table.delete(id);
      const id = randomBytes(32).toString('base64url');
      table.set(id, { userId, method, expiresAt: now + ttlMs });
      res.cookie(name, id, { ...cookieOptions, maxAge: ttlMs });
    },

    /** The request's live session, or null. */
    read(req: Request): Session | null {
      const id = readCookie(req, name);
      const session = id === undefined ? undefined : table.get(id);
      if (!session || id === undefined) return null;
      if (session.expiresAt <= options.now()) {
        table.delete(id);
        return null;
      }
      return session;
    },

    end(req: Request, res: Response): void {
      const id = readCookie(req, name);
      if (id !== undefined) table.delete(id);
      res.clearCookie(name, cookieOptions);
    },

    /** Ends every session of a user except the current one (after MFA is turned off, say). */
    endOthers(req: Request, userId: string): void {
      const current = readCookie(req, name);
      for (const [id, s] of table) if (s.userId === userId && id !== current) table.delete(id);
    },
  };
}

/** The sessions returned by {@link createSessions}. */
export type Sessions = ReturnType<typeof createSessions>;

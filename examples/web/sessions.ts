/**
 * Sign-in sessions of the web example, in memory (an example: a real app keeps them in its own store).
 * A session is `full` once the user is signed in, or `enroll` when the password was right but the
 * tenant requires MFA and its grace date has passed: such a session may only set up MFA.
 * @module
 */
import { randomBytes } from 'node:crypto';
import type { DemoUser } from '../lib/users.js';

/** A QR code this session started, kept so the same person can see it again while the pairing waits. */
export interface ShownPairing {
  qrSvg: string;
  secret: string;
  accountName: string;
  /** The pending pairing's `expiresAt`: a pairing restarted elsewhere has another one, and this is stale. */
  expiresAt: number;
}

/** One signed-in browser. */
export interface Session {
  user: DemoUser;
  scope: 'full' | 'enroll';
  /** By user id: the pairings this session started (memory only, dropped at Enable, cancel or expiry). */
  pairings: Map<string, ShownPairing>;
  /** Shown once on the next page, then cleared (e.g. "signed in with a recovery code, 9 left"). */
  notice: string | null;
}

/**
 * Creates an empty session table.
 * @example
 * ```ts
 * const sessions = createSessions();
 * const token = sessions.start(user, 'full');
 * sessions.get(token)?.user; // user
 * ```
 */
export function createSessions() {
  const byToken = new Map<string, Session>();
  return {
    get: (token: string | undefined): Session | undefined => (token === undefined ? undefined : byToken.get(token)),
    /** A new session under a fresh unguessable token (the old one, if any, should be ended first). */
    start(user: DemoUser, scope: Session['scope'], notice: string | null = null): string {
      const token = randomBytes(24).toString('base64url');
      byToken.set(token, { user, scope, pairings: new Map(), notice });
      return token;
    },
    end: (token: string | undefined): void => void (token !== undefined && byToken.delete(token)),
  };
}

/** The session table returned by {@link createSessions}. */
export type Sessions = ReturnType<typeof createSessions>;

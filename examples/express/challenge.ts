/**
 * The sign-in challenge: what the password step hands back to a user who has MFA, instead of a session.
 * A token `v1.<payload>.<mac>`: the payload (base64url JSON) names the purpose, the user, an expiry and a
 * random id; the MAC is HMAC-SHA-256 under a server key. The token proves that this server checked this
 * user's password a moment ago, and nothing more.
 *
 * Each challenge gives at most one session, and allows a few wrong codes. The server remembers the ids it
 * has seen until they expire (a challenge is short-lived, so that list stays small), and claims an id for
 * the duration of one code check, so two requests racing with one challenge cannot both sign in.
 * Use is keyed by the signed random id, never by the token's text: base64url decoding is lenient, so two
 * spellings of one token must not count as two challenges.
 * @module
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const PURPOSE = 'mfa-sign-in';

/** Options of {@link createChallenges}. */
export interface ChallengeOptions {
  /** The HMAC key, at least 32 bytes. Default: 32 random bytes, so a restart voids open challenges. */
  key?: Uint8Array;
  /** The clock, Unix ms. */
  now: () => number;
  /** How long a challenge is valid. Default 5 minutes. */
  ttlMs?: number;
  /** Wrong codes one challenge allows before the password is needed again. Default 5. */
  maxAttempts?: number;
}

/** Why a challenge is refused. Each one means: sign in with your password again. */
export type ChallengeRefusal = 'invalid' | 'expired' | 'used' | 'busy';

/**
 * How a code check ended: `spent` (signed in, or the challenge is of no further use), `wrong` (counts
 * towards `maxAttempts`) or `unchanged` (nothing was checked, e.g. the service was busy).
 */
export type ClaimOutcome = 'spent' | 'wrong' | 'unchanged';

/** A challenge claimed for one code check: call `done(outcome)` when the check is over. */
export interface Claim {
  userId: string;
  done(outcome: ClaimOutcome): void;
}

interface Seen {
  expiresAt: number;
  attempts: number;
  state: 'open' | 'checking' | 'used';
}

/**
 * Issues and checks sign-in challenges.
 * @example
 * ```ts
 * const challenges = createChallenges({ now: Date.now });
 * const { token } = challenges.issue('u-alice');
 * const claim = challenges.claim(token);         // { ok: true, claim } or { ok: false, reason }
 * if (claim.ok) claim.claim.done(right ? 'spent' : 'wrong'); // a right code spends the challenge
 * ```
 */
export function createChallenges(options: ChallengeOptions) {
  const key = options.key ?? randomBytes(32);
  if (key.length < 32) throw new Error('the challenge key must have at least 32 bytes');
  const ttlMs = options.ttlMs ?? 5 * 60_000;
  const maxAttempts = options.maxAttempts ?? 5;
  const seen = new Map<string, Seen>();

  const mac = (body: string): Buffer => createHmac('sha256', key).update(body).digest();

  const forget = (now: number): void => {
    for (const [id, s] of seen) if (s.expiresAt <= now) seen.delete(id);
  };

  /** The payload of a well-signed token of the right purpose, or null. */
  const read = (token: unknown): { sub: string; exp: number; jti: string } | null => {
    if (typeof token !== 'string' || token.length > 1000) return null;
    const [version, payload, signature, extra] = token.split('.');
    if (version !== 'v1' || !payload || !signature || extra !== undefined) return null;
    const expected = mac(`v1.${payload}`);
    const given = Buffer.from(signature, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    if (typeof claims !== 'object' || claims === null) return null;
    const { p, sub, exp, jti } = claims as Record<string, unknown>;
    if (p !== PURPOSE || typeof sub !== 'string' || typeof exp !== 'number' || typeof jti !== 'string') return null;
    return { sub, exp, jti };
  };

  return {
    /** A new challenge for a user whose password was just checked. */
    issue(userId: string): { token: string; expiresAt: number } {
      const now = options.now();
      forget(now);
      const expiresAt = now + ttlMs;
      const claims = { p: PURPOSE, sub: userId, exp: expiresAt, jti: randomBytes(16).toString('base64url') };
      const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
      return { token: `v1.${payload}.${mac(`v1.${payload}`).toString('base64url')}`, expiresAt };
    },

    /** Claims a challenge for one code check: refused when forged, expired, spent or being checked. */
    claim(token: unknown): { ok: true; claim: Claim } | { ok: false; reason: ChallengeRefusal } {
      const now = options.now();
      forget(now);
      const claims = read(token);
      if (!claims) return { ok: false, reason: 'invalid' };
      if (claims.exp <= now) return { ok: false, reason: 'expired' };
      let s = seen.get(claims.jti);
      if (!s) {
        s = { expiresAt: claims.exp, attempts: 0, state: 'open' };
        seen.set(claims.jti, s);
      }
      if (s.state === 'used') return { ok: false, reason: 'used' };
      if (s.state === 'checking') return { ok: false, reason: 'busy' };
      s.state = 'checking';
      const entry = s;
      let finished = false;
      const done = (outcome: ClaimOutcome): void => {
        if (finished) return;
        finished = true;
        if (outcome === 'wrong') entry.attempts += 1;
        entry.state = outcome === 'spent' || entry.attempts >= maxAttempts ? 'used' : 'open';
      };
      return { ok: true, claim: { userId: claims.sub, done } };
    },
  };
}

/** The challenges returned by {@link createChallenges}. */
export type Challenges = ReturnType<typeof createChallenges>;

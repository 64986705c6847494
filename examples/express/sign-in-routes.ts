/**
 * The two-step sign-in. Step 1 checks the password: a user without MFA gets a session at once, a user
 * with MFA gets a short-lived signed challenge and no session. Step 2 trades that challenge and a code
 * from the authenticator app (or a recovery code) for a session.
 *
 * ```
 * POST /api/sign-in                { username, password }        -> { next: 'signed-in' } + cookie
 *                                                                 | { next: 'code', challenge, expiresAt }
 * POST /api/sign-in/code           { challenge, code }           -> { next: 'signed-in' } + cookie
 * POST /api/sign-in/recovery-code  { challenge, recoveryCode }   -> { next: 'signed-in', recoveryCodesLeft } + cookie
 * POST /api/sign-out               {}
 * ```
 * @module
 */
import { Router, type Request, type Response } from 'express';
import type { Mfa } from 'totp-enroll';
import type { ChallengeRefusal, Challenges, Claim, ClaimOutcome } from './challenge.js';
import { codeRefused, fail, field } from './reply.js';
import type { Sessions } from './sessions.js';
import type { UserStore } from './users.js';

/**
 * What a refused code means for the challenge: a wrong code (`mismatch`) counts towards its few attempts;
 * `spent` when the user no longer has MFA (sign in again); refusals that are no guess (malformed, replayed,
 * locked, suspended, busy) leave it as it was, so a suspended user can go on with a recovery code.
 */
const outcomeOf = (reason: string): ClaimOutcome =>
  reason === 'mismatch' ? 'wrong' : reason === 'not-enabled' ? 'spent' : 'unchanged';

const CHALLENGE_MESSAGES: Record<ChallengeRefusal, string> = {
  invalid: 'This sign-in is not valid. Sign in with your password again.',
  expired: 'This sign-in has expired. Sign in with your password again.',
  used: 'This sign-in is finished or had too many wrong codes. Sign in with your password again.',
  busy: 'A code for this sign-in is being checked. Try again in a moment.',
};

/** What the sign-in routes need. */
export interface SignInDeps {
  mfa: Mfa;
  users: UserStore;
  sessions: Sessions;
  challenges: Challenges;
}

/**
 * The sign-in router, mounted under `/api`.
 * @example
 * ```ts
 * app.use('/api', signInRoutes({ mfa, users, sessions, challenges }));
 * ```
 */
export function signInRoutes({ mfa, users, sessions, challenges }: SignInDeps): Router {
  const router = Router();

  router.post('/sign-in', async (req, res) => {
    const username = field(req, 'username').trim();
    const password = field(req, 'password');
    if (!username || !password) return fail(res, 400, 'missing', 'Enter your user name and password.');
    const user = await users.checkPassword(username, password);
    if (!user) return fail(res, 401, 'invalid-credentials', 'The user name or password is not right.');
    // Only an enabled factor is enforced: a pending or verified pairing does not need a code yet.
    if ((await mfa.status(user.id)).state !== 'enabled') {
      sessions.start(req, res, user.id, 'password');
      return void res.json({ ok: true, next: 'signed-in' });
    }
    const { token, expiresAt } = challenges.issue(user.id);
    res.json({ ok: true, next: 'code', challenge: token, expiresAt });
  });

  /**
   * Claims the request's challenge for one code check, or answers why it cannot. The claim is taken
   * before the code is looked at, so a spent, expired or forged challenge never reaches the service (and
   * never burns a recovery code), and two requests racing with one challenge cannot both sign in.
   */
  const claimChallenge = (req: Request, res: Response): Claim | null => {
    const claimed = challenges.claim(field(req, 'challenge'));
    if (claimed.ok) return claimed.claim;
    const status = claimed.reason === 'busy' ? 409 : 401;
    fail(res, status, `challenge-${claimed.reason}`, CHALLENGE_MESSAGES[claimed.reason]);
    return null;
  };

  router.post('/sign-in/code', async (req, res) => {
    const code = field(req, 'code');
    if (!code) return fail(res, 400, 'missing', 'Enter the code your authenticator app shows.');
    const claim = claimChallenge(req, res);
    if (!claim) return;
    let outcome: ClaimOutcome = 'unchanged';
    try {
      const result = await mfa.verify(claim.userId, code, { actor: claim.userId });
      if (!result.ok) {
        outcome = outcomeOf(result.reason);
        return codeRefused(res, 'totp', result);
      }
      outcome = 'spent';
      sessions.start(req, res, claim.userId, 'totp');
      res.json({ ok: true, next: 'signed-in' });
    } finally {
      claim.done(outcome);
    }
  });

  router.post('/sign-in/recovery-code', async (req, res) => {
    const code = field(req, 'recoveryCode');
    if (!code) return fail(res, 400, 'missing', 'Enter one of your recovery codes.');
    const claim = claimChallenge(req, res);
    if (!claim) return;
    let outcome: ClaimOutcome = 'unchanged';
    try {
      const result = await mfa.useRecoveryCode(claim.userId, code, { actor: claim.userId });
      if (!result.ok) {
        outcome = outcomeOf(result.reason);
        return codeRefused(res, 'recovery-code', result);
      }
      outcome = 'spent';
      sessions.start(req, res, claim.userId, 'recovery-code');
      res.json({ ok: true, next: 'signed-in', recoveryCodesLeft: result.remaining });
    } finally {
      claim.done(outcome);
    }
  });

  router.post('/sign-out', (req, res) => {
    sessions.end(req, res);
    res.json({ ok: true });
  });

  return router;
}

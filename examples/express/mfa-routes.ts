/**
 * The signed-in user's own account and MFA settings. Every route needs a session.
 *
 * ```
 * GET  /api/me                                    -> { user, signedInWith, mfa: { state, recoveryCodesLeft, ... } }
 * POST /api/mfa/enroll          { password }      -> { qrSvg, secret, uri, expiresAt }  (MFA on, or a rotation when it is)
 * POST /api/mfa/pair            { code1, code2 }  -> { state: 'verified' }  (two consecutive codes)
 * POST /api/mfa/enable          {}                -> { state: 'enabled', recoveryCodes }  (shown once)
 * POST /api/mfa/recovery-codes  { password }      -> { recoveryCodes }  (new ones; the old ones stop working)
 * POST /api/mfa/disable         { password }      -> { state: 'disabled' }
 * ```
 *
 * Every change to the second factor (turning it on, rotating it, new recovery codes, turning it off) asks
 * for the password again, not for a code: a stolen session cookie alone can neither put the thief's phone on
 * the account (which would lock its owner out) nor take over or remove the factor, and a user who lost the
 * phone and signed in with a recovery code can still turn MFA off and enroll again.
 * @module
 */
import { Router, type NextFunction, type Request, type Response } from 'express';
import type { Mfa } from 'totp-enroll';
import { qrSvg } from 'totp-enroll/qr';
import { explainEnable, explainPairing } from '../lib/messages.js';
import { fail, field } from './reply.js';
import type { Session, Sessions } from './sessions.js';
import type { User, UserStore } from './users.js';

/** What the account routes need. */
export interface MfaRoutesDeps {
  mfa: Mfa;
  users: UserStore;
  sessions: Sessions;
}

interface Locals {
  session: Session;
  user: User;
}

const local = (res: Response): Locals => res.locals as Locals;

/** Groups a base32 secret in fours for typing by hand. */
const groupSecret = (secret: string): string => secret.replace(/(.{4})(?=.)/g, '$1 ');

/**
 * The account router, mounted under `/api`.
 * @example
 * ```ts
 * app.use('/api', mfaRoutes({ mfa, users, sessions }));
 * ```
 */
export function mfaRoutes({ mfa, users, sessions }: MfaRoutesDeps): Router {
  const router = Router();

  router.use((req: Request, res: Response, next: NextFunction) => {
    const session = sessions.read(req);
    const user = session ? users.byId(session.userId) : undefined;
    if (!session || !user) return fail(res, 401, 'signed-out', 'Please sign in.');
    Object.assign(res.locals, { session, user } satisfies Locals);
    next();
  });

  /** "Enter your password again": true, or the refusal was sent. */
  const reauthenticated = async (req: Request, res: Response): Promise<boolean> => {
    const password = field(req, 'password');
    if (!password) {
      fail(res, 401, 'password-required', 'Enter your password to change your sign-in settings.');
      return false;
    }
    if (!(await users.checkPasswordOf(local(res).user.id, password))) {
      fail(res, 401, 'invalid-credentials', 'That password is not right.');
      return false;
    }
    return true;
  };

  router.get('/me', async (_req, res) => {
    const { user, session } = local(res);
    const s = await mfa.status(user.id);
    res.json({
      ok: true,
      user,
      signedInWith: session.method,
      mfa: { state: s.state, pending: s.pending, recoveryCodesLeft: s.recoveryCodesLeft, suspended: s.suspended },
    });
  });

  router.post('/mfa/enroll', async (req, res) => {
    const { user } = local(res);
    if (!(await reauthenticated(req, res))) return;
    const started = await mfa.beginEnrollment(user.id, { accountName: user.email, actor: user.id });
    if (!started.ok) return fail(res, 503, started.reason, explainEnable(started.reason).message);
    res.json({
      ok: true,
      qrSvg: qrSvg(started.uri, { label: `QR code to add ${user.email} to an authenticator app` }),
      secret: groupSecret(started.secret),
      uri: started.uri,
      expiresAt: started.expiresAt,
    });
  });

  router.post('/mfa/pair', async (req, res) => {
    const { user } = local(res);
    const code1 = field(req, 'code1');
    const code2 = field(req, 'code2');
    if (!code1 || !code2) return fail(res, 400, 'missing', 'Enter the code your app shows, then the next one.');
    const paired = await mfa.verifyPairing(user.id, code1, code2, { actor: user.id });
    if (!paired.ok) {
      return fail(res, paired.reason === 'busy' ? 503 : 400, paired.reason, explainPairing(paired.reason).message);
    }
    res.json({ ok: true, state: paired.state });
  });

  router.post('/mfa/enable', async (req, res) => {
    const { user } = local(res);
    const enabled = await mfa.enable(user.id, { actor: user.id });
    if (!enabled.ok) {
      return fail(res, enabled.reason === 'busy' ? 503 : 409, enabled.reason, explainEnable(enabled.reason).message);
    }
    // Sessions elsewhere were started without this factor: end them.
    sessions.endOthers(req, user.id);
    const codes = await mfa.generateRecoveryCodes(user.id, { actor: user.id });
    res.json({
      ok: true,
      state: enabled.state,
      // Shown once: only their hashes are stored. On `busy`, POST /api/mfa/recovery-codes makes them.
      recoveryCodes: codes.ok ? codes.codes : null,
    });
  });

  router.post('/mfa/recovery-codes', async (req, res) => {
    const { user } = local(res);
    if (!(await reauthenticated(req, res))) return;
    const codes = await mfa.generateRecoveryCodes(user.id, { actor: user.id });
    if (!codes.ok) {
      return fail(res, codes.reason === 'busy' ? 503 : 409, codes.reason, explainEnable(codes.reason).message);
    }
    res.json({ ok: true, recoveryCodes: codes.codes });
  });

  router.post('/mfa/disable', async (req, res) => {
    const { user } = local(res);
    if (!(await reauthenticated(req, res))) return;
    const disabled = await mfa.disable(user.id, { actor: user.id });
    if (!disabled.ok) return fail(res, 503, disabled.reason, explainEnable(disabled.reason).message);
    sessions.endOthers(req, user.id);
    res.json({ ok: true, state: disabled.state });
  });

  return router;
}

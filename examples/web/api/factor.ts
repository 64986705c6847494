/**
 * One user's MFA factor, managed from the admin dialog (the subject is another user) or from the
 * user's own page (the subject is the signed-in user): status, ENABLE (or Replace authenticator),
 * resume or cancel a pairing, Verify, Enable, new recovery codes, unlock, disable.
 * @module
 */
import type { Mfa, MfaStatus } from 'totp-enroll';
import { qrSvg } from 'totp-enroll/qr';
import { explainEnable, explainPairing } from '../../lib/messages.js';
import type { DemoUser } from '../../lib/users.js';
import type { Session } from '../sessions.js';
import { fail, groupSecret, ok, text, type Reply } from './reply.js';

/**
 * What the pages are told about a factor: `status` (which never holds a secret) plus whether this
 * session can show the pending QR code again.
 * @example
 * ```ts
 * factorView(await mfa.status('u-alice'), false).state; // 'enabled'
 * ```
 */
export function factorView(s: MfaStatus, qrKept: boolean) {
  return {
    state: s.state,
    enabledAt: s.enabledAt,
    lastUsedAt: s.lastUsedAt,
    locked: s.locked,
    lockedUntil: s.lockedUntil,
    suspended: s.suspended,
    recoveryCodesLeft: s.recoveryCodesLeft,
    pending: s.pending === null ? null : { ...s.pending, qrKept },
  };
}

/** The JSON shape of {@link factorView}. */
export type FactorView = ReturnType<typeof factorView>;

/** The QR code this session showed for `user`, if the pairing it belongs to is still the one waiting. */
function keptPairing(session: Session, user: DemoUser, s: MfaStatus) {
  const kept = session.pairings.get(user.id);
  if (kept && s.pending !== null && kept.expiresAt === s.pending.expiresAt) return kept;
  session.pairings.delete(user.id);
  return undefined;
}

/**
 * The factor handlers around one MFA service. `user` is whose factor; `session.user` acts.
 * @example
 * ```ts
 * const factor = createFactorApi(mfa);
 * await factor.begin(alice, adminSession); // { status: 200, body: { ok: true, qrSvg, secret, ... } }
 * ```
 */
export function createFactorApi(mfa: Mfa) {
  const actorOf = (session: Session) => ({ actor: session.user.id });

  return {
    async status(user: DemoUser, session: Session): Promise<Reply> {
      const s = await mfa.status(user.id);
      return ok({ user, mfa: factorView(s, keptPairing(session, user, s) !== undefined) });
    },

    /** ENABLE, or Replace authenticator beside an enabled factor: a new secret and its QR code. */
    async begin(user: DemoUser, session: Session): Promise<Reply> {
      const started = await mfa.beginEnrollment(user.id, { accountName: user.email, ...actorOf(session) });
      if (!started.ok) return fail(409, explainEnable(started.reason));
      const { secret, uri, expiresAt } = started;
      const shown = {
        qrSvg: qrSvg(uri, { label: `QR code to add ${user.email} to an authenticator app` }),
        secret: groupSecret(secret),
        accountName: user.email,
        expiresAt,
      };
      session.pairings.set(user.id, shown);
      return ok({ ok: true, ...shown });
    },

    /**
     * Resume a waiting pairing: the same QR code when this session started it (kept in memory only),
     * otherwise just the code fields (the secret is never stored readable, so no other page can show it).
     */
    async resume(user: DemoUser, session: Session): Promise<Reply> {
      const s = await mfa.status(user.id);
      if (s.pending === null) return fail(409, explainPairing('no-pending'));
      const kept = keptPairing(session, user, s);
      return ok({ ok: true, ...(kept ?? { qrSvg: null, secret: null, accountName: user.email }), pending: s.pending });
    },

    /** Verify: the code shown now and the next one. */
    async verify(user: DemoUser, body: Record<string, unknown>, session: Session): Promise<Reply> {
      // Typed as the app shows them ("123 456"): the service reads display forms itself.
      const code1 = text(body['code1']);
      const code2 = text(body['code2']);
      const missing = [];
      if (!code1) missing.push({ target: 'code1', message: 'Enter the code your app shows now.' });
      if (!code2) missing.push({ target: 'code2', message: 'Wait for the next code and enter it here.' });
      if (missing.length) return fail(400, ...missing);
      const result = await mfa.verifyPairing(user.id, code1, code2, actorOf(session));
      if (!result.ok) {
        const e = explainPairing(result.reason, result.reason === 'mismatch' ? result.attemptsLeft : undefined);
        if (e.target === 'form') session.pairings.delete(user.id);
        return fail(400, { target: e.target, message: e.message, reason: e.reason });
      }
      return ok({ ok: true, state: result.state });
    },

    /** Enable; on the user's own page the first recovery codes come with it, to show once. */
    async enable(user: DemoUser, session: Session, options: { recoveryCodes?: boolean } = {}): Promise<Reply> {
      const result = await mfa.enable(user.id, actorOf(session));
      if (!result.ok) return fail(409, explainEnable(result.reason));
      session.pairings.delete(user.id);
      if (!options.recoveryCodes) return ok({ ok: true, state: result.state });
      const codes = await mfa.generateRecoveryCodes(user.id, actorOf(session));
      return ok({ ok: true, state: result.state, codes: codes.ok ? codes.codes : null });
    },

    /** Cancel a waiting pairing (a first enrollment or a replacement); an enabled factor stays. */
    async cancel(user: DemoUser, session: Session): Promise<Reply> {
      const result = await mfa.cancelEnrollment(user.id, actorOf(session));
      session.pairings.delete(user.id);
      if (!result.ok) return fail(409, explainEnable(result.reason));
      return ok({ ok: true, state: result.state });
    },

    /** Disable, only with `confirm: true` (the dialog's confirmation step), so no stray request removes MFA. */
    async disable(user: DemoUser, body: Record<string, unknown>, session: Session): Promise<Reply> {
      if (body['confirm'] !== true) return fail(400, { target: 'form', message: 'Confirm that MFA should be disabled.' });
      const result = await mfa.disable(user.id, actorOf(session));
      if (!result.ok) return fail(409, explainEnable(result.reason));
      session.pairings.delete(user.id);
      return ok({ ok: true, state: result.state });
    },

    /** Unlock: clears a lock or a suspension; the factor stays. */
    async unlock(user: DemoUser, session: Session): Promise<Reply> {
      const result = await mfa.unlock(user.id, actorOf(session));
      if (!result.ok) return fail(409, explainEnable(result.reason));
      return ok({ ok: true, state: result.state });
    },

    /** New recovery codes: the old ones stop working; the new ones are in this answer only. */
    async recoveryCodes(user: DemoUser, session: Session): Promise<Reply> {
      const result = await mfa.generateRecoveryCodes(user.id, actorOf(session));
      if (!result.ok) return fail(409, explainEnable(result.reason));
      return ok({ ok: true, codes: result.codes });
    },
  };
}

/** The handlers returned by {@link createFactorApi}. */
export type FactorApi = ReturnType<typeof createFactorApi>;

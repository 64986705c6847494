/**
 * Sign-in after the password: a code from the app, or a recovery code; or, when the user's tenant
 * requires MFA and its grace date has passed, a session that can only set up MFA (`/enroll`).
 * @module
 */
import type { Mfa, SignInRequirement } from 'totp-enroll';
import { explainRecovery, explainSignIn, retryAfter } from '../../lib/messages.js';
import type { DemoUser, Directory } from '../../lib/users.js';
import { fail, ok, text, type FieldError, type Reply } from './reply.js';

/**
 * The sign-in handler around one MFA service and one user directory.
 * @example
 * ```ts
 * const signin = createSignInApi(mfa, users);
 * await signin.signIn({ username: 'alice', password: 'alice-demo', code: '123 456' });
 * ```
 */
export function createSignInApi(mfa: Mfa, users: Directory) {
  /** What this user must show after the password: the library decides from their MFA and their tenant's policy. */
  const requirement = (user: DemoUser): Promise<SignInRequirement> => mfa.signInRequirement(user.id, user.tenantId);

  const withCode = async (user: DemoUser, body: Record<string, unknown>): Promise<Reply> => {
    const recovery = text(body['recoveryCode']).trim();
    if (recovery) {
      const result = await mfa.useRecoveryCode(user.id, recovery, { actor: user.id });
      if (!result.ok) {
        const e = explainRecovery(result.reason, retryAfter(result));
        return fail(401, { target: e.target === 'code' ? 'recoveryCode' : e.target, message: e.message, reason: e.reason });
      }
      const left = result.remaining;
      const notice =
        `You signed in with a recovery code. ${left === 1 ? '1 recovery code is' : `${left} recovery codes are`} left` +
        (left <= 3 ? ': make new ones on My MFA.' : '.');
      return { ...ok({ ok: true, next: '/app' }), session: { user, scope: 'full', notice } };
    }
    const code = text(body['code']).trim();
    if (!code) {
      return fail(401, { target: 'code', message: 'This account uses MFA: enter the code your authenticator app shows.' });
    }
    const result = await mfa.verify(user.id, code, { actor: user.id });
    if (!result.ok) {
      const e = explainSignIn(result.reason, retryAfter(result));
      return fail(401, { target: e.target, message: e.message, reason: e.reason });
    }
    return { ...ok({ ok: true, next: '/app' }), session: { user, scope: 'full' } };
  };

  return {
    requirement,

    async signIn(body: Record<string, unknown>): Promise<Reply> {
      const username = text(body['username']).trim();
      const password = text(body['password']);
      const errors: FieldError[] = [];
      if (!username) errors.push({ target: 'username', message: 'Enter your user name.' });
      if (!password) errors.push({ target: 'password', message: 'Enter your password.' });
      if (errors.length) return fail(400, ...errors);
      const user = users.checkPassword(username, password);
      if (!user) return fail(401, { target: 'password', message: 'The user name or password is not right.' });
      const need = await requirement(user);
      switch (need.need) {
        case 'code':
          return withCode(user, body);
        case 'enroll-now':
          return { ...ok({ ok: true, next: '/enroll' }), session: { user, scope: 'enroll' } };
        case 'enroll-by':
        case 'none':
          return { ...ok({ ok: true, next: '/app' }), session: { user, scope: 'full' } };
      }
    },
  };
}

/** The handlers returned by {@link createSignInApi}. */
export type SignInApi = ReturnType<typeof createSignInApi>;

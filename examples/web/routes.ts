/**
 * The JSON API's routes: who may call what. Signed-out browsers may only sign in; an `enroll`
 * session (the tenant requires MFA now) may only set up its own MFA; a user changing their own
 * enabled MFA gives the password again; administrators manage others.
 * @module
 */
import type { Mfa } from 'totp-enroll';
import type { Directory } from '../lib/users.js';
import { createFactorApi } from './api/factor.js';
import { fail, ok, text, type Reply } from './api/reply.js';
import { createSignInApi } from './api/signin.js';
import { createTenantApi } from './api/tenant.js';
import type { Session } from './sessions.js';

/** A request as the router sees it; the body is read only by routes that take one. */
export interface ApiRequest {
  method: string;
  path: string;
  session: Session | undefined;
  body(): Promise<Record<string, unknown>>;
}

const SELF = /^\/api\/me\/mfa\/(begin|resume|verify|enable|cancel|recovery-codes)$/;
const ADMIN = /^\/api\/users\/([\w-]+)\/mfa(?:\/(begin|resume|verify|enable|cancel|disable|unlock|recovery-codes))?$/;
/** What an `enroll` session may do: set up MFA, nothing else. */
const ENROLL_ACTIONS = new Set(['begin', 'resume', 'verify', 'enable', 'cancel']);

const signInFirst = (): Reply => fail(401, { target: 'form', message: 'Please sign in.' });
const notFound = (): Reply => fail(404, { target: 'form', message: 'Not found.' });

/**
 * Builds the router over one MFA service and one directory.
 * @example
 * ```ts
 * const route = createRouter(mfa, createDirectory(), Date.now);
 * await route({ method: 'GET', path: '/api/me', session, body: async () => ({}) });
 * ```
 */
export function createRouter(mfa: Mfa, users: Directory, now: () => number) {
  const factor = createFactorApi(mfa);
  const signin = createSignInApi(mfa, users);
  const tenant = createTenantApi(mfa, users, now);

  /** The user's own factor; in an `enroll` session, Enable also turns it into a full session. */
  async function self(action: string, req: ApiRequest, session: Session): Promise<Reply> {
    const me = session.user;
    if (session.scope === 'enroll') {
      if (!ENROLL_ACTIONS.has(action)) return signInFirst();
      // MFA set up meanwhile (by an administrator, or in another tab): replacing it needs a real sign-in.
      if ((await mfa.status(me.id)).state === 'enabled') {
        return fail(401, { target: 'form', message: 'MFA is already set up for this account: sign in again with a code.' });
      }
    }
    // Setting up or replacing the factor, and new recovery codes, ask for the password again: a stolen
    // session alone can neither put the thief's phone on the account (locking its owner out) nor take over
    // the second factor (and a lost phone still has a way back). Not in an `enroll` session: the password
    // made it a moment ago, and it can do nothing but set up MFA.
    if ((action === 'begin' || action === 'recovery-codes') && session.scope !== 'enroll') {
      if (!users.checkPassword(me.username, text((await req.body())['password']))) {
        return fail(401, { target: 'password', message: 'Enter your password to change your MFA.' });
      }
    }
    switch (action) {
      case 'begin':
        return factor.begin(me, session);
      case 'resume':
        return factor.resume(me, session);
      case 'verify':
        return factor.verify(me, await req.body(), session);
      case 'cancel':
        return factor.cancel(me, session);
      case 'recovery-codes':
        return factor.recoveryCodes(me, session);
      case 'enable': {
        const reply = await factor.enable(me, session, { recoveryCodes: true });
        return reply.status === 200 && session.scope === 'enroll' ? { ...reply, session: { user: me, scope: 'full' } } : reply;
      }
    }
    return notFound();
  }

  async function admin(id: string, action: string | undefined, req: ApiRequest, session: Session): Promise<Reply> {
    const user = users.byId(id);
    if (!user) return fail(404, { target: 'form', message: 'No such user.' });
    if (action === undefined) return req.method === 'GET' ? factor.status(user, session) : notFound();
    if (req.method !== 'POST') return notFound();
    switch (action) {
      case 'begin':
        return factor.begin(user, session);
      case 'resume':
        return factor.resume(user, session);
      case 'verify':
        return factor.verify(user, await req.body(), session);
      case 'enable':
        return factor.enable(user, session);
      case 'cancel':
        return factor.cancel(user, session);
      case 'disable':
        return factor.disable(user, await req.body(), session);
      case 'unlock':
        return factor.unlock(user, session);
      case 'recovery-codes':
        return factor.recoveryCodes(user, session);
    }
    return notFound();
  }

  return async function route(req: ApiRequest): Promise<Reply> {
    const { method, path, session } = req;
    if (method === 'POST' && path === '/api/signin') return signin.signIn(await req.body());
    if (!session) return signInFirst();
    if (method === 'GET' && path === '/api/me') {
      const notice = session.notice;
      session.notice = null;
      const s = await factor.status(session.user, session);
      const requirement = await signin.requirement(session.user);
      return ok({ ...(s.body as object), scope: session.scope, requirement, notice });
    }
    const mine = SELF.exec(path);
    if (mine && method === 'POST') return self(mine[1]!, req, session);
    if (session.scope !== 'full') return signInFirst();
    if (session.user.role !== 'admin') return fail(403, { target: 'form', message: 'Administrators only.' });
    if (method === 'GET' && path === '/api/users') return tenant.listUsers();
    if (method === 'GET' && path === '/api/tenant') return tenant.policy(session.user.tenantId);
    if (method === 'POST' && path === '/api/tenant/policy') return tenant.setPolicy(session.user.tenantId, await req.body(), session);
    const other = ADMIN.exec(path);
    if (other) return admin(other[1]!, other[2], req, session);
    return notFound();
  };
}

/**
 * The JSON API behind the example pages. Each handler takes the signed-in user and the
 * parsed body and returns a status and a JSON body; `server.ts` does the HTTP plumbing.
 * Errors are the service's reasons in words (see `examples/lib/messages.ts`), each with
 * the form field it belongs next to.
 * @module
 */
import type { Mfa } from 'totp-enroll';
import { qrSvg } from 'totp-enroll/qr';
import { explainEnable, explainPairing, explainSignIn, retryAfter } from '../lib/messages.js';
import type { DemoUser, Directory } from '../lib/users.js';


/** What a handler answers. */
export interface Reply {
  status: number;
  body: unknown;
  /** When set, the server starts a session for this user (sign-in). */
  signIn?: DemoUser;
}

/** A field error as the pages show it. */
export interface FieldError {
  target: string;
  message: string;
  reason?: string;
}

const ok = (body: unknown): Reply => ({ status: 200, body });
const fail = (status: number, ...errors: FieldError[]): Reply => ({ status, body: { ok: false, errors } });
const text = (v: unknown): string => (typeof v === 'string' ? v : '');
/** Authenticator apps show "123 456"; people type it that way. The service itself accepts digits only. */
const digitsOnly = (v: unknown): string => text(v).replace(/[\s-]/g, '');

/**
 * Groups a base32 secret in fours for reading aloud or typing.
 * @example
 * ```ts
 * groupSecret('JBSWY3DPEHPK3PXP'); // 'JBSW Y3DP EHPK 3PXP'
 * ```
 */
export const groupSecret = (secret: string): string => secret.replace(/(.{4})(?=.)/g, '$1 ');

/**
 * The state word shown in the Users list.
 * @example
 * ```ts
 * await mfaState(mfa, 'u-alice'); // 'disabled' | 'pending' | 'verified' | 'enabled'
 * ```
 */
export async function mfaState(mfa: Mfa, userId: string): Promise<string> {
  const s = await mfa.status(userId);
  return s.state;
}

/**
 * Builds the API handlers around one MFA service and one user directory.
 * @example
 * ```ts
 * const api = createApi(mfa, createDirectory());
 * await api.listUsers(); // { status: 200, body: { users: [...] } }
 * ```
 */
export function createApi(mfa: Mfa, users: Directory) {
  const target = (id: string): DemoUser | null => users.byId(id) ?? null;

  return {
    async signIn(body: Record<string, unknown>): Promise<Reply> {
      const username = text(body['username']).trim();
      const password = text(body['password']);
      const errors: FieldError[] = [];
      if (!username) errors.push({ target: 'username', message: 'Enter your user name.' });
      if (!password) errors.push({ target: 'password', message: 'Enter your password.' });
      if (errors.length) return fail(400, ...errors);
      const user = users.checkPassword(username, password);
      if (!user) return fail(401, { target: 'password', message: 'The user name or password is not right.' });
      if ((await mfaState(mfa, user.id)) !== 'enabled') return { ...ok({ ok: true, mfa: false }), signIn: user };
      const code = digitsOnly(body['code']);
      if (!code) {
        return fail(401, { target: 'code', message: 'This account uses MFA: enter the code your authenticator app shows.' });
      }
      const result = await mfa.verify(user.id, code);
      if (!result.ok) {
        const e = explainSignIn(result.reason, retryAfter(result));
        return fail(401, { target: e.target, message: e.message, reason: e.reason });
      }
      return { ...ok({ ok: true, mfa: true }), signIn: user };
    },

    async listUsers(): Promise<Reply> {
      const list = await Promise.all(
        users.list().map(async (u) => ({ ...u, mfa: await mfaState(mfa, u.id) })),
      );
      return ok({ users: list });
    },

    async status(id: string): Promise<Reply> {
      const user = target(id);
      if (!user) return fail(404, { target: 'form', message: 'No such user.' });
      return ok({ user, mfa: await mfaState(mfa, id) });
    },

    /** Seed step 6: ENABLE issues a new secret and its QR code. */
    async begin(id: string, actor: DemoUser): Promise<Reply> {
      const user = target(id);
      if (!user) return fail(404, { target: 'form', message: 'No such user.' });
      const started = await mfa.beginEnrollment(id, { accountName: user.email, actor: actor.id });
      if (!started.ok) return fail(409, explainEnable(started.reason));
      const { secret, uri, expiresAt } = started;
      const svg = qrSvg(uri, { label: `QR code to add ${user.email} to an authenticator app` });
      return ok({ ok: true, qrSvg: svg, secret: groupSecret(secret), accountName: user.email, expiresAt });
    },

    /** Seed steps 8-10: two consecutive codes, then Verify. */
    async verifyPairing(id: string, body: Record<string, unknown>, actor: DemoUser): Promise<Reply> {
      const code1 = digitsOnly(body['code1']);
      const code2 = digitsOnly(body['code2']);
      const missing: FieldError[] = [];
      if (!code1) missing.push({ target: 'code1', message: 'Enter the code your app shows now.' });
      if (!code2) missing.push({ target: 'code2', message: 'Wait for the next code and enter it here.' });
      if (missing.length) return fail(400, ...missing);
      const result = await mfa.verifyPairing(id, code1, code2, { actor: actor.id });
      if (!result.ok) {
        const e = explainPairing(result.reason);
        return fail(400, { target: e.target, message: e.message, reason: e.reason });
      }
      return ok({ ok: true, state: result.state });
    },

    /** Seed step 11: Enable. */
    async enable(id: string, actor: DemoUser): Promise<Reply> {
      const result = await mfa.enable(id, { actor: actor.id });
      if (!result.ok) return fail(409, explainEnable(result.reason));
      return ok({ ok: true, state: result.state });
    },

    async disable(id: string, actor: DemoUser): Promise<Reply> {
      const result = await mfa.disable(id, { actor: actor.id });
      if (!result.ok) return fail(409, explainEnable(result.reason));
      return ok({ ok: true, state: result.state });
    },
  };
}

/** The handlers returned by {@link createApi}. */
export type Api = ReturnType<typeof createApi>;

/**
 * How the Express example answers: JSON `{ ok: true, ... }` or `{ ok: false, reason, message }`, where
 * `reason` is the service's reason (or the app's own) and `message` a sentence for people. Neither ever
 * holds a code, a recovery code or a secret.
 * @module
 */
import type { Request, Response } from 'express';
import { explainRecovery, explainSignIn, retryAfter } from '../lib/messages.js';

/**
 * Sends a refusal.
 * @example
 * ```ts
 * return fail(res, 401, 'invalid-credentials', 'The user name or password is not right.');
 * ```
 */
export function fail(res: Response, status: number, reason: string, message: string, extra: object = {}): void {
  res.status(status).json({ ok: false, reason, message, ...extra });
}

/**
 * A string field of the JSON body, or '' when it is absent or not a string.
 * @example
 * ```ts
 * const code = field(req, 'code');
 * ```
 */
export function field(req: Request, name: string): string {
  const body: unknown = req.body;
  if (typeof body !== 'object' || body === null || !Object.hasOwn(body, name)) return '';
  const value: unknown = (body as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : '';
}

/**
 * Answers a failed `verify` or `useRecoveryCode`: 429 with `Retry-After` while locked, 403 when TOTP is
 * suspended (a recovery code still works), 503 when the store was busy, else 401. `retryAfterMs` is passed
 * on whenever the service gives one (also on the wrong code that started a lock).
 * @example
 * ```ts
 * const result = await mfa.verify(userId, code);
 * if (!result.ok) return codeRefused(res, 'totp', result);
 * ```
 */
export function codeRefused(res: Response, kind: 'totp' | 'recovery-code', result: { reason: string }): void {
  const retryAfterMs = retryAfter(result);
  const explained = kind === 'totp' ? explainSignIn(result.reason, retryAfterMs) : explainRecovery(result.reason, retryAfterMs);
  const status =
    result.reason === 'locked' ? 429 : result.reason === 'suspended' ? 403 : result.reason === 'busy' ? 503 : 401;
  if (result.reason === 'locked' && retryAfterMs !== undefined) res.set('retry-after', String(Math.ceil(retryAfterMs / 1000)));
  const extra = {
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    ...(result.reason === 'suspended' ? { suspended: true } : {}),
  };
  fail(res, status, result.reason, explained.message, extra);
}

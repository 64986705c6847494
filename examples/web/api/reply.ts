/**
 * What every API handler answers, and the small helpers they share.
 * @module
 */
import type { DemoUser } from '../../lib/users.js';

/** What a handler answers. */
export interface Reply {
  status: number;
  body: unknown;
  /** When set, the server replaces the browser's session with a new one for this user and scope. */
  session?: { user: DemoUser; scope: 'full' | 'enroll'; notice?: string };
}

/** A field error as the pages show it. */
export interface FieldError {
  target: string;
  message: string;
  reason?: string;
}

/**
 * A 200 answer.
 * @example
 * ```ts
 * ok({ ok: true, state: 'enabled' });
 * ```
 */
export const ok = (body: unknown): Reply => ({ status: 200, body });

/**
 * A refusal with the errors the page shows next to their fields.
 * @example
 * ```ts
 * fail(404, { target: 'form', message: 'No such user.' });
 * ```
 */
export const fail = (status: number, ...errors: FieldError[]): Reply => ({ status, body: { ok: false, errors } });

/**
 * A string field of a JSON body, or ''.
 * @example
 * ```ts
 * text(body['username']); // 'alice'
 * ```
 */
export const text = (v: unknown): string => (typeof v === 'string' ? v : '');

/**
 * Groups a base32 secret in fours for reading aloud or typing.
 * @example
 * ```ts
 * groupSecret('JBSWY3DPEHPK3PXP'); // 'JBSW Y3DP EHPK 3PXP'
 * ```
 */
export const groupSecret = (secret: string): string => secret.replace(/(.{4})(?=.)/g, '$1 ');

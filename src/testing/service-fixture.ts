/**
 * The service over the store under test, for the service groups (sign-in, recovery codes,
 * conflicts): an enabled user on an injected clock, one step after pairing. Internal.
 * @module
 */
import type { CreateMfaOptions, Mfa } from '../enrollment/mfa.js';
import { createMfa } from '../enrollment/service.js';
import type { MfaStore } from '../storage/types.js';
import { generateTotp } from '../totp.js';
import { freshUser } from './harness.js';

const PERIOD_MS = 30_000;
const START = Date.UTC(2030, 0, 1, 12, 0, 0); // a fixed, step-aligned moment: no test reads the wall clock

/**
 * Enrols and enables a fresh user over `store`; returns the service, the id, a right code and a wrong code.
 * @example
 * ```ts
 * const { mfa, userId, rightCode } = await enrolledUser(store, 'verify-race');
 * await mfa.verify(userId, rightCode); // { ok: true, ... }
 * ```
 */
export async function enrolledUser(store: MfaStore, label: string, policy: CreateMfaOptions['policy'] = {}) {
  let now = START;
  const mfa = createMfa({ store, issuer: 'Conformance', now: () => now, policy: { maxWriteAttempts: 1000, ...policy } });
  const userId = freshUser(label);
  const started = await mfa.beginEnrollment(userId, { accountName: 'user@example.com' });
  if (!started.ok) throw new Error(`beginEnrollment failed: ${started.reason}`);
  const { secret } = started;
  const code = (at: number): string => generateTotp(secret, { now: at });
  const paired = await mfa.verifyPairing(userId, code(now - PERIOD_MS), code(now));
  if (!paired.ok) throw new Error(`pairing failed: ${paired.reason}`);
  const enabled = await mfa.enable(userId);
  if (!enabled.ok) throw new Error(`enable failed: ${enabled.reason}`);
  now += PERIOD_MS;
  // A code that matches no step of the window (past, current, future, with drift 0).
  const near = new Set([-2, -1, 0, 1, 2].map((d) => code(now + d * PERIOD_MS)));
  let wrong = 0;
  while (near.has(String(wrong).padStart(6, '0'))) wrong += 1;
  return { mfa, userId, rightCode: code(now), wrongCode: String(wrong).padStart(6, '0') };
}

/**
 * New recovery codes for an enabled user, or an error naming why not.
 * @example
 * ```ts
 * const [code] = await recoveryCodes(mfa, userId, 1);
 * ```
 */
export async function recoveryCodes(mfa: Mfa, userId: string, count: number): Promise<string[]> {
  const r = await mfa.generateRecoveryCodes(userId, { count });
  if (!r.ok) throw new Error(`generateRecoveryCodes failed: ${r.reason}`);
  return r.codes;
}

/**
 * Runs `fn(0..count-1)` concurrently.
 * @example
 * ```ts
 * const results = await times(50, () => mfa.verify(userId, code));
 * ```
 */
export function times<T>(count: number, fn: (i: number) => Promise<T>): Promise<T[]> {
  return Promise.all(Array.from({ length: count }, (_, i) => fn(i)));
}

/**
 * The outcome of a service call as one word: `ok` or its reason.
 * @example
 * ```ts
 * outcome({ ok: false, reason: 'replayed' }); // 'replayed'
 * ```
 */
export function outcome(result: { ok: boolean; reason?: string }): string {
  return result.ok ? 'ok' : (result.reason ?? 'unknown');
}

/**
 * The pure enrollment state machine: (record, event, now, policy) -> (record', outcome, events).
 * No I/O and no clock reads; the service supplies `now` and stores the result with compare-and-set.
 * It reads as a table: {@link HANDLERS} maps each event to one named function.
 * @module
 */
import { matchConsecutive } from './codes.js';
import { cleared, hasLockState } from './lockout.js';
import type { MfaPolicy } from './policy.js';
import { type CodeParams, type PendingFactor, type PlainRecord, emptyRecord } from './record.js';
import type {
  CancelEnrollmentResult,
  EnableResult,
  PairingResult,
  RecoveryResult,
  ResyncResult,
  SignInResult,
  UnlockResult,
} from './results.js';
import { displayPair, resync, useRecovery, verify } from './signin.js';
import { timeStep } from '../totp.js';
import { type Transition, keep, write } from './transition.js';

export type { Transition } from './transition.js';
export { lockDuration } from './lockout.js';

/** The payload of each machine event. Secrets and recovery hashes are made by the service (randomness is I/O). */
export interface MachineEvents {
  begin: { secret: string; params: CodeParams };
  pair: { code1: unknown; code2: unknown };
  enable: Record<never, never>;
  verify: { code: unknown };
  resync: { code1: unknown; code2: unknown };
  'generate-recovery': { hashes: string[] };
  'use-recovery': { hash: string | null };
  unlock: Record<never, never>;
  cancel: Record<never, never>;
}

/** One input of the machine: `{ type, ...payload }`. */
export type MachineEvent<K extends keyof MachineEvents = keyof MachineEvents> = {
  [P in K]: { type: P } & MachineEvents[P];
}[K];

/** The outcome type of each machine event. */
export interface Outcomes {
  begin: { ok: true; expiresAt: number };
  pair: PairingResult;
  enable: EnableResult;
  verify: SignInResult;
  resync: ResyncResult;
  'generate-recovery': { ok: true; count: number } | { ok: false; reason: 'not-enabled' };
  'use-recovery': RecoveryResult;
  unlock: UnlockResult;
  cancel: CancelEnrollmentResult;
}

type Handler<K extends keyof MachineEvents> = (
  record: PlainRecord | null,
  event: MachineEvent<K>,
  now: number,
  policy: MfaPolicy,
) => Transition<Outcomes[K]>;

const paramsOf = (f: CodeParams): CodeParams => ({ algorithm: f.algorithm, digits: f.digits, period: f.period });
const withoutPending = (r: PlainRecord): PlainRecord => ({ ...r, pending: null });

/** Issues a pending factor (replacing any pending one); beside an enabled factor it is a rotation. */
function begin(r: PlainRecord | null, e: MachineEvent<'begin'>, now: number, p: MfaPolicy): Transition<Outcomes['begin']> {
  const base = r ?? emptyRecord<string>();
  const expiresAt = now + p.pairingTtlMs;
  const pending: PendingFactor<string> = {
    secret: e.secret,
    ...paramsOf(e.params),
    createdAt: now,
    expiresAt,
    attempts: 0,
    verifiedStep: null,
    drift: null,
  };
  return write({ ...base, pending }, { ok: true, expiresAt }, [{ type: 'enrollment.started', rotation: base.active !== null }]);
}

/** Two consecutive codes (steps s-1, s) prove the app works; wrong pairs count toward `maxPairingAttempts`. */
function pair(r: PlainRecord | null, e: MachineEvent<'pair'>, now: number, p: MfaPolicy): Transition<PairingResult> {
  const pending = r?.pending ?? null;
  if (r === null || pending === null || pending.verifiedStep !== null) return keep(r, { ok: false, reason: 'no-pending' });
  if (now >= pending.expiresAt) {
    return write(withoutPending(r), { ok: false, reason: 'expired' }, [{ type: 'enrollment.expired' }]);
  }
  const current = timeStep(now, { period: pending.period });
  const [code1, code2] = displayPair(e.code1, e.code2, pending.digits);
  const match = matchConsecutive(pending.secret, pending, code1, code2, { centre: current, ...p.window });
  if (match.ok) {
    const delta = match.step - current;
    const verified = { ...pending, verifiedStep: match.step, drift: delta, expiresAt: now + p.pairingTtlMs };
    return write({ ...r, pending: verified }, { ok: true, state: 'verified' }, [{ type: 'enrollment.verified', delta }]);
  }
  if (match.reason !== 'mismatch') {
    // malformed, or the same text twice: known without the secret, so not counted.
    const reason = match.reason === 'malformed' ? 'malformed' : 'not-consecutive';
    return keep(r, { ok: false, reason }, [{ type: 'enrollment.failed', reason }]);
  }
  const attempts = pending.attempts + 1;
  const events = [{ type: 'enrollment.failed' as const, reason: 'mismatch', failures: attempts }];
  if (attempts >= p.maxPairingAttempts) return write(withoutPending(r), { ok: false, reason: 'too-many-attempts' }, events);
  const attemptsLeft = p.maxPairingAttempts - attempts;
  return write({ ...r, pending: { ...pending, attempts } }, { ok: false, reason: 'mismatch', attemptsLeft }, events);
}

/** A verified pairing becomes the enabled factor (replacing the old one in a rotation; counters stay). */
function enable(r: PlainRecord | null, _e: MachineEvent<'enable'>, now: number): Transition<EnableResult> {
  const pending = r?.pending ?? null;
  if (r !== null && pending === null && r.active !== null) return keep(r, { ok: true, state: 'enabled' });
  if (r !== null && pending !== null && now >= pending.expiresAt) {
    return write(withoutPending(r), { ok: false, reason: 'expired' }, [{ type: 'enrollment.expired' }]);
  }
  if (r === null || pending === null || pending.verifiedStep === null) return keep(r, { ok: false, reason: 'not-verified' });
  // The replay guard never moves back: in a rotation, a sign-in with the old factor after the pairing may have
  // used a later step (steps compare only at the same period; the secrets are not read here).
  const carried = r.active !== null && r.active.period === pending.period ? r.active.lastStep : -1;
  const lastStep = Math.max(pending.verifiedStep, carried);
  const active = { secret: pending.secret, ...paramsOf(pending), lastStep, drift: pending.drift ?? 0, enabledAt: now };
  return write({ ...r, pending: null, active }, { ok: true, state: 'enabled' }, [{ type: 'factor.enabled', rotation: r.active !== null }]);
}

/** Replaces the recovery codes (hashes made by the service). */
function generateRecovery(r: PlainRecord | null, e: MachineEvent<'generate-recovery'>): Transition<Outcomes['generate-recovery']> {
  if (r === null || r.active === null) return keep(r, { ok: false, reason: 'not-enabled' });
  const count = e.hashes.length;
  return write({ ...r, recovery: [...e.hashes] }, { ok: true, count }, [{ type: 'recovery.generated', remaining: count }]);
}

/** An administrator clears locks, the suspension and both failure counts; the factor stays. */
function unlock(r: PlainRecord | null): Transition<UnlockResult> {
  if (r === null || r.active === null) return keep(r, { ok: false, reason: 'not-enabled' });
  const events = [{ type: 'factor.unlocked' as const, method: 'unlock' as const }];
  if (!hasLockState(r)) return keep(r, { ok: true, state: 'enabled' }, events);
  return write(cleared(r), { ok: true, state: 'enabled' }, events);
}

/**
 * Drops the pending pairing (first enrollment or rotation); an enabled factor stays. One that has run out is
 * not waiting any more (`status` shows none): `no-pending`, and it is cleared as an expiry, not a cancellation.
 */
function cancel(r: PlainRecord | null, _e: MachineEvent<'cancel'>, now: number): Transition<CancelEnrollmentResult> {
  if (r === null || r.pending === null) return keep(r, { ok: false, reason: 'no-pending' });
  if (now >= r.pending.expiresAt) return write(withoutPending(r), { ok: false, reason: 'no-pending' }, [{ type: 'enrollment.expired' }]);
  const state = r.active === null ? 'disabled' : 'enabled';
  return write(withoutPending(r), { ok: true, state }, [{ type: 'enrollment.cancelled', rotation: r.active !== null }]);
}

/**
 * The machine as a table: one named handler per event.
 * @example
 * ```ts
 * HANDLERS.verify(record, { type: 'verify', code: '123456' }, now, policy).outcome;
 * ```
 */
export const HANDLERS: { readonly [K in keyof MachineEvents]: Handler<K> } = {
  begin,
  pair,
  enable,
  verify,
  resync,
  'generate-recovery': generateRecovery,
  'use-recovery': useRecovery,
  unlock,
  cancel,
};

/**
 * Which stored secrets each handler reads: the service decrypts only these, so calls that read no
 * secret (recovery codes, unlock) work without the key, and a sign-in leaves the pending secret sealed.
 * @example
 * ```ts
 * SECRETS_READ.verify; // { active: true, pending: false }
 * ```
 */
export const SECRETS_READ: { readonly [K in keyof MachineEvents]: { readonly active: boolean; readonly pending: boolean } } = {
  begin: { active: false, pending: false },
  pair: { active: false, pending: true },
  enable: { active: false, pending: true },
  verify: { active: true, pending: false },
  resync: { active: true, pending: false },
  'generate-recovery': { active: false, pending: false },
  'use-recovery': { active: false, pending: false },
  unlock: { active: false, pending: false },
  cancel: { active: false, pending: false },
};

/**
 * Applies one event to a record at time `now`. Pure: the input record is not modified (handlers copy
 * what they change and share the rest).
 *
 * @example
 * ```ts
 * const t = transition(null, { type: 'begin', secret, params }, now, resolvePolicy());
 * t.record?.pending?.expiresAt; // now + 10 minutes
 * ```
 */
export function transition<K extends keyof MachineEvents>(
  record: PlainRecord | null,
  event: MachineEvent<K>,
  now: number,
  policy: MfaPolicy,
): Transition<Outcomes[K]> {
  const handler: Handler<K> = HANDLERS[event.type];
  return handler(record, event, now, policy);
}

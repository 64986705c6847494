/**
 * The pure enrollment state machine: (record, event, now, policy) -> (record', outcome, events).
 * No I/O and no clock reads; the service supplies `now` and stores the result with compare-and-set.
 * @module
 */
import { MAX_WINDOW, timeStep, verifyTotp } from '../totp.js';
import { matchConsecutive, sameText } from './codes.js';
import type { MfaEventDetail } from './events.js';
import type { MfaPolicy } from './policy.js';
import type { CodeParams, PlainRecord } from './record.js';

/** Inputs of the machine. Secrets and recovery hashes are made by the service (randomness is I/O). */
export type MachineEvent =
  | { type: 'begin'; secret: string; params: CodeParams }
  | { type: 'pair'; code1: unknown; code2: unknown }
  | { type: 'enable' }
  | { type: 'disable' }
  | { type: 'verify'; code: unknown }
  | { type: 'resync'; code1: unknown; code2: unknown }
  | { type: 'generate-recovery'; hashes: string[] }
  | { type: 'use-recovery'; hash: string | null };

type Locked = { ok: false; reason: 'locked'; retryAfterMs: number };
/** Result of `verifyPairing`. */
export type PairingResult =
  | { ok: true; state: 'verified' }
  | { ok: false; reason: 'malformed' | 'mismatch' | 'not-consecutive' | 'expired' | 'too-many-attempts' | 'no-pending' | 'busy' };
/** Result of `verify`. */
export type SignInResult =
  | { ok: true; delta: number }
  | { ok: false; reason: 'malformed' | 'mismatch' | 'replayed' | 'not-enabled' | 'busy'; retryAfterMs?: number }
  | Locked;
/** Result of `resync`. */
export type ResyncResult =
  | { ok: true; delta: number }
  | { ok: false; reason: 'malformed' | 'mismatch' | 'not-consecutive' | 'replayed' | 'not-enabled' | 'busy'; retryAfterMs?: number }
  | Locked;
/** Result of `useRecoveryCode`. */
export type RecoveryResult =
  | { ok: true; remaining: number }
  | { ok: false; reason: 'malformed' | 'mismatch' | 'not-enabled' | 'busy'; retryAfterMs?: number }
  | Locked;
/** Result of `enable`. */
export type EnableResult = { ok: true; state: 'enabled' } | { ok: false; reason: 'not-verified' | 'expired' | 'busy' };
/** Result of `disable`. */
export type DisableResult = { ok: true; state: 'disabled' } | { ok: false; reason: 'busy' };

/** The outcome type of each machine event. */
export interface Outcomes {
  begin: { ok: true; expiresAt: number };
  pair: PairingResult;
  enable: EnableResult;
  disable: DisableResult;
  verify: SignInResult;
  resync: ResyncResult;
  'generate-recovery': { ok: true; count: number } | { ok: false; reason: 'not-enabled' };
  'use-recovery': RecoveryResult;
}

/** What a transition returns. `record: null` means the record is deleted. Write only when `write`. */
export interface Transition<O> {
  record: PlainRecord | null;
  write: boolean;
  outcome: O;
  events: MfaEventDetail[];
}

type Step<O> = Transition<O>;
const keep = <O>(record: PlainRecord | null, outcome: O, events: MfaEventDetail[] = []): Step<O> => ({
  record,
  write: false,
  outcome,
  events,
});
const write = <O>(record: PlainRecord | null, outcome: O, events: MfaEventDetail[] = []): Step<O> => ({
  record: record && !record.active && !record.pending ? null : record,
  write: true,
  outcome,
  events,
});
const clampDrift = (d: number): number => Math.max(-MAX_WINDOW, Math.min(MAX_WINDOW, d));
const paramsOf = (f: CodeParams): CodeParams => ({ algorithm: f.algorithm, digits: f.digits, period: f.period });

/**
 * Clears a lock that has run out. The count of consecutive failures stays: only a success resets it,
 * so time alone never hands a guesser a fresh set of attempts (NIST SP 800-63B counts consecutive failures).
 */
function unlockIfDue(r: PlainRecord, now: number): PlainRecord {
  if (r.lockedUntil === undefined || now < r.lockedUntil) return r;
  const { lockedUntil: _gone, ...rest } = r;
  return rest;
}

/** The longest single lock: a day, or lockoutMs when that is longer. */
const MAX_LOCK_MS = 86_400_000;

/**
 * How long the factor locks at a given count of consecutive failures: `lockoutMs` at the limit, then
 * twice as long for every further failure (each failure after a lock ends locks again), up to a day.
 */
export function lockDuration(failures: number, policy: MfaPolicy): number {
  const doublings = Math.min(failures - policy.maxFailures, 30);
  return Math.min(policy.lockoutMs * 2 ** doublings, Math.max(MAX_LOCK_MS, policy.lockoutMs));
}

/** Counts one failed sign-in attempt, locking at the limit and for longer after each further failure. */
function countFailure(r: PlainRecord, now: number, policy: MfaPolicy, event: MfaEventDetail): [PlainRecord, MfaEventDetail[]] {
  const failures = r.failures + 1;
  const next: PlainRecord = { ...r, failures };
  const events: MfaEventDetail[] = [{ ...event, failures }];
  if (failures >= policy.maxFailures) {
    next.lockedUntil = now + lockDuration(failures, policy);
    events.push({ type: 'locked', failures, lockedUntil: next.lockedUntil });
  }
  return [next, events];
}

function succeed(r: PlainRecord): PlainRecord {
  const { lockedUntil: _gone, ...rest } = r;
  return { ...rest, failures: 0 };
}

function begin(r: PlainRecord | null, e: Extract<MachineEvent, { type: 'begin' }>, now: number, p: MfaPolicy) {
  const base: PlainRecord = r ?? { schema: 1, failures: 0, recovery: [] };
  const expiresAt = now + p.pairingTtlMs;
  const next: PlainRecord = {
    ...base,
    pending: { secret: e.secret, ...paramsOf(e.params), createdAt: now, expiresAt, attempts: 0 },
  };
  return write(next, { ok: true as const, expiresAt }, [{ type: 'enrollment.started', rotation: !!base.active }]);
}

function dropPending(r: PlainRecord): PlainRecord {
  const { pending: _gone, ...rest } = r;
  return rest;
}

function pair(r: PlainRecord | null, e: Extract<MachineEvent, { type: 'pair' }>, now: number, p: MfaPolicy): Step<PairingResult> {
  const pending = r?.pending;
  if (!r || !pending || pending.verifiedStep !== undefined) return keep(r, { ok: false, reason: 'no-pending' });
  if (now >= pending.expiresAt) {
    return write(dropPending(r), { ok: false, reason: 'expired' }, [{ type: 'enrollment.expired' }]);
  }
  const current = timeStep(now, { period: pending.period });
  const match = matchConsecutive(pending.secret, pending, e.code1, e.code2, { centre: current, ...p.window });
  if (match.ok) {
    const delta = match.step - current;
    const next = { ...r, pending: { ...pending, verifiedStep: match.step, drift: delta, expiresAt: now + p.pairingTtlMs } };
    return write(next, { ok: true, state: 'verified' }, [{ type: 'enrollment.verified', delta }]);
  }
  if (match.reason === 'malformed') {
    return keep(r, { ok: false, reason: 'malformed' }, [{ type: 'enrollment.failed', reason: 'malformed' }]);
  }
  const reason = match.reason === 'not-consecutive' ? 'not-consecutive' : 'mismatch';
  const attempts = pending.attempts + 1;
  const failed: MfaEventDetail = { type: 'enrollment.failed', reason, failures: attempts };
  if (attempts >= p.maxPairingAttempts) {
    return write(dropPending(r), { ok: false, reason: 'too-many-attempts' }, [failed]);
  }
  return write({ ...r, pending: { ...pending, attempts } }, { ok: false, reason }, [failed]);
}

function enable(r: PlainRecord | null, now: number): Step<EnableResult> {
  const pending = r?.pending;
  if (r && !pending && r.active) return keep(r, { ok: true, state: 'enabled' });
  if (r && pending && now >= pending.expiresAt) {
    return write(dropPending(r), { ok: false, reason: 'expired' }, [{ type: 'enrollment.expired' }]);
  }
  if (!r || !pending || pending.verifiedStep === undefined) return keep(r, { ok: false, reason: 'not-verified' });
  const next: PlainRecord = {
    ...dropPending(r),
    active: {
      secret: pending.secret,
      ...paramsOf(pending),
      lastStep: pending.verifiedStep,
      drift: pending.drift ?? 0,
      enabledAt: now,
    },
  };
  return write(next, { ok: true, state: 'enabled' }, [{ type: 'enabled', rotation: !!r.active }]);
}

function verify(r: PlainRecord | null, e: Extract<MachineEvent, { type: 'verify' }>, now: number, p: MfaPolicy): Step<SignInResult> {
  const active = r?.active;
  if (!r || !active) return keep(r, { ok: false, reason: 'not-enabled' }, [{ type: 'verify.failed', reason: 'not-enabled' }]);
  const cur = unlockIfDue(r, now);
  if (cur.lockedUntil !== undefined) {
    const retryAfterMs = cur.lockedUntil - now;
    return keep(r, { ok: false, reason: 'locked', retryAfterMs }, [{ type: 'verify.failed', reason: 'locked' }]);
  }
  const result = verifyTotp(active.secret, e.code, {
    ...paramsOf(active),
    now,
    window: p.window,
    drift: active.drift,
    afterStep: active.lastStep,
  });
  if (result.ok) {
    const next = { ...succeed(cur), active: { ...active, lastStep: result.step, drift: clampDrift(result.delta) } };
    return write(next, { ok: true, delta: result.delta }, [{ type: 'verify.ok', delta: result.delta }]);
  }
  if (result.reason !== 'mismatch') {
    const type = result.reason === 'replayed' ? 'verify.replayed' : 'verify.failed';
    return keep(r, { ok: false, reason: result.reason }, [{ type, reason: result.reason }]);
  }
  const [next, events] = countFailure(cur, now, p, { type: 'verify.failed', reason: 'mismatch' });
  return write(next, lockInfo({ ok: false, reason: 'mismatch' as const }, next, now), events);
}

/** Adds `retryAfterMs` to a failure that just locked the factor. */
function lockInfo<T extends { ok: false }>(outcome: T, r: PlainRecord, now: number): T & { retryAfterMs?: number } {
  return r.lockedUntil === undefined ? outcome : { ...outcome, retryAfterMs: r.lockedUntil - now };
}

function resync(r: PlainRecord | null, e: Extract<MachineEvent, { type: 'resync' }>, now: number, p: MfaPolicy): Step<ResyncResult> {
  const active = r?.active;
  if (!r || !active) return keep(r, { ok: false, reason: 'not-enabled' });
  const cur = unlockIfDue(r, now);
  if (cur.lockedUntil !== undefined) {
    return keep(r, { ok: false, reason: 'locked', retryAfterMs: cur.lockedUntil - now }, [{ type: 'verify.failed', reason: 'locked' }]);
  }
  const current = timeStep(now, { period: active.period });
  const w = p.resyncWindow;
  const match = matchConsecutive(active.secret, active, e.code1, e.code2, {
    centre: current,
    past: w,
    future: w,
    afterStep: active.lastStep,
  });
  if (match.ok) {
    const delta = match.step - current;
    const next = { ...succeed(cur), active: { ...active, lastStep: match.step, drift: clampDrift(delta) } };
    return write(next, { ok: true, delta }, [{ type: 'resync', delta }]);
  }
  if (match.reason === 'malformed' || match.reason === 'replayed') {
    const type = match.reason === 'replayed' ? 'verify.replayed' : 'verify.failed';
    return keep(r, { ok: false, reason: match.reason }, [{ type, reason: match.reason }]);
  }
  const [next, events] = countFailure(cur, now, p, { type: 'verify.failed', reason: match.reason });
  return write(next, lockInfo({ ok: false, reason: match.reason }, next, now), events);
}

function useRecovery(r: PlainRecord | null, hash: string | null, now: number, p: MfaPolicy): Step<RecoveryResult> {
  if (!r || !r.active) return keep(r, { ok: false, reason: 'not-enabled' }, [{ type: 'recovery.failed', reason: 'not-enabled' }]);
  const cur = unlockIfDue(r, now);
  if (cur.lockedUntil !== undefined) {
    return keep(r, { ok: false, reason: 'locked', retryAfterMs: cur.lockedUntil - now }, [{ type: 'recovery.failed', reason: 'locked' }]);
  }
  if (hash === null) return keep(r, { ok: false, reason: 'malformed' }, [{ type: 'recovery.failed', reason: 'malformed' }]);
  let index = -1;
  cur.recovery.forEach((h, i) => {
    if (sameText(h, hash)) index = i;
  });
  if (index >= 0) {
    const recovery = cur.recovery.filter((_, i) => i !== index);
    const next = { ...succeed(cur), recovery };
    return write(next, { ok: true, remaining: recovery.length }, [{ type: 'recovery.used', remaining: recovery.length }]);
  }
  const [next, events] = countFailure(cur, now, p, { type: 'recovery.failed', reason: 'mismatch' });
  return write(next, lockInfo({ ok: false, reason: 'mismatch' as const }, next, now), events);
}

/**
 * Applies one event to a record at time `now`. Pure: the input record is not modified.
 *
 * @example
 * ```ts
 * const t = transition(null, { type: 'begin', secret, params }, now, resolvePolicy());
 * t.record?.pending?.expiresAt; // now + 10 minutes
 * if (t.write) await store.put(userId, t.record, null);
 * ```
 */
export function transition<E extends MachineEvent>(
  record: PlainRecord | null,
  event: E,
  now: number,
  policy: MfaPolicy,
): Transition<Outcomes[E['type']]> {
  const r = record === null ? null : structuredClone(record);
  const ev: MachineEvent = event;
  let t: Transition<unknown>;
  switch (ev.type) {
    case 'begin':
      t = begin(r, ev, now, policy);
      break;
    case 'pair':
      t = pair(r, ev, now, policy);
      break;
    case 'enable':
      t = enable(r, now);
      break;
    case 'disable':
      t = r === null ? keep(null, { ok: true, state: 'disabled' }) : write(null, { ok: true, state: 'disabled' }, [{ type: 'disabled' }]);
      break;
    case 'verify':
      t = verify(r, ev, now, policy);
      break;
    case 'resync':
      t = resync(r, ev, now, policy);
      break;
    case 'generate-recovery':
      t = r?.active
        ? write({ ...r, recovery: [...ev.hashes] }, { ok: true, count: ev.hashes.length }, [
            { type: 'recovery.generated', remaining: ev.hashes.length },
          ])
        : keep(r, { ok: false, reason: 'not-enabled' });
      break;
    case 'use-recovery':
      t = useRecovery(r, ev.hash, now, policy);
      break;
  }
  return t as Transition<Outcomes[E['type']]>;
}

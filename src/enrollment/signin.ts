/**
 * The machine's sign-in handlers: a TOTP code (`verify`), two codes over a wide window (`resync`) and a
 * recovery code. Each is guard, check, then count or succeed; the guards live in `lockout.ts`.
 * @module
 */
import { MAX_WINDOW, timeStep, verifyTotp } from '../totp.js';
import { displayDigits } from '../code-format.js';
import { matchConsecutive, sameText } from './codes.js';
import type { MfaEventDetail } from './events.js';
import { cleared, countFailure, countRecoveryFailure, refuseWhileLocked, refuseWhileRecoveryLocked, requireActive, succeeded } from './lockout.js';
import type { MachineEvent } from './machine.js';
import type { MfaPolicy } from './policy.js';
import { type PlainRecord, secretFloorOf } from './record.js';
import type { RecoveryResult, ResyncResult, SignInResult } from './results.js';
import { type Transition, keep, write } from './transition.js';

type Ev<K extends MachineEvent['type']> = Extract<MachineEvent, { type: K }>;

/**
 * Two submitted codes in their display forms reduced to digits (one left as sent when it is not a display
 * form, so it stays malformed), so "123 456" then "123456" is the same code twice (`not-consecutive`).
 * @example
 * ```ts
 * displayPair('123 456', '654321\n', 6); // ['123456', '654321']
 * ```
 */
export function displayPair(code1: unknown, code2: unknown, digits: number): [unknown, unknown] {
  return [displayDigits(code1, digits) ?? code1, displayDigits(code2, digits) ?? code2];
}
const clampDrift = (d: number): number => Math.max(-MAX_WINDOW, Math.min(MAX_WINDOW, d));

/**
 * Sign-in with one TOTP code, inside the window centred on the stored drift.
 * @example
 * ```ts
 * verify(record, { type: 'verify', code: '123456' }, now, policy).outcome; // { ok: true, delta: 0 }
 * ```
 */
export function verify(r: PlainRecord | null, e: Ev<'verify'>, now: number, p: MfaPolicy): Transition<SignInResult> {
  const g = requireActive(r, 'verify');
  if (g.refusal) return g.refusal;
  const { record, active } = g;
  const stop = refuseWhileLocked(record, now, 'verify');
  if (stop) return stop;
  // The display forms people type ("123 456", a pasted newline) become the digits; anything else stays as sent, malformed.
  const result = verifyTotp(active.secret, displayDigits(e.code, active.digits) ?? e.code, {
    algorithm: active.algorithm,
    digits: active.digits,
    period: active.period,
    now,
    window: p.window,
    drift: active.drift,
    afterStep: active.lastStep,
    minSecretBytes: secretFloorOf(active),
  });
  if (result.ok) {
    const next: PlainRecord = { ...succeeded(record, now), active: { ...active, lastStep: result.step, drift: clampDrift(result.delta) } };
    return write(next, { ok: true, delta: result.delta }, [{ type: 'signin.succeeded', method: 'verify', delta: result.delta }]);
  }
  if (result.reason === 'replayed') {
    return keep(record, { ok: false, reason: 'replayed' }, [{ type: 'signin.replayed', method: 'verify', reason: 'replayed' }]);
  }
  if (result.reason === 'malformed') {
    return keep(record, { ok: false, reason: 'malformed' }, [{ type: 'signin.failed', method: 'verify', reason: 'malformed' }]);
  }
  const c = countFailure(record, now, p, 'verify', 'mismatch');
  return write(c.record, c.outcome, c.events);
}

/**
 * Re-measures drift from two consecutive codes searched over `policy.resyncWindow` steps either side.
 * `not-consecutive` only when both submissions are the same text (nothing about the secret is told).
 * @example
 * ```ts
 * resync(record, { type: 'resync', code1, code2 }, now, policy).outcome; // { ok: true, delta: 4 }
 * ```
 */
export function resync(r: PlainRecord | null, e: Ev<'resync'>, now: number, p: MfaPolicy): Transition<ResyncResult> {
  const g = requireActive(r, 'resync');
  if (g.refusal) return g.refusal;
  const { record, active } = g;
  const stop = refuseWhileLocked(record, now, 'resync');
  if (stop) return stop;
  const current = timeStep(now, { period: active.period });
  const w = p.resyncWindow;
  const [code1, code2] = displayPair(e.code1, e.code2, active.digits);
  const match = matchConsecutive(active.secret, active, code1, code2, { centre: current, past: w, future: w, afterStep: active.lastStep });
  if (match.ok) {
    const delta = match.step - current;
    const next: PlainRecord = { ...succeeded(record, now), active: { ...active, lastStep: match.step, drift: clampDrift(delta) } };
    return write(next, { ok: true, delta }, [{ type: 'factor.resynced', method: 'resync', delta }]);
  }
  if (match.reason === 'replayed') {
    return keep(record, { ok: false, reason: 'replayed' }, [{ type: 'signin.replayed', method: 'resync', reason: 'replayed' }]);
  }
  if (match.reason !== 'mismatch') {
    return keep(record, { ok: false, reason: match.reason }, [{ type: 'signin.failed', method: 'resync', reason: match.reason }]);
  }
  const c = countFailure(record, now, p, 'resync', 'mismatch');
  return write(c.record, c.outcome, c.events);
}

/**
 * Sign-in with a recovery code (already hashed by the service; `null` when it cannot be one). Works while
 * TOTP is locked or suspended, and clears both; wrong codes count apart from TOTP.
 * @example
 * ```ts
 * useRecovery(record, { type: 'use-recovery', hash }, now, policy).outcome; // { ok: true, remaining: 9 }
 * ```
 */
export function useRecovery(r: PlainRecord | null, e: Ev<'use-recovery'>, now: number, p: MfaPolicy): Transition<RecoveryResult> {
  const g = requireActive(r, 'useRecoveryCode');
  if (g.refusal) return g.refusal;
  const { record } = g;
  const stop = refuseWhileRecoveryLocked(record, now);
  if (stop) return stop;
  if (e.hash === null) {
    return keep(record, { ok: false, reason: 'malformed' }, [{ type: 'recovery.failed', method: 'useRecoveryCode', reason: 'malformed' }]);
  }
  let index = -1;
  record.recovery.forEach((h, i) => {
    if (sameText(h, e.hash as string)) index = i;
  });
  if (index < 0) {
    const c = countRecoveryFailure(record, now, p);
    return write(c.record, c.outcome, c.events);
  }
  const recovery = record.recovery.filter((_, i) => i !== index);
  const events: MfaEventDetail[] = [{ type: 'recovery.used', method: 'useRecoveryCode', remaining: recovery.length }];
  const wasLocked = record.suspended || (record.lockedUntil !== null && now < record.lockedUntil);
  if (wasLocked) events.push({ type: 'factor.unlocked', method: 'useRecoveryCode' });
  return write({ ...cleared(record), recovery, lastUsedAt: now }, { ok: true, remaining: recovery.length }, events);
}

// Shared fixtures for the enrollment tests: an injected clock, a service over a memory store, codes.
import type { CreateMfaOptions } from '../../src/enrollment/mfa.js';
import { createMfa } from '../../src/enrollment/service.js';
import type { MfaEvent } from '../../src/enrollment/events.js';
import { memoryStore } from '../../src/storage/memory.js';
import type { MfaStore } from '../../src/storage/types.js';
import { generateTotp, timeStep } from '../../src/totp.js';

export const PERIOD_MS = 30_000;
/** A fixed, step-aligned moment (2030-01-01T12:00:00Z); no test reads the wall clock. */
export const T0 = Date.UTC(2030, 0, 1, 12, 0, 0);
export const S0 = timeStep(T0);
/** RFC 6238's test key, 20 bytes. */
export const SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

/** The code of `secret` at time step `step`. */
export const codeAtStep = (secret: string, step: number): string => generateTotp(secret, { now: step * PERIOD_MS });

/** A six-digit code that matches none of the steps `step - spread .. step + spread`. */
export function wrongCode(secret: string, step: number, spread = 12, ...not: string[]): string {
  const near = new Set<string>(not);
  for (let s = step - spread; s <= step + spread; s++) near.add(codeAtStep(secret, s));
  for (let n = 0; ; n++) {
    const c = String(n).padStart(6, '0');
    if (!near.has(c)) return c;
  }
}

export type Harness = ReturnType<typeof harness>;

/** A service on a memory store (or the given one) with a settable clock and a recorded event log. */
export function harness(options: Partial<CreateMfaOptions> = {}) {
  const clock = { now: T0 };
  const events: MfaEvent[] = [];
  const store: MfaStore = options.store ?? memoryStore();
  const mfa = createMfa({ issuer: 'Acme', now: () => clock.now, onEvent: (e) => events.push(e), ...options, store });
  return {
    mfa,
    store,
    clock,
    events,
    /** The current time step. */
    step: (): number => timeStep(clock.now),
    advance(ms: number): void {
      clock.now += ms;
    },
  };
}

/** Seed steps 6-11 for `userId`: begin, two consecutive codes, enable; then one step later. Returns the secret. */
export async function enroll(h: Harness, userId = 'u1'): Promise<string> {
  const { secret } = ok(await h.mfa.beginEnrollment(userId, { accountName: `${userId}@example.com` }));
  const s = h.step();
  const paired = await h.mfa.verifyPairing(userId, codeAtStep(secret, s - 1), codeAtStep(secret, s));
  if (!paired.ok) throw new Error(`pairing failed: ${paired.reason}`);
  const enabled = await h.mfa.enable(userId);
  if (!enabled.ok) throw new Error(`enable failed: ${enabled.reason}`);
  h.advance(PERIOD_MS);
  return secret;
}

/** The `ok` branch of a service result; throws naming the reason otherwise (for set-up steps). */
export function ok<R extends { ok: boolean }>(result: R): Extract<R, { ok: true }> {
  if (!result.ok) throw new Error(`expected ok, got ${(result as { reason?: string }).reason}`);
  return result as Extract<R, { ok: true }>;
}

/** `'ok'` or the failure reason of a service result. */
export const why = (r: { ok: true } | { ok: false; reason: string }): string => (r.ok ? 'ok' : r.reason);

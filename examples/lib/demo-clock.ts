/**
 * The terminal demo's clock, shared by the service and the simulated app: the real clock in
 * interactive mode, otherwise a simulated one that waiting for the next code moves forward.
 * Tests seed the simulated one with TOTP_ENROLL_DEMO_NOW, in either mode.
 * @module
 */

/** The clock of one demo run. */
export interface DemoClock {
  /** True when `now` is the wall clock (countdowns are waited for). */
  real: boolean;
  now: () => number;
  /** Moves a simulated clock forward to `ms` (never back); ignored on the real clock. */
  advanceTo(ms: number): void;
}

/**
 * Reads TOTP_ENROLL_DEMO_NOW: Unix ms or an ISO date. Undefined when unset, null when it is not a time.
 * @example
 * ```ts
 * seededNow('2026-01-15T09:00:05Z'); // 1768467605000
 * seededNow('yesterday');            // null
 * ```
 */
export function seededNow(value: string | undefined): number | null | undefined {
  if (value === undefined || value === '') return undefined;
  const ms = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  return Number.isSafeInteger(ms) && ms > 0 ? ms : null;
}

/**
 * The real clock, or a simulated one starting at `start`.
 * @example
 * ```ts
 * const clock = demoClock(false, Date.now());
 * clock.advanceTo(clock.now() + 30_000); // the app shows its next code
 * ```
 */
export function demoClock(real: boolean, start: number): DemoClock {
  let simulated = start;
  return {
    real,
    now: real ? Date.now : () => simulated,
    advanceTo(ms) {
      simulated = Math.max(simulated, ms);
    },
  };
}

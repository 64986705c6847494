/**
 * What one step of the machine returns, and the two ways to build it: keep the record as it is, or
 * write a new one. Writing applies the rule {@link deleteIfNoFactor}.
 * @module
 */
import type { MfaEventDetail } from './events.js';
import type { PlainRecord } from './record.js';

/** What a transition returns. `record: null` means the record is deleted. Write only when `write`. */
export interface Transition<O> {
  record: PlainRecord | null;
  write: boolean;
  outcome: O;
  events: MfaEventDetail[];
}

/**
 * The rule "a record with no factor is deleted": once neither an enabled factor nor a pending one is
 * left (disable, an expired or voided first enrollment), the whole record goes, counters included.
 * @example
 * ```ts
 * deleteIfNoFactor(emptyRecord()); // null
 * ```
 */
export function deleteIfNoFactor(record: PlainRecord | null): PlainRecord | null {
  return record && record.active === null && record.pending === null ? null : record;
}

/**
 * A transition that changes nothing in the store (its events are still reported).
 * @example
 * ```ts
 * return keep(r, { ok: false, reason: 'malformed' });
 * ```
 */
export function keep<O>(record: PlainRecord | null, outcome: O, events: MfaEventDetail[] = []): Transition<O> {
  return { record, write: false, outcome, events };
}

/**
 * A transition that writes `record` (or deletes it, see {@link deleteIfNoFactor}).
 * @example
 * ```ts
 * return write({ ...r, failures: 0 }, { ok: true, delta: 0 }, [{ type: 'signin.succeeded' }]);
 * ```
 */
export function write<O>(record: PlainRecord | null, outcome: O, events: MfaEventDetail[] = []): Transition<O> {
  return { record: deleteIfNoFactor(record), write: true, outcome, events };
}

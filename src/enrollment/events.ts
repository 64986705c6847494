/**
 * Audit events of the enrollment service. They carry who, what and when; never a secret,
 * a submitted code or a recovery code.
 * @module
 */

/** Every event type `onEvent` receives. */
export type MfaEventType =
  | 'enrollment.started'
  | 'enrollment.verified'
  | 'enrollment.failed'
  | 'enrollment.expired'
  | 'enabled'
  | 'disabled'
  | 'verify.ok'
  | 'verify.failed'
  | 'verify.replayed'
  | 'locked'
  | 'resync'
  | 'recovery.generated'
  | 'recovery.used'
  | 'recovery.failed';

/** What the pure machine reports; the service adds `userId`, `actor` and `at`. */
export interface MfaEventDetail {
  type: MfaEventType;
  /** Matched step minus the current step, for successful codes. */
  delta?: number;
  /** Why an attempt failed: `malformed`, `mismatch`, `replayed`, `locked`, `not-consecutive`, ... */
  reason?: string;
  /** The failure count after a failed attempt. */
  failures?: number;
  /** When a lock ends (Unix ms). */
  lockedUntil?: number;
  /** Recovery codes left, or issued for `recovery.generated`. */
  remaining?: number;
  /** True when an enrollment replaces an enabled factor (rotation). */
  rotation?: boolean;
}

/**
 * An audit event.
 * @example
 * ```ts
 * createMfa({ store, issuer: 'Example', onEvent: (e: MfaEvent) => log.info(e) });
 * // { type: 'verify.failed', userId: 'u1', at: 1700000000000, reason: 'mismatch', failures: 3 }
 * ```
 */
export interface MfaEvent extends MfaEventDetail {
  userId: string;
  /** Who did it, when the caller passed `{ actor }` (an admin id, or the user's own id). */
  actor?: string;
  /** Unix ms, from the service's `now()`. */
  at: number;
}

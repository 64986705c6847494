/**
 * Audit events of the enrollment service. They carry who, what and when; never a secret,
 * a submitted code or a recovery code. Every name is `noun.verb`: the noun is what changed or was
 * tried (`enrollment`, `factor`, `signin`, `recovery`), the verb what happened to it.
 * @module
 */

/** Every event type `onEvent` receives. */
export type MfaEventType =
  | 'enrollment.started'
  | 'enrollment.verified'
  | 'enrollment.failed'
  | 'enrollment.expired'
  | 'enrollment.cancelled'
  | 'factor.enabled'
  | 'factor.imported'
  | 'factor.disabled'
  | 'factor.resynced'
  | 'factor.locked'
  | 'factor.suspended'
  | 'factor.unlocked'
  | 'signin.succeeded'
  | 'signin.failed'
  | 'signin.replayed'
  | 'signin.refused'
  | 'recovery.generated'
  | 'recovery.used'
  | 'recovery.failed'
  | 'recovery.locked';

/** The service method an event came from, on the sign-in paths and for `factor.unlocked`. */
export type MfaMethod = 'verify' | 'resync' | 'useRecoveryCode' | 'unlock';

/** What the pure machine reports; the service adds `userId`, `actor` and `at`. */
export interface MfaEventDetail {
  type: MfaEventType;
  /** Which call: `signin.refused` comes from one shared guard on every sign-in path and names its caller. */
  method?: MfaMethod;
  /** Matched step minus the current step, for successful codes. */
  delta?: number;
  /**
   * Why an attempt failed or was refused: `malformed`, `mismatch`, `replayed`, `not-consecutive`
   * (failed); `locked`, `suspended`, `not-enabled` (refused before any code was looked at).
   */
  reason?: string;
  /** The failure count after a failed attempt (TOTP, or recovery codes for `recovery.*`). */
  failures?: number;
  /** When a lock ends (Unix ms). */
  lockedUntil?: number;
  /** Recovery codes left, or issued for `recovery.generated`. */
  remaining?: number;
  /** True when an enrollment replaces (or, cancelled, would have replaced) an enabled factor: a rotation. */
  rotation?: boolean;
  /** For `factor.imported`: true when it replaced an enabled factor or a pending enrollment (`replace: true`). */
  replaced?: boolean;
}

/**
 * An audit event.
 * @example
 * ```ts
 * createMfa({ store, issuer: 'Example', onEvent: (e: MfaEvent) => log.info(e) });
 * // { type: 'signin.failed', method: 'verify', userId: 'u1', at: 1700000000000, reason: 'mismatch', failures: 3 }
 * ```
 */
export interface MfaEvent extends MfaEventDetail {
  userId: string;
  /** Who did it, when the caller passed `{ actor }` (an admin id, or the user's own id). */
  actor?: string;
  /** Unix ms, from the service's `now()`. */
  at: number;
}

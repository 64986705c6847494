/**
 * Audit events of the enrollment service. They carry who, what and when; never a secret,
 * a submitted code or a recovery code. Every name is `noun.verb`: the noun is what changed or was
 * tried (`enrollment`, `factor`, `signin`, `recovery`, `tenant`), the verb what happened to it. A user's
 * event carries `userId`; a tenant's (`tenant.*`) carries `tenantId` instead: switch on `type`.
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
  | 'recovery.locked'
  | 'tenant.policy-set';

/** The event types about one user (every type but `tenant.*`): these carry `userId`. */
export type MfaUserEventType = Exclude<MfaEventType, 'tenant.policy-set'>;

/** The service method an event came from, on the sign-in paths and for `factor.unlocked`. */
export type MfaMethod = 'verify' | 'resync' | 'useRecoveryCode' | 'unlock';

/** What the pure machine reports; the service adds `userId`, `actor` and `at`. */
export interface MfaEventDetail {
  type: MfaUserEventType;
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

/** The other kind's fields, as absent: `e.reason` reads on any event without narrowing first. */
type NoneOf<K extends PropertyKey> = { [P in K]?: undefined };

/**
 * An audit event about one user.
 * @example
 * ```ts
 * createMfa({ store, issuer: 'Example', onEvent: (e: MfaEvent) => log.info(e) });
 * // { type: 'signin.failed', method: 'verify', userId: 'u1', at: 1700000000000, reason: 'mismatch', failures: 3 }
 * ```
 */
export interface MfaUserEvent extends MfaEventDetail, NoneOf<'required' | 'graceUntil'> {
  userId: string;
  /** Absent: a user's event names no tenant (which users belong to which tenant is the app's business). */
  tenantId?: undefined;
  /** Who did it, when the caller passed `{ actor }` (an admin id, or the user's own id). */
  actor?: string;
  /** Unix ms, from the service's `now()`. */
  at: number;
}

/**
 * An audit event about a tenant: `tenant.policy-set`, sent when `setTenantPolicy` wrote a change (a call
 * that changes nothing sends none). It carries the new policy and no `userId`.
 * @example
 * ```ts
 * // { type: 'tenant.policy-set', tenantId: 'acme', actor: 'admin-1', at: 1700000000000, required: true, graceUntil: 1701000000000 }
 * ```
 */
export interface MfaTenantEvent extends NoneOf<Exclude<keyof MfaEventDetail, 'type'>> {
  type: 'tenant.policy-set';
  tenantId: string;
  /** Absent: a tenant's event is about no single user. */
  userId?: undefined;
  actor?: string;
  at: number;
  required: boolean;
  graceUntil: number | null;
}

/**
 * Every event `onEvent` receives: about a user ({@link MfaUserEvent}, with `userId`) or about a tenant
 * ({@link MfaTenantEvent}, with `tenantId`). Never a secret, a code or a recovery code.
 * @example
 * ```ts
 * const onEvent = (e: MfaEvent) => (e.type === 'tenant.policy-set' ? audit.tenant(e.tenantId, e) : audit.user(e.userId, e));
 * ```
 */
export type MfaEvent = MfaUserEvent | MfaTenantEvent;

/**
 * Organisation-wide MFA, the pure part: a tenant's policy record (stored in the library's reserved id
 * namespace, `'\uFDD0tenant:' + tenantId`), its validation, and the rule that turns a user's MFA state and
 * the tenant's policy into what the sign-in needs after the password. No I/O; `tenant.ts` is the service side.
 * @module
 */
import { OtpError } from '../errors.js';
import { checkUserId } from '../user-id.js';
import type { MfaState } from './record.js';

// Literals, not expressions of RESERVED_ID_PREFIX and MAX_USER_ID_LENGTH: a bundler keeps a top-level
// `.length` read (it might have effects), which put these into the core bundle. test/tenant-policy.test.ts
// checks they agree with src/user-id.ts.
/**
 * Where tenant policies live among the store's ids: `RESERVED_ID_PREFIX + 'tenant:'`.
 * @example
 * ```ts
 * await store.get(TENANT_ID_PREFIX + 'acme'); // the stored policy of tenant 'acme', or null
 * ```
 */
export const TENANT_ID_PREFIX = '\uFDD0tenant:';
/**
 * The longest tenant id, 504: its store id (prefix + tenant id) must fit the 512 code units of a store id.
 * @example
 * ```ts
 * if (orgId.length > MAX_TENANT_ID_LENGTH) orgId = hashOf(orgId);
 * ```
 */
export const MAX_TENANT_ID_LENGTH = 504;

/**
 * A tenant's MFA policy, as `tenantPolicy` reports it.
 * @example
 * ```ts
 * const p: TenantPolicy = await mfa.tenantPolicy('acme'); // { required: true, graceUntil: 1801353600000, updatedAt, updatedBy }
 * ```
 */
export interface TenantPolicy {
  /** Every user of the tenant must have MFA. */
  required: boolean;
  /** Unix ms: until then (exclusive) a user without MFA may still sign in and is asked to enrol. Only with `required`. */
  graceUntil: number | null;
  /** When the policy was last changed (Unix ms); null for the default of a tenant never configured. */
  updatedAt: number | null;
  /** The `actor` of the last change, when one was given. */
  updatedBy: string | null;
}

/**
 * The policy of a tenant nobody configured: MFA is each user's choice.
 * @example
 * ```ts
 * (await mfa.tenantPolicy('new-org')).required === DEFAULT_TENANT_POLICY.required; // true: false
 * ```
 */
export const DEFAULT_TENANT_POLICY: Readonly<TenantPolicy> = /* @__PURE__ */ Object.freeze({
  required: false,
  graceUntil: null,
  updatedAt: null,
  updatedBy: null,
});

/**
 * What the sign-in needs after the password. Switch on `need` exhaustively: only `none` and `enroll-by`
 * let the user in on the password alone. There is no `ok` field, so `if (r.ok)` does not compile.
 * `state` is the user's MFA state (`pending` / `verified`: a pairing is in progress and can be resumed).
 * @example
 * ```ts
 * const req: SignInRequirement = await mfa.signInRequirement(user.id, user.tenantId ?? null);
 * if (req.need === 'none' || req.need === 'enroll-by') startSession(); // every other answer: no session yet
 * ```
 */
export type SignInRequirement =
  /** The user has MFA (also while locked or suspended): ask for a code or a recovery code and `verify` it. */
  | { need: 'code'; state: 'enabled' }
  /** The tenant requires MFA and there is no grace (left): no session until the user has enrolled. */
  | { need: 'enroll-now'; state: Exclude<MfaState, 'enabled'>; graceUntil: number | null }
  /** The tenant requires MFA, still in grace: let the user in and ask them to enrol before `graceUntil`. */
  | { need: 'enroll-by'; state: Exclude<MfaState, 'enabled'>; graceUntil: number }
  /** No requirement and no MFA: the password suffices. */
  | { need: 'none'; state: Exclude<MfaState, 'enabled'> };

/**
 * The sign-in rule. A user with an enabled factor always needs a code. Otherwise, under a requiring tenant
 * the user must enrol now once `now >= graceUntil` (the grace ends at `graceUntil`, as a lock ends at
 * `lockedUntil`), or must enrol by `graceUntil` before it; else nothing is needed. `policy` null: no tenant.
 * @example
 * ```ts
 * signInRequirementOf({ state: 'disabled' }, { required: true, graceUntil: 2000 }, 1000); // { need: 'enroll-by', state: 'disabled', graceUntil: 2000 }
 * signInRequirementOf({ state: 'disabled' }, { required: true, graceUntil: 2000 }, 2000); // { need: 'enroll-now', state: 'disabled', graceUntil: 2000 }
 * signInRequirementOf({ state: 'enabled' }, null, 1000);                                  // { need: 'code', state: 'enabled' }
 * ```
 */
export function signInRequirementOf(
  user: { state: MfaState },
  policy: Pick<TenantPolicy, 'required' | 'graceUntil'> | null,
  now: number,
): SignInRequirement {
  const state = user.state;
  if (state === 'enabled') return { need: 'code', state };
  if (policy === null || policy.required !== true) return { need: 'none', state };
  const graceUntil = policy.graceUntil;
  if (graceUntil !== null && now < graceUntil) return { need: 'enroll-by', state, graceUntil };
  return { need: 'enroll-now', state, graceUntil };
}

/**
 * Checks a tenant id: the rules of user ids (non-empty, well-formed UTF-16, no U+0000), at most
 * {@link MAX_TENANT_ID_LENGTH} code units. Returns the store id of its policy.
 * @throws OtpError `INVALID_OPTION` (field `tenantId`).
 * @example
 * ```ts
 * tenantKey('acme'); // '\uFDD0tenant:acme'
 * ```
 */
export function tenantKey(tenantId: unknown): string {
  let ok = typeof tenantId === 'string' && tenantId.length <= MAX_TENANT_ID_LENGTH;
  if (ok) {
    try {
      checkUserId(tenantId);
    } catch {
      ok = false;
    }
  }
  if (!ok) {
    throw new OtpError(
      'INVALID_OPTION',
      `tenantId must be a non-empty, well-formed UTF-16 string without U+0000, of at most ${MAX_TENANT_ID_LENGTH} characters`,
      { field: 'tenantId' },
    );
  }
  return TENANT_ID_PREFIX + (tenantId as string);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const own = (o: Record<string, unknown>, key: string): unknown => (Object.hasOwn(o, key) ? o[key] : undefined);
const isTime = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const bad = (field: string): never => {
  throw new OtpError('INVALID_RECORD', `stored tenant policy has an invalid ${field}`, { field });
};

/**
 * Validates a stored tenant policy (`schema: 'tenant'`, own properties only) and returns it parsed.
 * @throws OtpError `INVALID_RECORD` naming the field at fault (never its value).
 * @example
 * ```ts
 * parseTenantPolicy({ schema: 'tenant', required: true, graceUntil: 5000, updatedAt: 1000 });
 * // { required: true, graceUntil: 5000, updatedAt: 1000, updatedBy: null }
 * ```
 */
export function parseTenantPolicy(value: unknown): TenantPolicy {
  if (!isObject(value)) return bad('record');
  if (own(value, 'schema') !== 'tenant') bad('schema');
  const required = own(value, 'required');
  if (typeof required !== 'boolean') bad('required');
  const graceUntil = own(value, 'graceUntil');
  if (graceUntil !== undefined && (!isTime(graceUntil) || required !== true)) bad('graceUntil');
  const updatedAt = own(value, 'updatedAt');
  if (!isTime(updatedAt)) bad('updatedAt');
  const updatedBy = own(value, 'updatedBy');
  if (updatedBy !== undefined && typeof updatedBy !== 'string') bad('updatedBy');
  return {
    required: required as boolean,
    graceUntil: graceUntil === undefined ? null : (graceUntil as number),
    updatedAt: updatedAt as number,
    updatedBy: updatedBy === undefined ? null : (updatedBy as string),
  };
}

/**
 * The stored JSON form of a policy: absent fields are left out.
 * @example
 * ```ts
 * tenantPolicyToJson({ required: false, graceUntil: null, updatedAt: 1000, updatedBy: null });
 * // { schema: 'tenant', required: false, updatedAt: 1000 }
 * ```
 */
export function tenantPolicyToJson(p: TenantPolicy): { [key: string]: string | number | boolean } {
  const out: { [key: string]: string | number | boolean } = { schema: 'tenant', required: p.required };
  if (p.graceUntil !== null) out['graceUntil'] = p.graceUntil;
  out['updatedAt'] = p.updatedAt ?? 0;
  if (p.updatedBy !== null) out['updatedBy'] = p.updatedBy;
  return out;
}

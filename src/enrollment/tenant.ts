/**
 * Organisation-wide MFA, the service side: a tenant's policy stored through the service's own store
 * (at `'\uFDD0tenant:' + tenantId`, with compare-and-set and a `tenant.policy-set` event), the sign-in
 * requirement after the password, and a summary of a tenant's users. Which users belong to which tenant
 * stays the app's business: the summary takes the app's member list, or the whole store when there is none.
 * @module
 */
import { OtpError, assertOption } from '../errors.js';
import { snapshotOptions } from '../options.js';
import { isReservedId } from '../user-id.js';
import { MAX_GET_MANY, MAX_LIST_LIMIT, type Json, type Versioned } from '../storage/types.js';
import { BUSY, readMany, storeCall } from './cas.js';
import type { ServiceContext } from './context.js';
import type { MfaTenantEvent } from './events.js';
import type { Mfa } from './mfa.js';
import { parseRecord } from './record.js';
import { statusOf } from './status.js';
import type { TenantMember, TenantSummary } from './results.js';
import {
  DEFAULT_TENANT_POLICY,
  type TenantPolicy,
  parseTenantPolicy,
  signInRequirementOf,
  tenantKey,
  tenantPolicyToJson,
} from './tenant-policy.js';

const DEFAULT_SUMMARY_LIMIT = 50;

const policyOf = (loaded: Versioned<Json> | null): TenantPolicy =>
  loaded === null ? { ...DEFAULT_TENANT_POLICY } : parseTenantPolicy(loaded.record);

/** A summary row (and the sign-in rule's state) from a stored record at `now`, through `statusOf` like `status`. */
function memberOf(ctx: ServiceContext, userId: string, loaded: Versioned<Json> | null, now: number): TenantMember {
  const s = statusOf(loaded === null ? null : parseRecord(loaded.record), now, ctx.policy);
  return {
    userId,
    state: s.state,
    locked: s.locked,
    lockedUntil: s.lockedUntil,
    suspended: s.suspended,
    enabledAt: s.enabledAt,
    lastUsedAt: s.lastUsedAt,
  };
}


/** Keeps the `limit + 1` smallest rows after `cursor` (code-unit order), in order. */
class PageBuilder {
  readonly rows: TenantMember[] = [];
  constructor(
    private readonly cursor: string | null,
    private readonly limit: number,
  ) {}
  add(row: TenantMember): void {
    if (this.cursor !== null && !(row.userId > this.cursor)) return;
    const rows = this.rows;
    if (rows.length > this.limit && !(row.userId < rows[rows.length - 1]!.userId)) return;
    let i = rows.length;
    while (i > 0 && rows[i - 1]!.userId > row.userId) i--;
    rows.splice(i, 0, row);
    if (rows.length > this.limit + 1) rows.pop();
  }
  page(): { users: TenantMember[]; cursor: string | null } {
    const users = this.rows.slice(0, this.limit);
    return { users, cursor: this.rows.length > this.limit ? users[users.length - 1]!.userId : null };
  }
}

/**
 * Refuses a field the method does not know: ignored, a misspelt `graceUntil` would force enrollment at once and
 * a misspelt `members` would make the whole store the tenant. `value` has passed `snapshotOptions`.
 */
function onlyKnown(value: unknown, keys: readonly string[], field: string): void {
  if (value === undefined) return;
  for (const key of Object.keys(value as object)) {
    assertOption(keys.includes(key), `${field}.${key}`, `a known field (${keys.join(', ')})`);
  }
}
const POLICY_FIELDS = ['required', 'graceUntil'] as const;
const SUMMARY_OPTIONS = ['members', 'cursor', 'limit'] as const;

/** The member list of `tenantSummary`, read once: an array, an iterable or an async iterable of user ids; not a string. */
function readMembers(members: unknown): Iterable<unknown> | AsyncIterable<unknown> {
  const ok =
    typeof members === 'object' &&
    members !== null &&
    (typeof (members as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function' ||
      typeof (members as Iterable<unknown>)[Symbol.iterator] === 'function');
  assertOption(ok, 'members', 'an array or (async) iterable of user ids');
  return members as Iterable<unknown> | AsyncIterable<unknown>;
}

/**
 * The tenant methods of the service.
 * @example
 * ```ts
 * const methods = tenantMethods(ctx); // spread into createMfa's service object
 * await methods.setTenantPolicy('acme', { required: true, graceUntil: Date.parse('2027-01-31') });
 * ```
 */
export function tenantMethods(
  ctx: ServiceContext,
): Pick<Mfa, 'setTenantPolicy' | 'tenantPolicy' | 'signInRequirement' | 'tenantSummary'> {
  function emitTenant(event: MfaTenantEvent): void {
    if (!ctx.onEvent) return;
    try {
      ctx.onEvent(event);
    } catch {
      // An audit sink failing must not turn a written change into an error.
    }
  }

  return {
    async setTenantPolicy(tenantId, policy, opts) {
      const key = tenantKey(tenantId);
      const p = snapshotOptions(policy, POLICY_FIELDS, 'policy');
      assertOption(policy !== undefined, 'policy', 'an object { required, graceUntil? }');
      onlyKnown(policy, POLICY_FIELDS, 'policy');
      const required = p.required;
      const graceUntil = p.graceUntil ?? null;
      assertOption(typeof required === 'boolean', 'required', 'a boolean');
      assertOption(
        graceUntil === null || (typeof graceUntil === 'number' && Number.isSafeInteger(graceUntil) && graceUntil >= 0),
        'graceUntil',
        'Unix time in whole ms (a safe non-negative integer), or null',
      );
      assertOption(required === true || graceUntil === null, 'graceUntil', 'absent when MFA is not required (a grace only delays a requirement)');
      const actor = ctx.actorOf(opts);
      const r = await ctx.write(key, (loaded) => {
        const at = ctx.readNow();
        // No record is the default policy, in force like a stored one: `{ required: false }` writes nothing there.
        let current: TenantPolicy | null;
        try {
          current = policyOf(loaded);
        } catch {
          current = null; // a damaged policy is replaced, as `disable` resets a damaged user record
        }
        if (current !== null && current.required === required && current.graceUntil === graceUntil) {
          return { write: false, next: null, result: { policy: current, changed: false, at } };
        }
        const next: TenantPolicy = { required, graceUntil: graceUntil as number | null, updatedAt: at, updatedBy: actor ?? null };
        return { write: true, next: tenantPolicyToJson(next), result: { policy: next, changed: true, at } };
      });
      if (r === BUSY) return { ok: false, reason: 'busy' };
      if (r.changed) {
        const base = { type: 'tenant.policy-set', tenantId: tenantId as string, at: r.at, required, graceUntil: graceUntil as number | null } as const;
        emitTenant(actor === undefined ? base : { ...base, actor });
      }
      return { ok: true, policy: { ...r.policy }, changed: r.changed };
    },

    async tenantPolicy(tenantId) {
      const key = tenantKey(tenantId);
      return policyOf(await storeCall(() => ctx.store.get(key)));
    },

    async signInRequirement(userId, tenantId) {
      ctx.checkUser(userId);
      assertOption(tenantId !== undefined, 'tenantId', 'a tenant id, or null for a user in no tenant');
      const key = tenantId === null ? null : tenantKey(tenantId);
      // One getMany round-trip where the store has it, else the two gets in parallel; each answer checked.
      const [user, tenant] = await readMany(ctx.store, key === null ? [userId] : [userId, key]);
      const now = ctx.readNow();
      return signInRequirementOf(memberOf(ctx, userId, user!, now), key === null ? null : policyOf(tenant!), now);
    },

    async tenantSummary(tenantId, opts) {
      const key = tenantKey(tenantId);
      const o = snapshotOptions(opts, SUMMARY_OPTIONS);
      onlyKnown(opts, SUMMARY_OPTIONS, 'options');
      const cursor = o.cursor ?? null;
      const limit = o.limit ?? DEFAULT_SUMMARY_LIMIT;
      assertOption(cursor === null || (typeof cursor === 'string' && cursor.length > 0), 'cursor', 'a cursor a previous summary returned, or null');
      assertOption(Number.isInteger(limit) && (limit as number) >= 1 && (limit as number) <= MAX_LIST_LIMIT, 'limit', `an integer from 1 to ${MAX_LIST_LIMIT}`);
      // `members: undefined` given is not "no members": a directory lookup that failed would otherwise make
      // the whole store, every tenant's users, the tenant. Leave the field out for that.
      assertOption(!('members' in o) || o.members !== undefined, 'members', 'a list of user ids (leave it out to summarise the whole store)');
      const members = o.members === undefined ? null : readMembers(o.members);
      const { store } = ctx;
      if (members === null && typeof store.list !== 'function') {
        throw new OtpError('INVALID_OPTION', 'members must be given: this store cannot list its records', { field: 'members' });
      }
      const policy = policyOf(await storeCall(() => store.get(key)));
      const now = ctx.readNow();
      const counts = { total: 0, enabled: 0, pending: 0, disabled: 0, locked: 0, suspended: 0 };
      const page = new PageBuilder(cursor as string | null, limit as number);
      const seen = new Set<string>(); // a member named twice, or a record a Redis SCAN repeats, counts once
      const take = (row: TenantMember): void => {
        counts.total++;
        if (row.state === 'enabled') counts.enabled++;
        else if (row.state === 'disabled') counts.disabled++;
        else counts.pending++;
        if (row.locked) counts.locked++;
        if (row.suspended) counts.suspended++;
        page.add(row);
      };

      if (members === null) {
        let next: string | null = null;
        do {
          const listed = await storeCall(() => store.list!({ cursor: next, limit: MAX_LIST_LIMIT }));
          for (const item of listed.items) {
            if (isReservedId(item.userId) || seen.has(item.userId)) continue;
            seen.add(item.userId);
            take(memberOf(ctx, item.userId, item, now));
          }
          // A row the store cannot read back: read as a member is, so it fails as a damaged record does.
          for (const id of listed.unreadable ?? []) {
            if (isReservedId(id) || seen.has(id)) continue;
            seen.add(id);
            take(memberOf(ctx, id, await storeCall(() => store.get(id)), now));
          }
          next = listed.cursor;
        } while (next !== null);
      } else {
        let batch: string[] = [];
        const flush = async (): Promise<void> => {
          const loaded = await readMany(ctx.store, batch);
          for (let i = 0; i < batch.length; i++) take(memberOf(ctx, batch[i]!, loaded[i]!, now));
          batch = [];
        };
        for await (const id of members) {
          ctx.checkUser(id);
          if (seen.has(id)) continue;
          seen.add(id);
          batch.push(id);
          if (batch.length === MAX_GET_MANY) await flush();
        }
        if (batch.length > 0) await flush();
      }
      return { policy, counts, ...page.page() } satisfies TenantSummary;
    },
  };
}

/**
 * The Users tab: every user of the tenant with their MFA state, and the tenant's policy
 * ("Require MFA for all users", with a grace date) and its summary counts.
 * @module
 */
import type { Mfa } from 'totp-enroll';
import type { Directory } from '../../lib/users.js';
import type { Session } from '../sessions.js';
import { factorView } from './factor.js';
import { fail, ok, text, type Reply } from './reply.js';

const DAY_MS = 86_400_000;

/**
 * A date field (`YYYY-MM-DD`, as `<input type="date">` sends it) as the Unix ms of 00:00 UTC that day.
 * @example
 * ```ts
 * dayStart('2025-06-09'); // Date.UTC(2025, 5, 9)
 * dayStart('9 June'); // null
 * ```
 */
export function dayStart(value: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return null;
  const at = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return new Date(at).toISOString().slice(0, 10) === value ? at : null;
}

/**
 * The Users tab handlers.
 * @example
 * ```ts
 * const tenant = createTenantApi(mfa, createDirectory());
 * await tenant.listUsers(); // { status: 200, body: { users: [{ username: 'alice', mfa: { state: 'enabled', ... } }] } }
 * ```
 */
export function createTenantApi(mfa: Mfa, users: Directory, now: () => number) {
  const members = (tenantId: string) => users.list().filter((u) => u.tenantId === tenantId);

  return {
    async listUsers(): Promise<Reply> {
      const list = users.list();
      const statuses = await mfa.statusMany(list.map((u) => u.id));
      return ok({ users: list.map((u, i) => ({ ...u, mfa: factorView(statuses[i]!, false) })) });
    },

    /** The policy and the counts of the tenant's users (the directory says who they are). */
    async policy(tenantId: string): Promise<Reply> {
      const summary = await mfa.tenantSummary(tenantId, { members: members(tenantId).map((u) => u.id) });
      return ok({ tenantId, policy: summary.policy, counts: summary.counts, now: now() });
    },

    /** `required` (boolean) and `graceUntil` ('' for none, or a date: MFA is required from 00:00 UTC that day). */
    async setPolicy(tenantId: string, body: Record<string, unknown>, session: Session): Promise<Reply> {
      const required = body['required'] === true;
      const date = text(body['graceUntil']).trim();
      const graceUntil = date === '' ? null : dayStart(date);
      if (graceUntil === null && date !== '') {
        return fail(400, { target: 'graceUntil', message: 'Enter the date as year-month-day, like 2025-06-09.' });
      }
      if (required && graceUntil !== null && graceUntil > now() + 365 * DAY_MS) {
        return fail(400, { target: 'graceUntil', message: 'Choose a grace date within a year.' });
      }
      const result = await mfa.setTenantPolicy(
        tenantId,
        { required, ...(required && graceUntil !== null ? { graceUntil } : {}) },
        { actor: session.user.id },
      );
      if (!result.ok) return fail(409, { target: 'form', message: 'The server is busy. Please try again.' });
      return this.policy(tenantId);
    },
  };
}

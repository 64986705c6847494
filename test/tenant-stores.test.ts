// Issue 14 item 1 on real stores: a tenant policy is a record of the service's own store, at an id in the
// reserved namespace, so it must survive on SQLite, PostgreSQL and Redis like a user's record does, be
// written with their compare-and-set, and never share a record with a user whose id looks like it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMfa } from '../src/enrollment/service.js';
import type { MfaEvent } from '../src/enrollment/events.js';
import { describeWithServer, probePostgres, probeRedis } from './services/env.js';
import { type EngineStore, openPostgres, openRedis, openSqlite } from './storage/engines.js';
import { T0, codeAtStep, ok } from './helpers/enrollment.js';
import { timeStep } from '../src/totp.js';

const DAY = 86_400_000;

function tenantSuite(open: () => EngineStore): void {
  let engine: EngineStore;
  beforeAll(() => {
    engine = open();
  });
  afterAll(() => engine?.close());
  const service = (now: { t: number }, events: MfaEvent[] = []) =>
    createMfa({ store: engine.store, issuer: 'Acme', now: () => now.t, onEvent: (e) => events.push(e) });
  const run = Math.random().toString(36).slice(2, 8);

  it('a policy survives a new service over the store and decides the sign-in', async () => {
    const now = { t: T0 };
    const tenant = `acme-${run}`;
    ok(await service(now).setTenantPolicy(tenant, { required: true, graceUntil: T0 + DAY }, { actor: 'admin' }));
    const again = service(now);
    expect(await again.tenantPolicy(tenant)).toEqual({ required: true, graceUntil: T0 + DAY, updatedAt: T0, updatedBy: 'admin' });
    expect(await again.signInRequirement(`bob-${run}`, tenant)).toEqual({ need: 'enroll-by', state: 'disabled', graceUntil: T0 + DAY });
    now.t = T0 + DAY;
    expect((await again.signInRequirement(`bob-${run}`, tenant)).need).toBe('enroll-now');
    ok(await again.setTenantPolicy(tenant, { required: false }));
    expect(await service(now).tenantPolicy(tenant)).toMatchObject({ required: false, graceUntil: null });
  });

  it('concurrent admins: one event per written change, and the stored policy is the last event', async () => {
    const now = { t: T0 };
    const tenant = `race-${run}`;
    const events: MfaEvent[] = [];
    const mfa = service(now, events);
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => mfa.setTenantPolicy(tenant, i % 2 ? { required: true, graceUntil: i } : { required: false }, { actor: `a${i}` })),
    );
    const written = results.filter((r) => r.ok && r.changed).length;
    expect(events).toHaveLength(written);
    const last = events[events.length - 1]!;
    expect(await mfa.tenantPolicy(tenant)).toMatchObject({ required: last.required, graceUntil: last.graceUntil, updatedBy: last.actor });
  });

  it("user 'tenant:<id>' and tenant '<id>' keep their own records; a tenant id of 504 characters fits", async () => {
    const now = { t: T0 };
    const mfa = service(now);
    const tenant = `t${run}`;
    const user = `tenant:${tenant}`;
    const { secret } = ok(await mfa.beginEnrollment(user, { accountName: 'someone@example.com' }));
    const s = timeStep(now.t);
    ok(await mfa.verifyPairing(user, codeAtStep(secret, s - 1), codeAtStep(secret, s)));
    ok(await mfa.enable(user));
    ok(await mfa.setTenantPolicy(tenant, { required: true }));
    expect(await mfa.signInRequirement(user, tenant)).toEqual({ need: 'code', state: 'enabled' });
    expect(await mfa.tenantSummary(tenant, { members: [user, `other-${run}`] })).toMatchObject({
      counts: { total: 2, enabled: 1, disabled: 1 },
    });
    const long = `${run}${'x'.repeat(504 - run.length)}`;
    ok(await mfa.setTenantPolicy(long, { required: true }));
    expect((await mfa.tenantPolicy(long)).required).toBe(true);
  });
}

describe('tenant policy on SQLite', () => tenantSuite(openSqlite));
describeWithServer('tenant policy on PostgreSQL', await probePostgres(), (url) => tenantSuite(() => openPostgres(url)));
describeWithServer('tenant policy on Redis', await probeRedis(), (url) => tenantSuite(() => openRedis(url)));

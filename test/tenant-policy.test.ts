// Issue 14 item 1: organisation-wide MFA. A tenant's policy is one record in the library's reserved
// namespace of the service's store; `signInRequirement` turns it and the user's MFA into what the sign-in
// needs after the password. Required with and without grace, grace expiry on an injected clock, a user in
// no tenant, compare-and-set, ids that try to collide, bad input, no secrets.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MfaState } from '../src/enrollment/record.js';
import { MAX_TENANT_ID_LENGTH, TENANT_ID_PREFIX, signInRequirementOf } from '../src/enrollment/tenant-policy.js';
import { MAX_USER_ID_LENGTH, RESERVED_ID_PREFIX } from '../src/user-id.js';
import { memoryStore } from '../src/storage/memory.js';
import type { MfaStore } from '../src/storage/types.js';
import { codeAtStep, enroll, harness, ok, wrongCode } from './helpers/enrollment.js';

const DAY = 86_400_000;
const need = async (h: ReturnType<typeof harness>, userId: string, tenantId: string | null) =>
  (await h.mfa.signInRequirement(userId, tenantId)).need;

describe('signInRequirementOf: the pure rule', () => {
  const table: [string, MfaState, { required: boolean; graceUntil: number | null } | null, number, string][] = [
    ['no tenant, no MFA', 'disabled', null, 1000, 'none'],
    ['no tenant, MFA', 'enabled', null, 1000, 'code'],
    ['tenant not requiring, no MFA', 'disabled', { required: false, graceUntil: null }, 1000, 'none'],
    ['required without grace', 'disabled', { required: true, graceUntil: null }, 1000, 'enroll-now'],
    ['required, in grace', 'disabled', { required: true, graceUntil: 2000 }, 1999, 'enroll-by'],
    ['required, exactly at graceUntil: the grace is over', 'disabled', { required: true, graceUntil: 2000 }, 2000, 'enroll-now'],
    ['required, after grace', 'disabled', { required: true, graceUntil: 2000 }, 2001, 'enroll-now'],
    ['required, MFA enabled', 'enabled', { required: true, graceUntil: null }, 1000, 'code'],
    ['required, a pairing pending: not MFA yet', 'pending', { required: true, graceUntil: null }, 1000, 'enroll-now'],
    ['required, a pairing verified but not enabled', 'verified', { required: true, graceUntil: 5000 }, 1000, 'enroll-by'],
    ['not required, a pairing pending', 'pending', null, 1000, 'none'],
  ];
  it.each(table)('%s', (_name, state, policy, now, expected) => {
    expect(signInRequirementOf({ state }, policy, now).need).toBe(expected);
  });

  it('lets a user in on the password only when nothing is required of them', () => {
    const state = fc.constantFrom<MfaState>('disabled', 'pending', 'verified', 'enabled');
    const policy = fc.option(fc.record({ required: fc.boolean(), graceUntil: fc.option(fc.nat(), { nil: null }) }), { nil: null });
    fc.assert(
      fc.property(state, policy, fc.nat(), (s, p, now) => {
        const r = signInRequirementOf({ state: s }, p, now);
        expect(r.need === 'code').toBe(s === 'enabled');
        expect(r.need === 'none').toBe(s !== 'enabled' && p?.required !== true);
        if (r.need === 'enroll-by') expect(now < r.graceUntil).toBe(true);
        if (r.need === 'enroll-now') expect(p?.graceUntil == null || now >= p.graceUntil).toBe(true);
        expect(r.state).toBe(s);
      }),
    );
  });
});

describe('setTenantPolicy, tenantPolicy and signInRequirement', () => {
  it('a tenant never configured requires nothing', async () => {
    const h = harness();
    expect(await h.mfa.tenantPolicy('acme')).toEqual({ required: false, graceUntil: null, updatedAt: null, updatedBy: null });
    expect(await h.mfa.signInRequirement('u1', 'acme')).toEqual({ need: 'none', state: 'disabled' });
  });

  it('required without grace: a user without MFA must enrol now; one with MFA needs a code', async () => {
    const h = harness();
    await enroll(h, 'alice');
    const r = await h.mfa.setTenantPolicy('acme', { required: true }, { actor: 'admin-1' });
    expect(r).toEqual({ ok: true, changed: true, policy: { required: true, graceUntil: null, updatedAt: h.clock.now, updatedBy: 'admin-1' } });
    expect(await h.mfa.tenantPolicy('acme')).toEqual(ok(r).policy);
    expect(await h.mfa.signInRequirement('bob', 'acme')).toEqual({ need: 'enroll-now', state: 'disabled', graceUntil: null });
    expect(await h.mfa.signInRequirement('alice', 'acme')).toEqual({ need: 'code', state: 'enabled' });
  });

  it('required with grace: enroll-by until graceUntil, enroll-now from graceUntil on (injected clock)', async () => {
    const h = harness();
    const graceUntil = h.clock.now + 7 * DAY;
    ok(await h.mfa.setTenantPolicy('acme', { required: true, graceUntil }));
    expect(await h.mfa.signInRequirement('bob', 'acme')).toEqual({ need: 'enroll-by', state: 'disabled', graceUntil });
    h.clock.now = graceUntil - 1;
    expect(await need(h, 'bob', 'acme')).toBe('enroll-by');
    h.clock.now = graceUntil;
    expect(await h.mfa.signInRequirement('bob', 'acme')).toEqual({ need: 'enroll-now', state: 'disabled', graceUntil });
    h.clock.now = graceUntil + DAY;
    expect(await need(h, 'bob', 'acme')).toBe('enroll-now');
  });

  it('a user in no tenant needs a code with MFA and nothing without, whatever tenants require', async () => {
    const h = harness();
    await enroll(h, 'alice');
    ok(await h.mfa.setTenantPolicy('acme', { required: true }));
    expect(await h.mfa.signInRequirement('alice', null)).toEqual({ need: 'code', state: 'enabled' });
    expect(await h.mfa.signInRequirement('bob', null)).toEqual({ need: 'none', state: 'disabled' });
  });

  it('a user with MFA needs a code while locked or suspended (verify or a recovery code decides)', async () => {
    const h = harness();
    const secret = await enroll(h, 'alice');
    ok(await h.mfa.setTenantPolicy('acme', { required: true }));
    for (let i = 0; i < 10; i++) await h.mfa.verify('alice', wrongCode(secret, h.step()));
    expect((await h.mfa.status('alice')).lockedUntil).not.toBe(null);
    expect(await h.mfa.signInRequirement('alice', 'acme')).toEqual({ need: 'code', state: 'enabled' });
    const loaded = (await h.store.get('alice'))!;
    await h.store.put('alice', { ...(loaded.record as object), suspended: true }, loaded.version);
    expect((await h.mfa.status('alice')).suspended).toBe(true);
    expect(await h.mfa.signInRequirement('alice', 'acme')).toEqual({ need: 'code', state: 'enabled' });
    expect(await h.mfa.signInRequirement('alice', null)).toEqual({ need: 'code', state: 'enabled' });
  });

  it('a pending or verified pairing is not MFA: the user must still finish enrolling; an expired one counts as none', async () => {
    const h = harness();
    ok(await h.mfa.setTenantPolicy('acme', { required: true }));
    const { secret } = ok(await h.mfa.beginEnrollment('bob', { accountName: 'bob@example.com' }));
    expect(await h.mfa.signInRequirement('bob', 'acme')).toEqual({ need: 'enroll-now', state: 'pending', graceUntil: null });
    ok(await h.mfa.verifyPairing('bob', codeAtStep(secret, h.step() - 1), codeAtStep(secret, h.step())));
    expect(await h.mfa.signInRequirement('bob', 'acme')).toEqual({ need: 'enroll-now', state: 'verified', graceUntil: null });
    expect(await h.mfa.signInRequirement('bob', null)).toEqual({ need: 'none', state: 'verified' });
    h.advance(11 * 60_000);
    expect(await h.mfa.signInRequirement('bob', 'acme')).toEqual({ need: 'enroll-now', state: 'disabled', graceUntil: null });
  });

  it('required:false clears the grace; setting the policy in force writes nothing and sends no event', async () => {
    const h = harness();
    ok(await h.mfa.setTenantPolicy('acme', { required: true, graceUntil: h.clock.now + DAY }, { actor: 'a1' }));
    const stored = await h.store.get('\uFDD0tenant:acme');
    h.advance(1000);
    expect(await h.mfa.setTenantPolicy('acme', { required: true, graceUntil: h.clock.now - 1000 + DAY }, { actor: 'a2' })).toMatchObject({
      ok: true,
      changed: false,
      policy: { updatedBy: 'a1' },
    });
    expect((await h.store.get('\uFDD0tenant:acme'))!.version).toBe(stored!.version);
    const off = ok(await h.mfa.setTenantPolicy('acme', { required: false }, { actor: 'a2' }));
    expect(off.policy).toEqual({ required: false, graceUntil: null, updatedAt: h.clock.now, updatedBy: 'a2' });
    expect(await need(h, 'bob', 'acme')).toBe('none');
    expect(h.events).toEqual([
      { type: 'tenant.policy-set', tenantId: 'acme', actor: 'a1', at: h.clock.now - 1000, required: true, graceUntil: h.clock.now - 1000 + DAY },
      { type: 'tenant.policy-set', tenantId: 'acme', actor: 'a2', at: h.clock.now, required: false, graceUntil: null },
    ]);
  });

  it('required:false on a tenant never configured is the policy in force: nothing written, no event', async () => {
    const h = harness();
    expect(await h.mfa.setTenantPolicy('fresh', { required: false }, { actor: 'a1' })).toEqual({
      ok: true,
      changed: false,
      policy: { required: false, graceUntil: null, updatedAt: null, updatedBy: null },
    });
    expect(await h.store.get('\uFDD0tenant:fresh')).toBe(null);
    expect(h.events).toEqual([]);
    // A damaged record is still replaced, even by the default.
    await h.store.put('\uFDD0tenant:fresh', { schema: 'tenant', required: 'no', updatedAt: 1 }, null);
    expect(await h.mfa.setTenantPolicy('fresh', { required: false })).toMatchObject({ ok: true, changed: true });
    expect(await h.mfa.tenantPolicy('fresh')).toMatchObject({ required: false, graceUntil: null });
  });

  it('a policy survives a new service over the same store', async () => {
    const store = memoryStore();
    const h1 = harness({ store });
    ok(await h1.mfa.setTenantPolicy('acme', { required: true, graceUntil: h1.clock.now + DAY }));
    const h2 = harness({ store });
    expect(await h2.mfa.tenantPolicy('acme')).toMatchObject({ required: true, graceUntil: h1.clock.now + DAY });
  });
});

describe('compare-and-set', () => {
  it('concurrent setTenantPolicy calls lose no write: one event per written change, the last one is what is stored', async () => {
    const h = harness();
    const wanted = Array.from({ length: 20 }, (_, i) => (i % 3 === 0 ? { required: false } : { required: true, graceUntil: 1000 * (i % 4) }));
    const results = await Promise.all(wanted.map((p, i) => h.mfa.setTenantPolicy('acme', p, { actor: `a${i}` })));
    const written = results.filter((r) => r.ok && r.changed);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(h.events).toHaveLength(written.length);
    const last = h.events[h.events.length - 1]!;
    const stored = await h.mfa.tenantPolicy('acme');
    expect({ required: stored.required, graceUntil: stored.graceUntil, updatedBy: stored.updatedBy }).toEqual({
      required: last.required,
      graceUntil: last.graceUntil,
      updatedBy: last.actor,
    });
    // Consecutive written changes differ: a call that found its policy in force wrote nothing.
    for (let i = 1; i < h.events.length; i++) {
      const [a, b] = [h.events[i - 1]!, h.events[i]!];
      expect(a.required === b.required && a.graceUntil === b.graceUntil).toBe(false);
    }
  });

  it('decides again on the record a concurrent writer left: no event when that writer already set the same policy', async () => {
    const inner = memoryStore();
    let raced = false;
    const store: MfaStore = {
      ...inner,
      get: async (id) => {
        const got = await inner.get(id);
        if (!raced && id === '\uFDD0tenant:acme') {
          raced = true; // another admin writes between our read and our write
          await inner.put(id, { schema: 'tenant', required: true, graceUntil: 5000, updatedAt: 1, updatedBy: 'other' }, null);
        }
        return got;
      },
    };
    const h = harness({ store });
    expect(await h.mfa.setTenantPolicy('acme', { required: true, graceUntil: 5000 }, { actor: 'me' })).toEqual({
      ok: true,
      changed: false,
      policy: { required: true, graceUntil: 5000, updatedAt: 1, updatedBy: 'other' },
    });
    expect(h.events).toEqual([]);
  });

  it('answers busy and sends nothing when every write loses', async () => {
    const inner = memoryStore();
    const h = harness({ store: { ...inner, put: async () => false }, policy: { maxWriteAttempts: 3 } });
    expect(await h.mfa.setTenantPolicy('acme', { required: true })).toEqual({ ok: false, reason: 'busy' });
    expect(h.events).toEqual([]);
  });
});

describe('tenant ids and user ids never meet', () => {
  it('a user id in the reserved namespace is refused by every tenant method', async () => {
    const h = harness();
    ok(await h.mfa.setTenantPolicy('x', { required: true }));
    await expect(h.mfa.signInRequirement('\uFDD0tenant:x', null)).rejects.toMatchObject({ code: 'INVALID_OPTION', field: 'userId' });
    await expect(h.mfa.signInRequirement('\uFDD0tenant:x', 'x')).rejects.toMatchObject({ code: 'INVALID_OPTION', field: 'userId' });
    await expect(h.mfa.status('\uFDD0tenant:x')).rejects.toMatchObject({ code: 'INVALID_OPTION' });
    await expect(h.mfa.disable('\uFDD0tenant:x')).rejects.toMatchObject({ code: 'INVALID_OPTION' });
    await expect(h.mfa.tenantSummary('x', { members: ['\uFDD0tenant:x'] })).rejects.toMatchObject({ code: 'INVALID_OPTION', field: 'userId' });
    expect((await h.mfa.tenantPolicy('x')).required).toBe(true);
  });

  it("user 'tenant:acme' and tenant 'acme' are two records", async () => {
    const h = harness();
    const { secret } = ok(await h.mfa.beginEnrollment('tenant:acme', { accountName: 'acme-user@example.com' }));
    ok(await h.mfa.verifyPairing('tenant:acme', codeAtStep(secret, h.step() - 1), codeAtStep(secret, h.step())));
    ok(await h.mfa.enable('tenant:acme'));
    ok(await h.mfa.setTenantPolicy('acme', { required: true }));
    expect((await h.mfa.status('tenant:acme')).state).toBe('enabled');
    expect(await h.mfa.signInRequirement('tenant:acme', 'acme')).toEqual({ need: 'code', state: 'enabled' });
    ok(await h.mfa.disable('tenant:acme'));
    expect((await h.mfa.tenantPolicy('acme')).required).toBe(true);
    const listed = await h.store.list!();
    expect(listed.items.map((i) => i.userId)).toEqual(['\uFDD0tenant:acme']);
  });

  it('tenant ids follow the user-id rules, sized so the store id fits 512', async () => {
    expect(TENANT_ID_PREFIX).toBe(`${RESERVED_ID_PREFIX}tenant:`);
    expect(MAX_TENANT_ID_LENGTH).toBe(MAX_USER_ID_LENGTH - TENANT_ID_PREFIX.length);
    const h = harness();
    ok(await h.mfa.setTenantPolicy('t'.repeat(504), { required: true }));
    expect((await h.store.get(`\uFDD0tenant:${'t'.repeat(504)}`)) !== null).toBe(true);
    for (const bad of ['', 't'.repeat(505), 'a\uD800', '\uDC00a', 'a\u0000b', 42, null, undefined, {}]) {
      for (const call of [
        () => h.mfa.setTenantPolicy(bad as string, { required: true }),
        () => h.mfa.tenantPolicy(bad as string),
        () => h.mfa.tenantSummary(bad as string, { members: [] }),
      ]) {
        await expect(call(), String(bad)).rejects.toMatchObject({ code: 'INVALID_OPTION', field: 'tenantId' });
      }
      if (bad !== null) {
        await expect(h.mfa.signInRequirement('u1', bad as string)).rejects.toMatchObject({ code: 'INVALID_OPTION', field: 'tenantId' });
      }
    }
  });
});

describe('bad input', () => {
  const policies: [string, unknown, string][] = [
    ['no policy', undefined, 'policy'],
    ['null policy', null, 'policy'],
    ['required missing', {}, 'required'],
    ['required not a boolean', { required: 'yes' }, 'required'],
    ['graceUntil a fraction', { required: true, graceUntil: 1.5 }, 'graceUntil'],
    ['graceUntil negative', { required: true, graceUntil: -1 }, 'graceUntil'],
    ['graceUntil NaN', { required: true, graceUntil: Number.NaN }, 'graceUntil'],
    ['graceUntil unsafe', { required: true, graceUntil: 2 ** 53 }, 'graceUntil'],
    ['graceUntil a date string', { required: true, graceUntil: '2027-01-31' }, 'graceUntil'],
    ['graceUntil a Date', { required: true, graceUntil: new Date(0) }, 'graceUntil'],
    ['a grace without a requirement', { required: false, graceUntil: 1000 }, 'graceUntil'],
    // A typo must not silently drop the grace: { required: true } alone forces enrollment at once.
    ['a misspelt graceUntil', { required: true, graceUtil: Date.UTC(2031, 0, 1) }, 'policy.graceUtil'],
    ['an unknown field', { required: true, graceUntil: 1000, notify: true }, 'policy.notify'],
  ];
  it.each(policies)('setTenantPolicy refuses %s with INVALID_OPTION and writes nothing', async (_name, policy, field) => {
    const h = harness();
    await expect(h.mfa.setTenantPolicy('acme', policy as { required: boolean })).rejects.toMatchObject({ code: 'INVALID_OPTION', field });
    expect(await h.store.get('\uFDD0tenant:acme')).toBe(null);
    expect(h.events).toEqual([]);
  });

  it('refuses a bad actor, and a tenantId left undefined at sign-in (null means no tenant)', async () => {
    const h = harness();
    await expect(h.mfa.setTenantPolicy('acme', { required: true }, { actor: 7 } as never)).rejects.toMatchObject({ code: 'INVALID_OPTION', field: 'actor' });
    await expect(h.mfa.signInRequirement('u1', undefined as never)).rejects.toMatchObject({ code: 'INVALID_OPTION', field: 'tenantId' });
    await expect(h.mfa.signInRequirement('u1', '')).rejects.toMatchObject({ code: 'INVALID_OPTION', field: 'tenantId' });
  });

  it('reads only own properties: a polluted Object.prototype neither sets nor stores a requirement', async () => {
    const h = harness();
    const proto = Object.prototype as Record<string, unknown>;
    proto['required'] = true;
    proto['graceUntil'] = 10;
    try {
      await expect(h.mfa.setTenantPolicy('acme', {} as { required: boolean })).rejects.toMatchObject({ field: 'required' });
      await h.store.put('\uFDD0tenant:acme', { schema: 'tenant', required: false, updatedAt: 1 }, null);
      expect(await h.mfa.tenantPolicy('acme')).toEqual({ required: false, graceUntil: null, updatedAt: 1, updatedBy: null });
      expect(await need(h, 'bob', 'acme')).toBe('none');
    } finally {
      delete proto['required'];
      delete proto['graceUntil'];
    }
  });

  it('a damaged policy record fails sign-in closed (INVALID_RECORD) and setTenantPolicy replaces it', async () => {
    const h = harness();
    for (const record of [
      { schema: 'tenant', required: 'true', updatedAt: 1 },
      { schema: 'tenant', required: false, graceUntil: 5, updatedAt: 1 },
      { schema: 'tenant', required: true, graceUntil: 1.5, updatedAt: 1 },
      { schema: 1, required: true, updatedAt: 1 },
      { schema: 'tenant', required: true },
      { schema: 'tenant', required: true, updatedAt: 1, updatedBy: 3 },
      'tenant',
    ]) {
      const cur = await h.store.get('\uFDD0tenant:acme');
      if (cur) await h.store.delete('\uFDD0tenant:acme', cur.version);
      await h.store.put('\uFDD0tenant:acme', record, null);
      await expect(h.mfa.signInRequirement('bob', 'acme'), JSON.stringify(record)).rejects.toMatchObject({ code: 'INVALID_RECORD' });
      await expect(h.mfa.tenantPolicy('acme')).rejects.toMatchObject({ code: 'INVALID_RECORD' });
    }
    expect(await h.mfa.setTenantPolicy('acme', { required: true })).toMatchObject({ ok: true, changed: true });
    expect(await need(h, 'bob', 'acme')).toBe('enroll-now');
  });
});

describe('no secrets', () => {
  it('tenant events, policies and requirements carry no secret, code or recovery code', async () => {
    const h = harness();
    const secret = await enroll(h, 'alice');
    const { codes } = ok(await h.mfa.generateRecoveryCodes('alice'));
    ok(await h.mfa.setTenantPolicy('acme', { required: true, graceUntil: h.clock.now + DAY }, { actor: 'admin' }));
    const seen = JSON.stringify([
      h.events.filter((e) => e.type === 'tenant.policy-set'),
      await h.mfa.tenantPolicy('acme'),
      await h.mfa.signInRequirement('alice', 'acme'),
      await h.mfa.tenantSummary('acme', { members: ['alice', 'bob'] }),
    ]);
    for (const s of [secret, codeAtStep(secret, h.step()), ...codes]) expect(seen).not.toContain(s);
    expect(seen).not.toMatch(/[0-9a-f]{64}/);
  });
});

// Issue 14 item 1: the tenant summary counts a tenant's users by MFA state and returns a page of them.
// Membership is the app's: `members` (an array or async iterable), or the whole store for single-tenant
// apps (walked with `list`, skipping the library's own records).
import { describe, expect, it } from 'vitest';
import { OtpError } from '../src/errors.js';
import { memoryStore } from '../src/storage/memory.js';
import type { MfaStore } from '../src/storage/types.js';
import { codeAtStep, enroll, harness, ok, wrongCode } from './helpers/enrollment.js';

/** enabled: a, b (b locked), c (suspended); pending: p; verified: v; disabled: everyone else. */
async function population() {
  const h = harness();
  await enroll(h, 'a');
  const bSecret = await enroll(h, 'b');
  await enroll(h, 'c');
  const loaded = (await h.store.get('c'))!;
  await h.store.put('c', { ...(loaded.record as object), suspended: true }, loaded.version);
  ok(await h.mfa.beginEnrollment('p', { accountName: 'p@example.com' }));
  const { secret } = ok(await h.mfa.beginEnrollment('v', { accountName: 'v@example.com' }));
  ok(await h.mfa.verifyPairing('v', codeAtStep(secret, h.step() - 1), codeAtStep(secret, h.step())));
  for (let i = 0; i < 10; i++) await h.mfa.verify('b', wrongCode(bSecret, h.step()));
  ok(await h.mfa.setTenantPolicy('acme', { required: true, graceUntil: h.clock.now + 1000 }));
  return h;
}

describe('tenantSummary', () => {
  it('counts every member by state and lists them with their states', async () => {
    const h = await population();
    const s = await h.mfa.tenantSummary('acme', { members: ['a', 'b', 'c', 'p', 'v', 'nobody'] });
    expect(s.policy).toMatchObject({ required: true, graceUntil: h.clock.now + 1000 });
    expect(s.counts).toEqual({ total: 6, enabled: 3, pending: 2, disabled: 1, locked: 1, suspended: 1 });
    expect(s.cursor).toBe(null);
    const lockedUntil = (await h.mfa.status('b')).lockedUntil;
    // Every row agrees with what status() says of the same user (one status computation).
    for (const u of s.users) {
      const st = await h.mfa.status(u.userId);
      expect(u).toEqual({ userId: u.userId, state: st.state, locked: st.locked, lockedUntil: st.lockedUntil, suspended: st.suspended, enabledAt: st.enabledAt, lastUsedAt: st.lastUsedAt });
    }
    expect(s.users).toEqual([
      { userId: 'a', state: 'enabled', locked: false, lockedUntil: null, suspended: false, enabledAt: expect.any(Number), lastUsedAt: null },
      { userId: 'b', state: 'enabled', locked: true, lockedUntil, suspended: false, enabledAt: expect.any(Number), lastUsedAt: null },
      { userId: 'c', state: 'enabled', locked: false, lockedUntil: null, suspended: true, enabledAt: expect.any(Number), lastUsedAt: null },
      { userId: 'nobody', state: 'disabled', locked: false, lockedUntil: null, suspended: false, enabledAt: null, lastUsedAt: null },
      { userId: 'p', state: 'pending', locked: false, lockedUntil: null, suspended: false, enabledAt: null, lastUsedAt: null },
      { userId: 'v', state: 'verified', locked: false, lockedUntil: null, suspended: false, enabledAt: null, lastUsedAt: null },
    ]);
  });

  it('without members the whole store is the tenant, and the tenant policy record is not a user', async () => {
    const h = await population();
    ok(await h.mfa.setTenantPolicy('other', { required: true })); // a second policy record among the listed ones
    const s = await h.mfa.tenantSummary('acme');
    expect(s.counts).toEqual({ total: 5, enabled: 3, pending: 2, disabled: 0, locked: 1, suspended: 1 });
    expect(s.users.map((u) => u.userId)).toEqual(['a', 'b', 'c', 'p', 'v']);
  });

  it('pages in user-id order with the same counts on every page, from an array or an async iterable', async () => {
    const h = await population();
    const ids = ['v', 'p', 'c', 'b', 'a', 'x1', 'x2'];
    async function* gen() {
      for (const id of ids) yield id;
    }
    for (const members of [() => ids, () => gen()]) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page = await h.mfa.tenantSummary('acme', { members: members(), cursor, limit: 3 });
        expect(page.counts.total).toBe(7);
        expect(page.users.length).toBeLessThanOrEqual(3);
        seen.push(...page.users.map((u) => u.userId));
        cursor = page.cursor;
      } while (cursor !== null);
      expect(seen).toEqual([...ids].sort());
    }
    const first = await h.mfa.tenantSummary('acme', { members: ids, limit: 7 });
    expect(first.cursor).toBe(null);
  });

  it('a member named twice counts once; the default page is 50', async () => {
    const h = harness();
    const members = Array.from({ length: 120 }, (_, i) => `u${String(i).padStart(3, '0')}`);
    const s = await h.mfa.tenantSummary('acme', { members: [...members, ...members] });
    expect(s.counts).toEqual({ total: 120, enabled: 0, pending: 0, disabled: 120, locked: 0, suspended: 0 });
    expect(s.users).toHaveLength(50);
    expect(s.cursor).toBe('u049');
    expect((await h.mfa.tenantSummary('acme', { members, cursor: s.cursor })).users[0]!.userId).toBe('u050');
  });

  it('reads members in batches with getMany when the store has it, and with get otherwise', async () => {
    const inner = memoryStore();
    const calls = { getMany: 0, get: 0 };
    const members = Array.from({ length: 2500 }, (_, i) => `m${i}`);
    const counting: MfaStore = {
      ...inner,
      get: (id) => (calls.get++, inner.get(id)),
      getMany: (ids) => (calls.getMany++, inner.getMany!(ids)),
    };
    const h = harness({ store: counting });
    await h.mfa.tenantSummary('acme', { members });
    expect(calls).toEqual({ getMany: 3, get: 1 }); // 1000 + 1000 + 500, and the policy
    const { getMany: _drop, list: _list, ...plain } = inner;
    const h2 = harness({ store: plain as MfaStore });
    expect((await h2.mfa.tenantSummary('acme', { members })).counts.total).toBe(2500);
    await expect(h2.mfa.tenantSummary('acme')).rejects.toMatchObject({ code: 'INVALID_OPTION', field: 'members' });
  });

  it('counts a user a listing repeats (Redis SCAN) once', async () => {
    const inner = memoryStore();
    const h0 = harness({ store: inner });
    await enroll(h0, 'a');
    await enroll(h0, 'b');
    const repeating: MfaStore = {
      ...inner,
      list: async (o) => {
        const page = await inner.list!(o);
        return { items: [...page.items, ...page.items], cursor: page.cursor };
      },
    };
    const s = await harness({ store: repeating }).mfa.tenantSummary('t');
    expect(s.counts.total).toBe(2);
    expect(s.users.map((u) => u.userId)).toEqual(['a', 'b']);
  });

  it("a row the listing names unreadable fails the summary as a damaged record does; once repaired it counts", async () => {
    const inner = memoryStore();
    const h0 = harness({ store: inner });
    await enroll(h0, 'a');
    await enroll(h0, 'b');
    const hide = new Set(['b']); // listed as a store lists a row it cannot read back
    const damaged: MfaStore = {
      ...inner,
      get: async (id) => {
        if (hide.has(id)) throw new OtpError('INVALID_RECORD', 'stored record is not valid JSON');
        return inner.get(id);
      },
      list: async (o) => {
        const page = await inner.list!(o);
        const items = page.items.filter((i) => !hide.has(i.userId));
        return { items, unreadable: page.items.filter((i) => hide.has(i.userId)).map((i) => i.userId), cursor: page.cursor };
      },
    };
    const h = harness({ store: damaged });
    await expect(h.mfa.tenantSummary('t')).rejects.toMatchObject({ code: 'INVALID_RECORD' });
    hide.clear(); // repaired between the listing and the read: read as any member
    const listed = damaged.list!;
    damaged.list = async (o) => ({ ...(await listed(o)), items: [], unreadable: ['a', 'b'] });
    expect((await h.mfa.tenantSummary('t')).users.map((u) => u.userId)).toEqual(['a', 'b']);
  });

  it('refuses bad options with INVALID_OPTION', async () => {
    const h = harness();
    for (const [opts, field] of [
      [{ limit: 0 }, 'limit'],
      [{ limit: 1001 }, 'limit'],
      [{ limit: 2.5 }, 'limit'],
      [{ cursor: '' }, 'cursor'],
      [{ cursor: 5 }, 'cursor'],
      [{ members: 'alice' }, 'members'],
      [{ members: 42 }, 'members'],
      [{ members: [42] }, 'userId'],
      [{ members: ['ok', 'u\uD800'] }, 'userId'],
      [null, 'options'],
      // A misspelt `members` would silently make the whole store (every tenant's users) the tenant.
      [{ member: ['a'] }, 'options.member'],
      [{ users: ['a'], limit: 5 }, 'options.users'],
      // Nor may a lookup that answered undefined: leaving `members` out is the only way to mean the whole store.
      [{ members: undefined }, 'members'],
      [{ members: null }, 'members'],
    ] as const) {
      await expect(h.mfa.tenantSummary('acme', opts as never), JSON.stringify(opts)).rejects.toMatchObject({ code: 'INVALID_OPTION', field });
    }
  });
});

// mfa.statusMany: a page of statuses for the Users tab in one store round-trip (issue 13 item 4).
import { describe, expect, it, vi } from 'vitest';
import { memoryStore } from '../src/storage/memory.js';
import type { MfaStore } from '../src/storage/types.js';
import { OtpError } from '../src/errors.js';
import { enroll, harness, ok } from './helpers/enrollment.js';

describe('statusMany', () => {
  it('answers in the order asked, unknown users disabled, equal to status one by one', async () => {
    const h = harness();
    await enroll(h, 'alice');
    ok(await h.mfa.beginEnrollment('bob', { accountName: 'bob@example.com' }));
    const ids = ['bob', 'nobody', 'alice', 'bob'];
    const many = await h.mfa.statusMany(ids);
    expect(many.map((s) => s.state)).toEqual(['pending', 'disabled', 'enabled', 'pending']);
    expect(many).toEqual(await Promise.all(ids.map((id) => h.mfa.status(id))));
    expect(await h.mfa.statusMany([])).toEqual([]);
  });

  it('uses one getMany call when the store has it, and get per user when it does not', async () => {
    const base = memoryStore();
    const getMany = vi.spyOn(base, 'getMany' as never);
    const get = vi.spyOn(base, 'get');
    const h = harness({ store: base });
    await enroll(h, 'a');
    get.mockClear();
    await h.mfa.statusMany(['a', 'b', 'c']);
    expect(getMany).toHaveBeenCalledTimes(1);
    expect(get).not.toHaveBeenCalled();

    const plain: MfaStore = { get: base.get, put: base.put, delete: base.delete };
    const h2 = harness({ store: plain });
    expect((await h2.mfa.statusMany(['a', 'b'])).map((s) => s.state)).toEqual(['enabled', 'disabled']);
  });

  it('refuses more than 1000 ids, a bad id, a reserved id and a non-array, before reading', async () => {
    const h = harness();
    const ids = Array.from({ length: 1001 }, (_, i) => `u${i}`);
    await expect(h.mfa.statusMany(ids)).rejects.toThrow(OtpError);
    await expect(h.mfa.statusMany(['ok', ''])).rejects.toMatchObject({ code: 'INVALID_OPTION' });
    await expect(h.mfa.statusMany(['\uFDD0tenant:acme'])).rejects.toMatchObject({ code: 'INVALID_OPTION' });
    await expect(h.mfa.statusMany('alice' as never)).rejects.toMatchObject({ code: 'INVALID_OPTION' });
  });

  it('a store whose getMany answers the wrong count is an outage, not a wrong status', async () => {
    const base = memoryStore();
    const liar: MfaStore = { get: base.get, put: base.put, delete: base.delete, getMany: async () => [] };
    const h = harness({ store: liar });
    await expect(h.mfa.statusMany(['a'])).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
  });

  it('a store answering undefined (or any non-record) for a record is an outage everywhere it is read, never a TypeError', async () => {
    const base = memoryStore();
    const h0 = harness({ store: base });
    await enroll(h0, 'a');
    ok(await h0.mfa.setTenantPolicy('t', { required: true }));
    // A common slip in a hand-written adapter: `ids.map((id) => rows.find(...))` answers undefined for a missing row.
    for (const stray of [undefined, 0, 'row']) {
      const plain: MfaStore = { get: async (id) => (await base.get(id)) ?? (stray as never), put: base.put, delete: base.delete };
      const sloppy: MfaStore = { ...plain, getMany: async (ids) => (await base.getMany!(ids)).map((r) => r ?? (stray as never)) };
      for (const store of [sloppy, plain]) {
        const h = harness({ store });
        for (const call of [
          () => h.mfa.statusMany(['a', 'nobody']),
          () => h.mfa.signInRequirement('nobody', 't'),
          () => h.mfa.signInRequirement('a', 'unconfigured'),
          () => h.mfa.signInRequirement('nobody', null),
          () => h.mfa.status('nobody'),
          () => h.mfa.tenantSummary('t', { members: ['a', 'nobody'] }),
        ]) {
          await expect(call(), String(stray)).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
        }
      }
    }
  });

  it('refuses an array claiming millions of ids without copying it first', async () => {
    const h = harness();
    // An array whose length is 2^32 - 1: copying it before the length check takes minutes and gigabytes
    // (`new Array(2 ** 32 - 1)` does). This one throws once more than 1001 elements are read.
    let reads = 0;
    const huge = new Proxy([] as string[], {
      get: (t, k) => {
        if (k === 'length') return 2 ** 32 - 1;
        if (typeof k === 'string' && /^[0-9]+$/.test(k) && ++reads > 1001) throw new Error('copied the whole array');
        return Reflect.get(t, k);
      },
    });
    await expect(h.mfa.statusMany(huge)).rejects.toMatchObject({ code: 'INVALID_OPTION', field: 'userIds' });
    reads = 0;
    await expect(memoryStore().getMany!(huge)).rejects.toMatchObject({ code: 'INVALID_OPTION', field: 'userIds' });
  });
});

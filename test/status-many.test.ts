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
});

// Issue 11 item 7 (service side): one rule for user ids, `checkUserId` from src/user-id.ts, on every
// method. Ids that differ only in an unpaired surrogate shared one record on PostgreSQL and Redis, so an
// ill-formed id is refused with INVALID_OPTION before any store call.
import { describe, expect, it } from 'vitest';
import type { Mfa } from '../src/enrollment/mfa.js';
import type { MfaStore } from '../src/storage/types.js';
import { harness } from './helpers/enrollment.js';

const calls: Record<string, (mfa: Mfa, id: string) => Promise<unknown>> = {
  beginEnrollment: (m, id) => m.beginEnrollment(id, { accountName: 'a@example.com' }),
  verifyPairing: (m, id) => m.verifyPairing(id, '123456', '234567'),
  enable: (m, id) => m.enable(id),
  disable: (m, id) => m.disable(id),
  verify: (m, id) => m.verify(id, '123456'),
  resync: (m, id) => m.resync(id, '123456', '234567'),
  generateRecoveryCodes: (m, id) => m.generateRecoveryCodes(id),
  useRecoveryCode: (m, id) => m.useRecoveryCode(id, '0000-0000-0000-0000'),
  unlock: (m, id) => m.unlock(id),
  status: (m, id) => m.status(id),
};

const untouchable: MfaStore = {
  get: async () => {
    throw new Error('the store was called');
  },
  put: async () => {
    throw new Error('the store was called');
  },
  delete: async () => {
    throw new Error('the store was called');
  },
};

const bad: [string, unknown][] = [
  ['a lone high surrogate', 'user-\uD800'],
  ['a lone low surrogate', '\uDC00user'],
  ['reversed surrogates', 'u\uDC00\uD800'],
  ['empty', ''],
  ['513 characters', 'x'.repeat(513)],
  ['not a string', 42],
];

describe('user ids: one rule on every method (issue 11 item 7)', () => {
  const rows = Object.keys(calls).flatMap((method) => bad.map(([what, id]) => ({ method, what, id })));
  it.each(rows)('$method refuses $what with INVALID_OPTION before touching the store', async ({ method, id }) => {
    const h = harness({ store: untouchable });
    await expect(calls[method]!(h.mfa, id as string)).rejects.toMatchObject({ code: 'INVALID_OPTION', field: 'userId' });
  });

  it.each(Object.keys(calls))('%s accepts a well-formed id of 512 characters with an astral character', async (method) => {
    const h = harness();
    const id = `\u{1F600}${'x'.repeat(510)}`;
    expect(id.length).toBe(512);
    await expect(calls[method]!(h.mfa, id)).resolves.toBeDefined();
  });
});

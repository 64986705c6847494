import { describe, expect, it } from 'vitest';
import { memoryStore } from '../src/storage/memory.js';
import type { Json, MfaStore } from '../src/storage/types.js';
import { runStoreConformance } from '../src/testing/index.js';
import { checkUserId } from '../src/user-id.js';

runStoreConformance({ describe, it, expect }, () => memoryStore(), { listing: 'ordered' });

describe('memoryStore specifics', () => {
  it('refuses a record that JSON cannot represent', async () => {
    const store = memoryStore<unknown>();
    await expect(store.put('u', undefined, null)).rejects.toMatchObject({ code: 'INVALID_RECORD' });
    expect(await store.get('u')).toBe(null);
  });

  it('accepts an async factory and runs cleanup after every case', async () => {
    const closed: unknown[] = [];
    const registered: Array<() => Promise<void>> = [];
    runStoreConformance(
      { describe: (_n, body) => body(), it: (_n, body) => registered.push(body), expect },
      async () => memoryStore(),
      { cleanup: (s) => closed.push(s), concurrency: 5 },
    );
    for (const body of registered) await body();
    expect(registered.length).toBeGreaterThan(10);
    expect(closed.length).toBe(registered.length);
  });
});

/** Runs the whole suite against a store and returns the names of the cases that failed. */
async function failingCases(makeStore: () => MfaStore, purge?: (store: MfaStore, userId: string) => unknown): Promise<string[]> {
  const cases: Array<[string, () => Promise<void>]> = [];
  runStoreConformance({ describe: (_n, body) => body(), it: (n, body) => cases.push([n, body]), expect }, makeStore, {
    concurrency: 10,
    ...(purge ? { purge } : {}),
  });
  const failed: string[] = [];
  for (const [name, body] of cases) await body().catch(() => failed.push(name));
  return failed;
}

/** A store with one deliberate defect (and the user-id rule, so only the defect is measured). */
function flawed(flaw: 'no-cas' | 'shared-references' | 'racy' | 'reused-versions'): MfaStore {
  const slots = new Map<string, { record: Json; version: number }>();
  let counter = 0;
  const tick = () => new Promise((r) => setTimeout(r, 0));
  const copy = (r: Json): Json => (flaw === 'shared-references' ? r : structuredClone(r));
  const nextVersion = (u: string) => (flaw === 'reused-versions' ? (slots.get(u)?.version ?? 0) + 1 : ++counter);
  return {
    async get(u) {
      checkUserId(u);
      const s = slots.get(u);
      return s ? { record: copy(s.record), version: s.version } : null;
    },
    async put(u, record, expected) {
      checkUserId(u);
      const s = slots.get(u);
      const matches = expected === null ? s === undefined : s?.version === expected;
      if (flaw === 'racy') await tick(); // the check and the write are no longer atomic
      if (!matches && flaw !== 'no-cas') return false;
      slots.set(u, { record: copy(record), version: nextVersion(u) });
      return true;
    },
    async delete(u, expected) {
      checkUserId(u);
      if (slots.get(u)?.version !== expected && flaw !== 'no-cas') return false;
      slots.delete(u);
      return true;
    },
  };
}

/**
 * The 0.1.0 SQL adapters' scheme: a counter in the row (1, 2, 3 ...) and a tombstone row kept by a
 * delete, which housekeeping (`purge`) removes; user ids only checked for being non-empty.
 */
function tombstoneCounter(): MfaStore & { purge: (store: MfaStore, userId: string) => void } {
  const rows = new Map<string, { record: string | null; version: number }>();
  return {
    async get(u) {
      const row = rows.get(u);
      return row?.record ? { record: JSON.parse(row.record) as Json, version: row.version } : null;
    },
    async put(u, record, expected) {
      const row = rows.get(u);
      const ok = expected === null ? !row?.record : row?.record != null && row.version === expected;
      if (ok) rows.set(u, { record: JSON.stringify(record), version: (row?.version ?? 0) + 1 });
      return ok;
    },
    async delete(u, expected) {
      const row = rows.get(u);
      if (!row?.record || row.version !== expected) return false;
      rows.set(u, { record: null, version: row.version + 1 });
      return true;
    },
    purge: (_store, u) => {
      if (rows.get(u)?.record === null) rows.delete(u);
    },
  };
}

describe('the conformance suite holds adapters to versions that never repeat and to the user-id rule', () => {
  const stalled = 'a write stalled across a delete, housekeeping removing what the delete left and a re-creation never lands on the new record';
  it('1. a delayed write brings a removed factor back: 0.1.0-style counters with tombstones fail once housekeeping runs', async () => {
    const store = tombstoneCounter();
    const failed = await failingCases(() => store, store.purge);
    expect(failed).toContain(stalled);
    expect(failed).toContain('fresh records do not all start at one version (versions do not restart with the row)');
  });

  it('7. two user ids, one record: a store that accepts ill-formed ids fails the user-id cases', async () => {
    const failed = await failingCases(() => tombstoneCounter());
    expect(failed).toContain('ill-formed, empty, over-long and non-string user ids are refused by get, put and delete');
    expect(failed).toContain('two ids that differ only in an unpaired surrogate never share a record');
  });

  it('the memory store passes the version cases with housekeeping that removes nothing', async () => {
    expect(await failingCases(() => memoryStore(), () => {})).toEqual([]);
  });
});

describe('the conformance suite catches broken stores', () => {
  it.each(['no-cas', 'shared-references', 'racy', 'reused-versions'] as const)('%s fails some cases', async (flaw) => {
    const failed = await failingCases(() => flawed(flaw));
    expect(failed.length).toBeGreaterThan(0);
    if (flaw === 'racy') expect(failed.some((n) => n.includes('concurrent'))).toBe(true);
    if (flaw === 'shared-references') expect(failed.some((n) => n.includes('deep copy'))).toBe(true);
    if (flaw === 'reused-versions') expect(failed.some((n) => n.includes('never reused'))).toBe(true);
    expect(failed.filter((n) => n.includes(' ids '))).toEqual([]);
  });

  it('a sound store passes every case', async () => {
    expect(await failingCases(() => memoryStore())).toEqual([]);
  });
});

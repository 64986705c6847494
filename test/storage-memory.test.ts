import { describe, expect, it } from 'vitest';
import { memoryStore } from '../src/storage/memory.js';
import type { Json, MfaStore } from '../src/storage/types.js';
import { runStoreConformance } from '../src/testing/index.js';

runStoreConformance({ describe, it, expect }, () => memoryStore());

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
async function failingCases(makeStore: () => MfaStore): Promise<string[]> {
  const cases: Array<[string, () => Promise<void>]> = [];
  runStoreConformance({ describe: (_n, body) => body(), it: (n, body) => cases.push([n, body]), expect }, makeStore, {
    concurrency: 10,
  });
  const failed: string[] = [];
  for (const [name, body] of cases) await body().catch(() => failed.push(name));
  return failed;
}

/** A store with one deliberate defect. */
function flawed(flaw: 'no-cas' | 'shared-references' | 'racy' | 'reused-versions'): MfaStore {
  const slots = new Map<string, { record: Json; version: number }>();
  let counter = 0;
  const tick = () => new Promise((r) => setTimeout(r, 0));
  const copy = (r: Json): Json => (flaw === 'shared-references' ? r : structuredClone(r));
  const nextVersion = (u: string) => (flaw === 'reused-versions' ? (slots.get(u)?.version ?? 0) + 1 : ++counter);
  return {
    async get(u) {
      const s = slots.get(u);
      return s ? { record: copy(s.record), version: s.version } : null;
    },
    async put(u, record, expected) {
      const s = slots.get(u);
      const matches = expected === null ? s === undefined : s?.version === expected;
      if (flaw === 'racy') await tick(); // the check and the write are no longer atomic
      if (!matches && flaw !== 'no-cas') return false;
      slots.set(u, { record: copy(record), version: nextVersion(u) });
      return true;
    },
    async delete(u, expected) {
      if (slots.get(u)?.version !== expected && flaw !== 'no-cas') return false;
      slots.delete(u);
      return true;
    },
  };
}

describe('the conformance suite catches broken stores', () => {
  it.each(['no-cas', 'shared-references', 'racy', 'reused-versions'] as const)('%s fails some cases', async (flaw) => {
    const failed = await failingCases(() => flawed(flaw));
    expect(failed.length).toBeGreaterThan(0);
    if (flaw === 'racy') expect(failed.some((n) => n.includes('concurrent'))).toBe(true);
    if (flaw === 'shared-references') expect(failed.some((n) => n.includes('deep copy'))).toBe(true);
  });

  it('a sound store passes every case', async () => {
    expect(await failingCases(() => memoryStore())).toEqual([]);
  });
});

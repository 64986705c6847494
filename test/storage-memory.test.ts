import { describe, expect, it } from 'vitest';
import { memoryStore } from '../src/storage/memory.js';
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

/**
 * The conformance suite split by capability: each group runs on its own, `runStoreConformance` runs
 * them all, and each group catches the store bug it is named after (run here on broken stores through
 * a collecting test API, so a group that could not fail would show).
 */
import { describe, expect, it } from 'vitest';
import { memoryStore } from '../src/index.js';
import {
  type CaseGroup,
  type ConformanceApi,
  compareAndSetCases,
  conflictCases,
  conformanceGroups,
  listingCases,
  raceCases,
  recoveryCodeCases,
  runStoreConformance,
  signInCases,
  userIdCases,
  valueCases,
  versionCases,
} from '../src/testing/index.js';
import type { MfaStore } from '../src/storage/types.js';

/** Runs a group with a collecting API; returns the names of the cases that failed. */
async function failures(group: CaseGroup, makeStore: () => MfaStore): Promise<string[]> {
  const cases: [string, () => Promise<void>][] = [];
  const api: ConformanceApi = {
    describe: (_name, body) => body(),
    it: (name, body) => void cases.push([name, body]),
    expect: (actual) => ({
      toBe: (expected) => {
        if (!Object.is(actual, expected)) throw new Error('toBe');
      },
      toEqual: (expected) => expect(actual).toEqual(expected),
    }),
  };
  group(api, makeStore, { concurrency: 10 });
  const failed: string[] = [];
  for (const [name, body] of cases) await body().catch(() => failed.push(name));
  return failed;
}

/** A store that ignores the expected version: every write lands, the last writer wins. */
function lastWriterWins(): MfaStore {
  const rows = new Map<string, { json: string; version: number }>();
  let next = 1;
  return {
    get: async (id) => {
      const row = rows.get(id);
      return row ? { record: JSON.parse(row.json), version: row.version } : null;
    },
    put: async (id, record) => {
      rows.set(id, { json: JSON.stringify(record), version: next++ });
      return true;
    },
    delete: async (id) => rows.delete(id),
  };
}

/** A store whose versions restart at 1 with every row: a stale writer hits a re-created record. */
function countingVersions(): MfaStore {
  const rows = new Map<string, { json: string; version: number }>();
  return {
    get: async (id) => {
      const row = rows.get(id);
      return row ? { record: JSON.parse(row.json), version: row.version } : null;
    },
    put: async (id, record, expected) => {
      const row = rows.get(id);
      if (expected === null ? row !== undefined : row?.version !== expected) return false;
      rows.set(id, { json: JSON.stringify(record), version: (row?.version ?? 0) + 1 });
      return true;
    },
    delete: async (id, expected) => rows.get(id)?.version === expected && rows.delete(id),
  };
}

describe('conformance groups', () => {
  it('runStoreConformance registers every group, and each group is exported on its own', () => {
    expect(conformanceGroups).toEqual([
      compareAndSetCases, valueCases, raceCases, versionCases, userIdCases, signInCases, recoveryCodeCases, conflictCases, listingCases,
    ]);
    let registered = 0;
    runStoreConformance({ describe: (_n, body) => body(), it: () => void registered++, expect: () => ({ toBe: () => 0, toEqual: () => 0 }) }, memoryStore);
    let separately = 0;
    for (const group of conformanceGroups) group({ describe: (_n, body) => body(), it: () => void separately++, expect: () => ({ toBe: () => 0, toEqual: () => 0 }) }, memoryStore);
    expect(registered).toBe(separately);
    expect(registered > 25).toBe(true);
  });

  it('every group passes on the memory store', { timeout: 60_000 }, async () => {
    for (const group of conformanceGroups) expect({ group: group.name, failed: await failures(group, memoryStore) }).toEqual({ group: group.name, failed: [] });
  });

  it('compareAndSetCases and raceCases catch a store that ignores the expected version', async () => {
    expect(await failures(compareAndSetCases, lastWriterWins)).toEqual(expect.arrayContaining([
      'insert over an existing record returns false and changes nothing',
      'update with a stale version returns false and changes nothing',
      'delete needs the current version',
    ]));
    expect((await failures(raceCases, lastWriterWins)).length > 0).toBe(true);
  });

  it('versionCases catches versions that restart with the row', async () => {
    expect(await failures(versionCases, countingVersions)).toEqual(expect.arrayContaining([
      'fresh records do not all start at one version (versions do not restart with the row)',
      'versions are never reused for a user, even after a delete and re-insert',
    ]));
  });
});

/** The memory store with `list` broken by `mangle` (the rest intact). */
function brokenListing(mangle: (page: Awaited<ReturnType<NonNullable<MfaStore['list']>>>) => void, getMany?: MfaStore['getMany']): () => MfaStore {
  return () => {
    const store = memoryStore();
    return {
      ...store,
      list: async (options) => {
        const page = await store.list!(options);
        mangle(page);
        return page;
      },
      getMany: getMany ?? store.getMany!,
    };
  };
}

describe('listingCases catches broken listings', () => {
  const run = (makeStore: () => MfaStore, listing: 'ordered' | 'unordered' = 'ordered') => {
    const cases: [string, () => Promise<void>][] = [];
    listingCases({ describe: (_n, body) => body(), it: (name, body) => void cases.push([name, body]), expect: (actual) => ({
      toBe: (expected) => { if (!Object.is(actual, expected)) throw new Error('toBe'); },
      toEqual: (expected) => expect(actual).toEqual(expected),
    }) }, makeStore, { listing });
    return (async () => {
      const failed: string[] = [];
      for (const [name, body] of cases) await body().catch(() => failed.push(name));
      return failed;
    })();
  };
  it('passes the memory store, ordered and unordered', async () => {
    expect(await run(memoryStore)).toEqual([]);
    expect(await run(memoryStore, 'unordered')).toEqual([]);
  });
  it('a page that drops its last item (a cursor that skips) fails the walk', async () => {
    const failed = await run(brokenListing((page) => void (page.cursor !== null && page.items.pop())));
    expect(failed).toEqual(expect.arrayContaining(['a walk in pages of 7 returns every record with the version get gives']));
  });
  it('ids decoded wrongly (a prefix stripped one character too far) fail the awkward-id case', async () => {
    const failed = await run(brokenListing((page) => page.items.forEach((i) => (i.userId = i.userId.replace(/\\\*/g, '*')))));
    expect(failed).toEqual(expect.arrayContaining([expect.stringMatching(/^ids with glob/)]));
  });
  it('an ordered store listing in code-unit order fails (astral before U+E000-U+FFFF)', async () => {
    const failed = await run(brokenListing((page) => void page.items.sort((a, b) => (a.userId < b.userId ? -1 : 1))), 'ordered');
    expect(failed).toEqual(expect.arrayContaining([expect.stringMatching(/^ids with glob/)]));
  });
  it('an item repeated on one page fails, even unordered; getMany out of order fails', async () => {
    expect((await run(brokenListing((page) => void (page.items[0] && page.items.push(page.items[0]))), 'unordered')).length > 0).toBe(true);
    const reversed: MfaStore['getMany'] = async (ids) => (await memoryStore().getMany!(ids)).reverse();
    expect(await run(brokenListing(() => {}, reversed))).toEqual(expect.arrayContaining([expect.stringMatching(/^getMany answers in the order/)]));
  });
});

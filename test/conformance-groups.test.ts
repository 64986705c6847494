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
      compareAndSetCases, valueCases, raceCases, versionCases, userIdCases, signInCases, recoveryCodeCases, conflictCases,
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

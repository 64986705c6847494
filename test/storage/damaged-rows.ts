// The damaged-rows listing case of the SQL stores: five records, two of them damaged by hand in the
// database (text that is not JSON but holds a secret's beginning, a version of 0), walked two at a time.
import { expect } from 'vitest';
import type { MfaStore } from '../../src/storage/types.js';

/** The record text written over row `b`: not JSON, and with what looks like a secret in it. */
export const NOT_JSON = '{"secret":"JBSWY3DP';

/**
 * Puts records a–e, runs `damage` (which must set `b`'s record to {@link NOT_JSON} and `d`'s version to 0),
 * then checks that `list` pages past both, names them in `unreadable`, and never shows their text.
 * @example
 * ```ts
 * await expectListingPastDamagedRows(store, async () => { db.exec(`UPDATE ...`); });
 * ```
 */
export async function expectListingPastDamagedRows(store: MfaStore, damage: () => Promise<void>): Promise<void> {
  for (const id of ['a', 'b', 'c', 'd', 'e']) expect(await store.put(id, { schema: 1, id }, null)).toBe(true);
  await damage();
  const pages = [];
  let cursor: string | null = null;
  do {
    const page = await store.list!({ cursor, limit: 2 });
    pages.push({ items: page.items.map((i) => i.userId), unreadable: page.unreadable ?? [] });
    cursor = page.cursor;
  } while (cursor !== null);
  expect(pages).toEqual([
    { items: ['a'], unreadable: ['b'] },
    { items: ['c'], unreadable: ['d'] },
    { items: ['e'], unreadable: [] },
  ]);
  expect(JSON.stringify(pages)).not.toContain('JBSWY3DP');
}

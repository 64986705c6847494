/**
 * The rows of the SQL adapters' `list` and `getMany` statements, turned into what `MfaStore` returns.
 * Shared by SQLite and PostgreSQL. Internal; not a public entry.
 * @module
 */
import { OtpError } from '../errors.js';
import { parseRecordJson } from './record-json.js';
import type { ListPage, Versioned } from './types.js';
import { parseVersion } from './version.js';

/** One row of `list`, `listAfter` or `getMany`. */
export interface SqlRow {
  user_id: unknown;
  version: unknown;
  record: unknown;
}

/**
 * A page from the rows of a keyset query run with `LIMIT limit + 1`: the extra row only says that the
 * walk goes on, and the page's last id is the cursor (the next query asks for ids after it). A row whose
 * record or version does not parse is named in `unreadable` instead of `items`.
 * @example
 * ```ts
 * pageOf(db.prepare(sql.list).all(limit + 1), limit); // { items, cursor }
 * ```
 */
export function pageOf<R>(rows: readonly SqlRow[], limit: number): ListPage<R> {
  const items: ListPage<R>['items'] = [];
  const unreadable: string[] = [];
  const page = rows.slice(0, limit);
  for (const row of page) {
    const userId = String(row.user_id);
    try {
      items.push({ userId, ...versioned<R>(row) });
    } catch (e) {
      // A damaged row (INVALID_RECORD, without its text) is named, so the walk goes on past it.
      if (!(e instanceof OtpError) || e.code !== 'INVALID_RECORD') throw e;
      unreadable.push(userId);
    }
  }
  // The cursor is the page's last row, readable or not: the next query asks for ids after it.
  const cursor = rows.length > limit ? String(page[page.length - 1]!.user_id) : null;
  return unreadable.length > 0 ? { items, unreadable, cursor } : { items, cursor };
}

/**
 * The records of `getMany` in the order of `userIds` (repeats included), `null` where no row came back.
 * @example
 * ```ts
 * inOrder(['a', 'b'], rows); // [{ record, version }, null]
 * ```
 */
export function inOrder<R>(userIds: readonly string[], rows: readonly SqlRow[]): (Versioned<R> | null)[] {
  const byId = new Map<string, SqlRow>();
  for (const row of rows) byId.set(String(row.user_id), row);
  return userIds.map((id) => {
    const row = byId.get(id);
    return row ? versioned<R>(row) : null;
  });
}

function versioned<R>(row: SqlRow): Versioned<R> {
  return { record: parseRecordJson<R>(row.record), version: parseVersion(row.version) };
}

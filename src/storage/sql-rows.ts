/**
 * The rows of the SQL adapters' `list` and `getMany` statements, turned into what `MfaStore` returns.
 * Shared by SQLite and PostgreSQL. Internal; not a public entry.
 * @module
 */
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
 * walk goes on, and the page's last id is the cursor (the next query asks for ids after it).
 * @example
 * ```ts
 * pageOf(db.prepare(sql.list).all(limit + 1), limit); // { items, cursor }
 * ```
 */
export function pageOf<R>(rows: readonly SqlRow[], limit: number): ListPage<R> {
  const items = rows.slice(0, limit).map((row) => ({ userId: String(row.user_id), ...versioned<R>(row) }));
  return { items, cursor: rows.length > limit ? items[items.length - 1]!.userId : null };
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

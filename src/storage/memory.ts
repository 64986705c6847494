/**
 * An in-memory {@link MfaStore}: for tests, demos and single-process apps that persist elsewhere.
 * @module
 */
import { checkUserId } from '../user-id.js';
import { compareCodePoints, readIdCursor, readListOptions, readUserIds } from './list-options.js';
import { serialiseRecord } from './record-json.js';
import type { Json, ListOptions, ListPage, MfaStore, Versioned } from './types.js';

interface Slot {
  json: string;
  version: number;
}

/**
 * Creates an in-memory versioned record store with compare-and-set.
 *
 * Records are kept as JSON text, so every `get` returns a fresh deep copy and a record that does not
 * survive `JSON.stringify` is refused when written. Each check-and-write runs without an `await` in
 * between, which makes compare-and-set atomic within one JavaScript process. Versions come from one
 * counter per store, so a version is never reused, even after a delete. `list` pages in ascending code-point
 * order of user id (as the SQL stores do); `getMany` reads several records at once. Data is lost when the process exits.
 *
 * @example
 * ```ts
 * import { createMfa, memoryStore } from 'totp-enroll';
 * const mfa = createMfa({ store: memoryStore(), issuer: 'Example' });
 * ```
 */
export function memoryStore<R = Json>(): MfaStore<R> {
  const slots = new Map<string, Slot>();
  // One counter for the whole store: it outlives every record, so a version is never reused for a
  // user id, even after a delete, and it costs no random draw per write (random versions are for
  // stores whose rows can vanish with their counter).
  let lastVersion = 0;

  return {
    async get(userId: string): Promise<Versioned<R> | null> {
      checkUserId(userId);
      const slot = slots.get(userId);
      return slot ? { record: JSON.parse(slot.json) as R, version: slot.version } : null;
    },
    async put(userId: string, record: R, expectedVersion: number | null): Promise<boolean> {
      checkUserId(userId);
      const json = serialiseRecord(record);
      const slot = slots.get(userId);
      if (expectedVersion === null ? slot !== undefined : slot?.version !== expectedVersion) return false;
      slots.set(userId, { json, version: ++lastVersion });
      return true;
    },
    async delete(userId: string, expectedVersion: number): Promise<boolean> {
      checkUserId(userId);
      const slot = slots.get(userId);
      if (slot === undefined || slot.version !== expectedVersion) return false;
      slots.delete(userId);
      return true;
    },
    async list(options?: ListOptions): Promise<ListPage<R>> {
      const { cursor: given, limit } = readListOptions(options);
      const cursor = given === null ? null : readIdCursor(given);
      // Keyset order: ids after the cursor, ascending by code point (the order the SQL stores list in).
      const ids = [...slots.keys()].filter((id) => cursor === null || compareCodePoints(id, cursor) > 0).sort(compareCodePoints);
      const page = ids.slice(0, limit);
      const items = page.map((userId) => {
        const slot = slots.get(userId)!;
        return { userId, record: JSON.parse(slot.json) as R, version: slot.version };
      });
      return { items, cursor: ids.length > limit ? page[page.length - 1]! : null };
    },
    async getMany(userIds: readonly string[]): Promise<(Versioned<R> | null)[]> {
      return readUserIds(userIds).map((userId) => {
        const slot = slots.get(userId);
        return slot ? { record: JSON.parse(slot.json) as R, version: slot.version } : null;
      });
    },
  };
}

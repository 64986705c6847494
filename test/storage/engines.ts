/**
 * The three real engines as the item tests of issue 11 use them: a store, the housekeeping the
 * README allows (removing what a delete left), and a close. SQLite is a temporary file; PostgreSQL
 * and Redis are the servers from test/services/start.sh (suites skip, or fail under CI=true, without them).
 */
import Database from 'better-sqlite3';
import pg from 'pg';
import { Redis } from 'ioredis';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sqliteStore } from '../../src/storage/sqlite.js';
import { postgresStore } from '../../src/storage/postgres.js';
import { redisStore } from '../../src/storage/redis.js';
import type { MfaStore } from '../../src/storage/types.js';

export interface EngineStore {
  store: MfaStore;
  /** Housekeeping: removes whatever the store still keeps for a deleted user (tombstone row or key). */
  purge(userId: string): Promise<void>;
  close(): Promise<void>;
}

const run = Math.random().toString(36).slice(2, 8);

export function openSqlite(): EngineStore {
  const dir = mkdtempSync(join(tmpdir(), 'totp-enroll-item-'));
  const db = new Database(join(dir, 'mfa.db'));
  db.pragma('journal_mode = WAL');
  return {
    store: sqliteStore({ db }),
    purge: async (userId) => void db.prepare(`DELETE FROM totp_enroll_mfa WHERE user_id = ? AND record IS NULL`).run(userId),
    close: async () => {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function openPostgres(url: string): EngineStore & { pool: pg.Pool; table: string } {
  const pool = new pg.Pool({ connectionString: url, max: 5, query_timeout: 10_000 });
  pool.on('error', () => {});
  const table = `mfa_item_${run}`;
  return {
    pool,
    table,
    store: postgresStore({ pool, table }),
    purge: async (userId) => void (await pool.query(`DELETE FROM ${table} WHERE user_id = $1 AND record IS NULL`, [userId])),
    close: async () => {
      await pool.query(`DROP TABLE IF EXISTS ${table}`).catch(() => {});
      await pool.end();
    },
  };
}

export function openRedis(url: string): EngineStore & { client: Redis; prefix: string } {
  const client = new Redis(url, { maxRetriesPerRequest: 1 });
  client.on('error', () => {});
  const prefix = `item-${run}:`;
  return {
    client,
    prefix,
    store: redisStore({ client, prefix }),
    purge: async (userId) => {
      if (!(await client.hexists(prefix + userId, 'r'))) await client.del(prefix + userId);
    },
    close: async () => void client.disconnect(),
  };
}

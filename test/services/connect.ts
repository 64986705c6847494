/**
 * Opens a store on one of the real engines with a connection of its own, for the cross-process
 * workers, the fault tests and the benchmark. Drivers are configured to fail fast when the
 * server is away, as the adapters' docs recommend.
 */
import { sqliteStore } from '../../src/storage/sqlite.js';
import { postgresStore } from '../../src/storage/postgres.js';
import { redisStore } from '../../src/storage/redis.js';
import type { MfaStore } from '../../src/storage/types.js';

export type Engine = 'sqlite' | 'postgres' | 'redis';

export interface OpenStore {
  store: MfaStore;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** Pool size (PostgreSQL); default 10. */
  connections?: number;
  table?: string;
  prefix?: string;
  /** Driver-level timeout for one query/command, ms; default 5000. */
  timeoutMs?: number;
}

/** `target` is a file path for SQLite, a URL for PostgreSQL and Redis. */
export async function openStore(engine: Engine, target: string, options: OpenOptions = {}): Promise<OpenStore> {
  const timeoutMs = options.timeoutMs ?? 5000;
  if (engine === 'sqlite') {
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(target, { timeout: timeoutMs });
    db.pragma('journal_mode = WAL');
    return {
      store: sqliteStore({ db, ...(options.table ? { table: options.table } : {}) }),
      close: async () => void db.close(),
    };
  }
  if (engine === 'postgres') {
    const { default: pg } = await import('pg');
    const pool = new pg.Pool({
      connectionString: target,
      max: options.connections ?? 10,
      connectionTimeoutMillis: timeoutMs,
      query_timeout: timeoutMs,
    });
    // pg emits 'error' for idle clients whose connection dies; without a listener the process crashes.
    pool.on('error', () => {});
    return {
      store: postgresStore({ pool, ...(options.table ? { table: options.table } : {}) }),
      close: () => pool.end(),
    };
  }
  const { Redis } = await import('ioredis');
  const client = new Redis(target, {
    maxRetriesPerRequest: 1,
    commandTimeout: timeoutMs,
    retryStrategy: (times) => Math.min(times * 50, 500),
  });
  client.on('error', () => {});
  return {
    store: redisStore({ client, ...(options.prefix ? { prefix: options.prefix } : {}) }),
    close: async () => void client.disconnect(),
  };
}

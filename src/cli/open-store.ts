/**
 * A store URL made into an {@link MfaStore} over its driver, and the way to close the connection again.
 * The drivers are loaded only here, on demand ({@link needDriver}).
 * @module
 */
import type { MfaStore } from '../storage/types.js';
import { sqliteStore, type SqliteDatabase } from '../storage/sqlite.js';
import { postgresStore, type PgQueryable } from '../storage/postgres.js';
import { redisStore, type RedisClientLike } from '../storage/redis.js';
import { CliError, EXIT } from './exit.js';
import { missingDriver, needDriver, tryDriver } from './drivers.js';
import { redactStoreUrl, type StoreUrl } from './store-url.js';

/** An open store and how to let go of it. */
export interface OpenedStore {
  store: MfaStore;
  /** The URL without its password, for messages. */
  label: string;
  close(): Promise<void>;
}

/** Options of {@link openStore}. */
export interface OpenStoreOptions {
  table?: string | undefined;
  prefix?: string | undefined;
  /** Create the SQLite file and the table when missing (import only); otherwise both must exist. */
  create: boolean;
}

const CONNECT_TIMEOUT_MS = 5000;

function unreachable(label: string, error: unknown): CliError {
  const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
  return new CliError(EXIT.store, `The store ${label} is unreachable: ${reason || (error as { code?: string }).code || 'no answer'}`);
}

async function openSqlite(path: string, label: string, o: OpenStoreOptions): Promise<OpenedStore> {
  const mod = await needDriver('better-sqlite3', 'sqlite:');
  const Database = mod['default'] as new (file: string, options: object) => SqliteDatabase & { close(): void };
  let db: SqliteDatabase & { close(): void };
  try {
    // timeout 0: the store retries a busy database without blocking (see sqliteStore).
    db = new Database(path, { timeout: 0, fileMustExist: !o.create });
  } catch (error) {
    if (!o.create && (error as { code?: string }).code === 'SQLITE_CANTOPEN') {
      throw new CliError(EXIT.store, `The store ${label} cannot be opened: no such database file (only import creates one).`);
    }
    throw unreachable(label, error);
  }
  const store = sqliteStore({ db, migrate: o.create, ...(o.table === undefined ? {} : { table: o.table }) });
  return { store, label, close: async () => db.close() };
}

async function openPostgres(url: string, label: string, o: OpenStoreOptions): Promise<OpenedStore> {
  const mod = await needDriver('pg', 'postgres://');
  const Pool = ((mod['default'] as Record<string, unknown> | undefined)?.['Pool'] ?? mod['Pool']) as new (config: object) => PgQueryable & {
    end(): Promise<void>;
    on(event: string, listener: (e: unknown) => void): unknown;
  };
  const pool = new Pool({ connectionString: url, max: 4, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, query_timeout: 60_000 });
  pool.on('error', () => {}); // an idle client dying is reported by the next query instead
  try {
    await pool.query('SELECT 1');
  } catch (error) {
    await pool.end().catch(() => {});
    throw unreachable(label, error);
  }
  const store = postgresStore({ pool, migrate: o.create, ...(o.table === undefined ? {} : { table: o.table }) });
  return { store, label, close: () => pool.end() };
}

interface ClosableRedis {
  client: RedisClientLike;
  close(): Promise<void>;
}

async function connectIoredis(mod: Record<string, unknown>, url: string): Promise<ClosableRedis> {
  const Redis = (mod['Redis'] ?? mod['default']) as new (url: string, options: object) => RedisClientLike & {
    connect(): Promise<void>;
    quit(): Promise<unknown>;
    disconnect(): void;
    on(event: string, listener: (e: unknown) => void): unknown;
  };
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: CONNECT_TIMEOUT_MS,
    maxRetriesPerRequest: 1,
    retryStrategy: () => null, // a one-shot tool: fail instead of reconnecting forever
  });
  client.on('error', () => {});
  try {
    await client.connect();
  } catch (error) {
    client.disconnect();
    throw error;
  }
  return { client, close: async () => void (await client.quit().catch(() => client.disconnect())) };
}

async function connectNodeRedis(mod: Record<string, unknown>, url: string): Promise<ClosableRedis> {
  const createClient = mod['createClient'] as (options: object) => RedisClientLike & {
    connect(): Promise<unknown>;
    close?(): Promise<unknown>;
    quit?(): Promise<unknown>;
    destroy?(): unknown;
    on(event: string, listener: (e: unknown) => void): unknown;
  };
  const client = createClient({ url, disableOfflineQueue: true, socket: { connectTimeout: CONNECT_TIMEOUT_MS, reconnectStrategy: false } });
  client.on('error', () => {});
  await client.connect();
  return {
    client,
    close: async () => {
      await (client.close ?? client.quit)?.call(client).catch(() => client.destroy?.());
    },
  };
}

async function openRedis(url: string, label: string, o: OpenStoreOptions): Promise<OpenedStore> {
  const ioredis = await tryDriver('ioredis');
  const nodeRedis = ioredis === null ? await tryDriver('redis') : null;
  if (ioredis === null && nodeRedis === null) throw missingDriver('ioredis', 'redis://', 'redis');
  let conn: ClosableRedis;
  try {
    conn = ioredis !== null ? await connectIoredis(ioredis, url) : await connectNodeRedis(nodeRedis!, url);
  } catch (error) {
    throw unreachable(label, error);
  }
  const store = redisStore({ client: conn.client, ...(o.prefix === undefined ? {} : { prefix: o.prefix }) });
  return { store, label, close: conn.close };
}

/**
 * Opens the store a URL names, over its driver: better-sqlite3 for `sqlite:`, a `pg` Pool for
 * `postgres://`, ioredis (else node-redis) for `redis://`. Server stores are pinged first, so an
 * unreachable server fails here, with exit 3.
 * @throws CliError exit 3: driver missing or failing to load, file or server unreachable.
 * @example
 * ```ts
 * const opened = await openStore(parseStoreUrl('sqlite:app.db'), { create: false });
 * try { await opened.store.get('alice'); } finally { await opened.close(); }
 * ```
 */
export async function openStore(url: StoreUrl, options: OpenStoreOptions): Promise<OpenedStore> {
  const label = redactStoreUrl(url);
  if (url.kind === 'sqlite') return openSqlite(url.path, label, options);
  if (url.kind === 'postgres') return openPostgres(url.url, label, options);
  return openRedis(url.url, label, options);
}

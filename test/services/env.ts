/**
 * Finds the PostgreSQL and Redis servers the storage tests run against (URLs from
 * test/services/start.sh) and registers a suite only when its server answers: locally an absent
 * server skips the suite with a message, under CI=true it fails.
 */
import { describe, it } from 'vitest';
import pg from 'pg';
import { Redis } from 'ioredis';

export type Probe = { ok: true; url: string } | { ok: false; reason: string };

const HOW = 'run `source test/services/start.sh` first';

/** Connects once to the server named by TOTP_ENROLL_PG_URL. */
export async function probePostgres(): Promise<Probe> {
  const url = process.env['TOTP_ENROLL_PG_URL'];
  if (!url) return { ok: false, reason: `TOTP_ENROLL_PG_URL is not set (${HOW})` };
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('SELECT 1');
    return { ok: true, url };
  } catch (e) {
    return { ok: false, reason: `PostgreSQL at ${url} is unreachable: ${(e as Error).message} (${HOW})` };
  } finally {
    await client.end().catch(() => {});
  }
}

/** Connects once to the server named by TOTP_ENROLL_REDIS_URL. */
export async function probeRedis(): Promise<Probe> {
  const url = process.env['TOTP_ENROLL_REDIS_URL'];
  if (!url) return { ok: false, reason: `TOTP_ENROLL_REDIS_URL is not set (${HOW})` };
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 3000 });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.ping();
    return { ok: true, url };
  } catch (e) {
    return { ok: false, reason: `Redis at ${url} is unreachable: ${(e as Error).message} (${HOW})` };
  } finally {
    client.disconnect();
  }
}

/**
 * `describe(name, body)` when the server answered. Otherwise, under CI=true a failing test that
 * says why; locally a skipped suite whose title and a warning say why.
 */
export function describeWithServer(name: string, probe: Probe, body: (url: string) => void): void {
  if (!probe.ok && process.env['CI'] === 'true') {
    describe(name, () => {
      it('has its server (required under CI=true)', () => {
        throw new Error(probe.reason);
      });
    });
    return;
  }
  if (!probe.ok) console.warn(`[skip] ${name}: ${probe.reason}`);
  describe.skipIf(!probe.ok)(probe.ok ? name : `${name} (skipped: ${probe.reason})`, () => body(probe.ok ? probe.url : ''));
}

/** `describe(name, body)` when the server binaries are installed (for suites that start servers of their own); as above otherwise. */
export function describeWithBinaries(name: string, missing: string | null, body: () => void): void {
  describeWithServer(name, missing === null ? { ok: true, url: '' } : { ok: false, reason: missing }, () => body());
}

// The pg major the peer range names, installed next to the packed tarball with a plain `npm install`,
// then the conformance suite through a pg.Pool against the PostgreSQL of test/services/start.sh.
import { rmSync } from 'node:fs';
import { afterAll, expect, it } from 'vitest';
import { describeWithServer, probePostgres } from '../services/env.js';
import { installedVersion, scratchProject } from '../runtimes/scratch.js';
import { MIN_CONFORMANCE_CASES, runConformanceIn } from './drivers.js';

let dir = '';
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describeWithServer('the packed package with each pg major', await probePostgres(), (url) => {
  it('installs next to pg 8 without --force and passes the conformance suite through it', () => {
    dir = scratchProject('pg8', ['pg@8']);
    expect(installedVersion(dir, 'pg')).toMatch(/^8\./);
    const setup = `import pg from 'pg';
import { postgresStore } from 'totp-enroll/storage/postgres';
const pool = new pg.Pool({ connectionString: process.env.TOTP_ENROLL_PG_URL, max: 20 });
pool.on('error', () => {});
afterAll(() => pool.end());`;
    const result = runConformanceIn(dir, setup, `postgresStore({ pool, table: 'totp_enroll_pg8_package' })`, process.execPath, {
      TOTP_ENROLL_PG_URL: url,
    });
    expect(result.failures, result.output.slice(-4000)).toEqual([]);
    expect(result.passed).toBeGreaterThanOrEqual(MIN_CONFORMANCE_CASES);
    expect(result.skipped).toBe(0);
    console.log(`[drivers] pg ${installedVersion(dir, 'pg')}: ${result.passed} conformance cases passed`);
  }, 300_000);
});

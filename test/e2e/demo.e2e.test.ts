/**
 * `npm run demo` as a newcomer runs it: a child process on a fresh SQLite file, run twice
 * (the second run must cope with the first run's records), and a bad option that must
 * fail with a message and a non-zero exit code, not a stack trace.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'totp-enroll-demo-'));
const db = join(dir, 'demo.db');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function demo(...args: string[]) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'examples/enroll-cli.ts', '--db', db, ...args], {
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { status: run.status, out: run.stdout, err: run.stderr };
}

describe('npm run demo', () => {
  it('plays the eleven seed steps, signs in once and refuses the replayed code', { timeout: 60_000 }, () => {
    const { status, out, err } = demo();
    expect(err).toBe('');
    expect(status).toBe(0);
    for (let n = 1; n <= 11; n++) expect(out).toMatch(new RegExp(`^ *${n}\\. `, 'm'));
    expect(out).toMatch(/10\. Verify .* app paired/);
    expect(out).toMatch(/11\. Enable .* MFA is enabled for alice@example\.com/);
    expect(out).toMatch(/accepted \(clock offset 0 steps\)/);
    expect(out).toMatch(/the same code again \.+ refused \(replayed\)/);
    // The terminal QR code (half blocks) and the SVG file next to the database.
    expect(out).toMatch(/[▀▄█]/);
    expect(readFileSync(join(dir, 'alice-qr.svg'), 'utf8')).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
  });

  it('runs again on the same database, starting over from the first step', { timeout: 60_000 }, () => {
    expect(existsSync(db)).toBe(true);
    const { status, out } = demo();
    expect(status).toBe(0);
    expect(out).toMatch(/\[x\] alice .* MFA enabled/);
    expect(out).toMatch(/kept MFA from an earlier run/);
    expect(out).toMatch(/refused \(replayed\)/);
  });

  it('fails with a message and exit code 1 for an unknown user', { timeout: 60_000 }, () => {
    const { status, err } = demo('--user', 'mallory');
    expect(status).toBe(1);
    expect(err).toMatch(/Demo failed: No demo user "mallory"/);
    expect(err).not.toMatch(/\n\s+at /);
  });
});

/**
 * `npm run demo` as a newcomer runs it: a child process on a fresh SQLite file, run twice
 * (the second run must cope with the first run's records). The command line's mistakes are in
 * demo-usage.e2e.test.ts, the interactive retries in demo-retry, the 80×24 layout in demo-screens.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsQRModule from 'jsqr';
import { afterAll, describe, expect, it } from 'vitest';
import { parseOtpauthUri } from '../../src/index.js';

const jsQR = jsQRModule.default;

const dir = mkdtempSync(join(tmpdir(), 'totp-enroll-demo-'));
const db = join(dir, 'demo.db');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Reads the half-block QR code printed by the demo back into pixels (4 px per module) and decodes it. */
function decodeTerminalQr(out: string, lightModulesDrawn = true): string | undefined {
  const rows = out.split('\n').filter((line) => /^[ ▀▄█]{20,}$/.test(line));
  const modules: boolean[][] = []; // true = dark
  for (const row of rows) {
    const top = [...row].map((c) => (c === '█' || c === '▀') === lightModulesDrawn ? false : true);
    const bottom = [...row].map((c) => (c === '█' || c === '▄') === lightModulesDrawn ? false : true);
    modules.push(top, bottom);
  }
  const scale = 4;
  const size = (modules[0]?.length ?? 0) * scale;
  const height = modules.length * scale;
  const data = new Uint8ClampedArray(size * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < size; x++) {
      const v = modules[Math.floor(y / scale)]?.[Math.floor(x / scale)] ? 0 : 255;
      data.set([v, v, v, 255], (y * size + x) * 4);
    }
  }
  return jsQR(data, size, height)?.data;
}

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
    const uri = decodeTerminalQr(out);
    expect(uri, 'the terminal QR code did not decode').toBeDefined();
    const params = parseOtpauthUri(uri!);
    expect(params).toMatchObject({ issuer: 'Clarity', accountName: 'alice@example.com' });
    expect(out).toContain(`by its key (time-based):\n      ${params.secret.replace(/(.{4})(?=.)/g, '$1 ')}\n`);
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

  it('prints dark modules for light terminals with --light-terminal', { timeout: 60_000 }, () => {
    const { status, out } = demo('--light-terminal');
    expect(status).toBe(0);
    // The quiet zone is light: drawn as full blocks by default, left blank here.
    const firstRow = out.split('\n').find((line) => /^[ ▀▄█]{20,}$/.test(line));
    expect(firstRow).toMatch(/^ +$/);
    expect(parseOtpauthUri(decodeTerminalQr(out, false)!).accountName).toBe('alice@example.com');
  });

  it('fails with a message, the usage and exit code 2 for an unknown user', { timeout: 60_000 }, () => {
    const { status, err } = demo('--user', 'mallory');
    expect(status).toBe(2);
    expect(err).toMatch(/^No demo user "mallory": choose alice, bob or carol\.\n\nUsage: npm run demo/);
    expect(err).not.toMatch(/\n\s+at /);
  });
});

// Every better-sqlite3 major the peer range names, each on the Node it supports, installed next to
// the packed tarball with a plain `npm install` run by that Node (npm_config_nodedir at its headers,
// should the addon need compiling), then the conformance suite through it on a temporary WAL file.
// better-sqlite3 12 runs on this process's Node (20 in CI); 13 needs Node 22+ and runs on the
// Node 22 and 24 of test/runtimes/fetch-runtimes.sh.
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { describeWithRuntime, probeRuntime, root } from '../runtimes/locate.js';
import { childEnv, installedVersion, run, scratchProject } from '../runtimes/scratch.js';
import { MIN_CONFORMANCE_CASES, runConformanceIn } from './drivers.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const SETUP = `import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sqliteStore } from 'totp-enroll/storage/sqlite';
const dir = mkdtempSync(join(tmpdir(), 'totp-enroll-sqlite-major-'));
const db = new Database(join(dir, 'mfa.db'), { timeout: 5000 });
db.pragma('journal_mode = WAL');
afterAll(() => { db.close(); rmSync(dir, { recursive: true, force: true }); });`;

/**
 * better-sqlite3 12 ships no prebuilt addon for Linux and compiles SQLite on install (over a minute
 * on two cores). When this repo's own install already compiled the same version for this same Node,
 * the project installs with --ignore-scripts (the peer resolution, and so ERESOLVE, is unchanged) and
 * gets a copy of that build; any other version is compiled by npm as a user's install would.
 */
function reuseRepoBuild(dir: string): void {
  const ours = join(root, 'node_modules/better-sqlite3');
  if (installedVersion(dir, 'better-sqlite3') !== installedVersion(root, 'better-sqlite3') || !existsSync(join(ours, 'build/Release/better_sqlite3.node'))) {
    run('npm', ['rebuild', 'better-sqlite3', '--foreground-scripts=false'], { cwd: dir, env: childEnv(), timeout: 600_000 });
    return;
  }
  const release = join(dir, 'node_modules/better-sqlite3/build/Release');
  mkdirSync(release, { recursive: true });
  cpSync(join(ours, 'build/Release/better_sqlite3.node'), join(release, 'better_sqlite3.node'));
}

function check(major: number, node: string, env: NodeJS.ProcessEnv, reuse = false): void {
  const dir = scratchProject(`sqlite${major}`, [`better-sqlite3@${major}`], childEnv(env), { ignoreScripts: reuse });
  dirs.push(dir);
  expect(installedVersion(dir, 'better-sqlite3')).toMatch(new RegExp(`^${major}\\.`));
  if (reuse) reuseRepoBuild(dir);
  const result = runConformanceIn(dir, SETUP, 'sqliteStore({ db })', node, env);
  expect(result.failures, result.output.slice(-4000)).toEqual([]);
  expect(result.passed).toBeGreaterThanOrEqual(MIN_CONFORMANCE_CASES);
  expect(result.skipped).toBe(0);
  console.log(`[drivers] better-sqlite3 ${installedVersion(dir, 'better-sqlite3')} on ${node}: ${result.passed} conformance cases passed`);
}

/** npm, node-gyp and the tests all run on the given Node; addons build against its headers. */
const onNode = (nodeDir: string): NodeJS.ProcessEnv => ({
  PATH: `${join(nodeDir, 'bin')}:${process.env['PATH'] ?? ''}`,
  npm_config_nodedir: nodeDir,
});

describe(`the packed package with better-sqlite3 12 on this Node (${process.version})`, () => {
  it('installs next to better-sqlite3 12 without --force and passes the conformance suite through it', () => {
    check(12, process.execPath, {}, true);
  }, 600_000);
});

for (const version of ['node22', 'node24'] as const) {
  describeWithRuntime(`the packed package with better-sqlite3 13 on ${version}`, probeRuntime(version), (nodeDir) => {
    it(`installs next to better-sqlite3 13 without --force (npm on ${version}) and passes the conformance suite through it`, () => {
      check(13, join(nodeDir, 'bin/node'), onNode(nodeDir));
    }, 600_000);
  });
}

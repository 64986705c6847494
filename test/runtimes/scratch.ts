/**
 * A consumer's project: `npm pack` of this repo, installed into a fresh directory next to the given
 * packages with a plain `npm install` (no --force, no --legacy-peer-deps), so a peer range that
 * excludes a driver's current major fails here with ERESOLVE as it would for a user. Needs `npm run build`.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root } from './locate.js';

export interface RunOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  timeout?: number;
}

/** Runs a command and returns its stdout; on failure throws with its whole output. */
export function run(command: string, args: string[], { cwd, env, timeout = 300_000 }: RunOptions): string {
  try {
    return execFileSync(command, args, { cwd, env: env ?? process.env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout, maxBuffer: 64 << 20 });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${command} ${args.join(' ')} failed:\n${e.stdout ?? ''}${e.stderr ?? ''}${e.message}`);
  }
}

/** The environment for a child process, without the variables of the vitest run this test is in. */
export function childEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('VITEST') && key !== 'NODE_OPTIONS' && key !== 'TEST' && key !== 'NODE_ENV') env[key] = value;
  }
  return { ...env, ...extra };
}

/** Packs the repo into `dir` and returns the tarball's path. */
export function pack(dir: string): string {
  if (!existsSync(join(root, 'dist/index.js'))) throw new Error('dist/ is missing: run `npm run build` before this test');
  const packed = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', dir], { cwd: root })) as { filename: string }[];
  return join(dir, packed[0]!.filename);
}

/**
 * A fresh ESM project with the packed totp-enroll and `packages` installed by one `npm install`.
 * `env` is the environment npm runs in (e.g. another Node on PATH and npm_config_nodedir).
 */
export function scratchProject(
  label: string,
  packages: string[],
  env: NodeJS.ProcessEnv = childEnv(),
  { ignoreScripts = false } = {},
): string {
  const dir = mkdtempSync(join(tmpdir(), `totp-enroll-${label}-`));
  const tarball = pack(dir);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true, type: 'module' }));
  const flags = ['--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', ...(ignoreScripts ? ['--ignore-scripts'] : [])];
  run('npm', ['install', tarball, ...packages, ...flags], { cwd: dir, env, timeout: 600_000 });
  return dir;
}

/** The version of `name` installed in the project `dir`. */
export function installedVersion(dir: string, name: string): string {
  return (JSON.parse(readFileSync(join(dir, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
}

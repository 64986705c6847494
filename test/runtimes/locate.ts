/**
 * Finds the runtimes that test/runtimes/fetch-runtimes.sh installs from the npm registry (Node 22
 * and 24, Bun, Deno, workerd), and registers a suite only when its runtime is there: locally an
 * absent runtime skips the suite with a message, under CI=true it fails.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';

export const root = fileURLToPath(new URL('../..', import.meta.url));
const dir = process.env['TOTP_ENROLL_RUNTIMES_DIR'] ?? join(root, '.runtimes');
const modules = join(dir, 'npm/node_modules');
const HOW = 'run `bash test/runtimes/fetch-runtimes.sh` first';

export type RuntimeProbe = { ok: true; path: string } | { ok: false; reason: string };

/** Where each runtime is: its environment variable (from .runtimes/env.sh) or its place under .runtimes/. */
const PLACES = {
  node22: ['TOTP_ENROLL_NODE22_DIR', join(modules, 'node22'), 'bin/node'],
  node24: ['TOTP_ENROLL_NODE24_DIR', join(modules, 'node24'), 'bin/node'],
  bun: ['TOTP_ENROLL_BUN', join(modules, 'bun/bin/bun'), ''],
  deno: ['TOTP_ENROLL_DENO', join(modules, 'deno/deno'), ''],
  workerd: ['TOTP_ENROLL_WORKERD', join(modules, 'workerd/bin/workerd'), ''],
} as const;

export type Runtime = keyof typeof PLACES;

/**
 * The runtime's path: for node22/node24 the package directory (its bin/node runs, its include/ has
 * the headers for npm_config_nodedir), otherwise the executable.
 */
export function probeRuntime(name: Runtime): RuntimeProbe {
  const [variable, fallback, executable] = PLACES[name];
  const path = process.env[variable] || fallback;
  const file = executable ? join(path, executable) : path;
  if (existsSync(file)) return { ok: true, path };
  return { ok: false, reason: `${name} not found at ${file} (${HOW}, or set ${variable})` };
}

/** `describe(name, body)` when the runtime is there; else a CI failure, or locally a skip that says why. */
export function describeWithRuntime(name: string, probe: RuntimeProbe, body: (path: string) => void): void {
  if (!probe.ok && process.env['CI'] === 'true') {
    describe(name, () => {
      it('has its runtime (required under CI=true)', () => {
        throw new Error(probe.reason);
      });
    });
    return;
  }
  if (!probe.ok) console.warn(`[skip] ${name}: ${probe.reason}`);
  describe.skipIf(!probe.ok)(probe.ok ? name : `${name} (skipped: ${probe.reason})`, () => body(probe.ok ? probe.path : ''));
}

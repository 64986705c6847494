/**
 * A copy of the built CLI in a temporary project whose node_modules holds only the given packages
 * (symlinks into this repo's node_modules), as in an app that installed totp-enroll without a driver.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { CLI, root } from './cli.js';

/** The runtime dependencies dist/cli.js imports. */
const RUNTIME = ['@noble/hashes', 'qrcode-svg'];

export interface Isolated {
  cli: string;
  dir: string;
  remove(): void;
}

/** A project with dist/cli.js, package.json and node_modules of the runtime dependencies plus `packages`. */
export function isolatedCli(packages: string[]): Isolated {
  const dir = mkdtempSync(join(tmpdir(), 'totp-enroll-cli-project-'));
  mkdirSync(join(dir, 'dist'));
  copyFileSync(CLI, join(dir, 'dist/cli.js'));
  copyFileSync(join(root, 'package.json'), join(dir, 'package.json'));
  for (const name of [...RUNTIME, ...packages]) {
    const target = join(dir, 'node_modules', name);
    mkdirSync(dirname(target), { recursive: true });
    symlinkSync(join(root, 'node_modules', name), target, 'dir');
  }
  return { cli: join(dir, 'dist/cli.js'), dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * The package version for `--version`, read from the package.json beside the running file.
 * @module
 */
import { readFileSync } from 'node:fs';

/**
 * The version of the totp-enroll package this CLI belongs to (dist/cli.js or src/cli/version.ts).
 * @example
 * ```ts
 * packageVersion(); // '0.1.0'
 * ```
 */
export function packageVersion(): string {
  for (const up of ['../package.json', '../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(up, import.meta.url), 'utf8')) as { name?: unknown; version?: unknown };
      if (pkg.name === 'totp-enroll' && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // not there: try one level up
    }
  }
  return 'unknown';
}

/**
 * Loads the optional database drivers with `import()`, so the CLI needs only the driver of the store it
 * opens. A driver that is not installed is a {@link CliError} (exit 3) naming it and its install command.
 * @module
 */
import { CliError, EXIT } from './exit.js';

/** The drivers the store URLs use. */
export type DriverName = 'better-sqlite3' | 'pg' | 'ioredis' | 'redis';

/** True when `error` says that the package `name` itself (not something it imports) cannot be found. */
function isMissing(error: unknown, name: string): boolean {
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : '';
  return (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && message.includes(`'${name}'`);
}

/**
 * Imports a driver; `null` when it is not installed.
 * @throws CliError exit 3 when it is installed but fails to load (e.g. a native module built for another Node).
 * @example
 * ```ts
 * const pg = await tryDriver('pg');
 * ```
 */
export async function tryDriver(name: DriverName): Promise<Record<string, unknown> | null> {
  try {
    // One literal specifier per driver, so bundlers and readers see exactly what may be loaded.
    switch (name) {
      case 'better-sqlite3':
        return (await import('better-sqlite3')) as unknown as Record<string, unknown>;
      case 'pg':
        return (await import('pg')) as unknown as Record<string, unknown>;
      case 'ioredis':
        return (await import('ioredis')) as unknown as Record<string, unknown>;
      case 'redis':
        return (await import('redis')) as unknown as Record<string, unknown>;
    }
  } catch (error) {
    if (isMissing(error, name)) return null;
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new CliError(EXIT.store, `The ${name} driver is installed but failed to load: ${reason}`);
  }
}

/**
 * Imports a driver the store needs.
 * @throws CliError exit 3, `The better-sqlite3 driver is not installed: npm install better-sqlite3`.
 * @example
 * ```ts
 * const sqlite = await needDriver('better-sqlite3', 'sqlite:');
 * ```
 */
export async function needDriver(name: DriverName, forWhat: string): Promise<Record<string, unknown>> {
  const mod = await tryDriver(name);
  if (mod === null) throw missingDriver(name, forWhat);
  return mod;
}

/** The one-line error for a driver that is not installed. */
export function missingDriver(name: string, forWhat: string, alternative?: string): CliError {
  const also = alternative === undefined ? '' : ` (or npm install ${alternative})`;
  return new CliError(EXIT.store, `The ${name} driver is not installed (needed for ${forWhat} stores): npm install ${name}${also}`);
}

/**
 * The store URL of `--store` / `TOTP_ENROLL_STORE`: `sqlite:PATH`, `postgres://...` (or `postgresql://`),
 * `redis://...` (or `rediss://`). Pure: parsing and the redacted form for messages.
 * @module
 */
import { CliError, EXIT } from './exit.js';

/** A parsed store URL. */
export type StoreUrl =
  | { kind: 'sqlite'; path: string }
  | { kind: 'postgres'; url: string }
  | { kind: 'redis'; url: string };

/**
 * Parses a store URL. `sqlite:` takes a path (`sqlite:app.db`, `sqlite:/var/lib/app.db`,
 * `sqlite:///var/lib/app.db`); the server URLs are passed to their driver as they are.
 * @throws CliError exit 2 for an empty or unknown URL.
 * @example
 * ```ts
 * parseStoreUrl('sqlite:./app.db');            // { kind: 'sqlite', path: './app.db' }
 * parseStoreUrl('postgres://u@db/app');         // { kind: 'postgres', url: 'postgres://u@db/app' }
 * ```
 */
export function parseStoreUrl(text: string | undefined): StoreUrl {
  if (text === undefined || text.trim() === '') {
    throw new CliError(EXIT.usage, 'No store given: pass --store <url> or set TOTP_ENROLL_STORE (sqlite:PATH, postgres://..., redis://...).');
  }
  const url = text.trim();
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
  if (scheme === 'sqlite') {
    let path = url.slice('sqlite:'.length);
    if (path.startsWith('//')) path = path.slice(2); // sqlite:///abs/path and sqlite://relative/path
    if (path === '') throw new CliError(EXIT.usage, 'The sqlite: store URL needs a file path, e.g. sqlite:./app.db.');
    return { kind: 'sqlite', path };
  }
  if (scheme === 'postgres' || scheme === 'postgresql') return { kind: 'postgres', url };
  if (scheme === 'redis' || scheme === 'rediss') return { kind: 'redis', url };
  throw new CliError(
    EXIT.usage,
    `Unknown store URL ${scheme === undefined ? "(no scheme)" : `scheme '${scheme}:'`}: use sqlite:PATH, postgres://... or redis://....`,
  );
}

/**
 * The URL as messages show it: any password replaced by `***`.
 * @example
 * ```ts
 * redactStoreUrl({ kind: 'postgres', url: 'postgres://app:hunter2@db/app' }); // 'postgres://app:***@db/app'
 * ```
 */
export function redactStoreUrl(store: StoreUrl): string {
  if (store.kind === 'sqlite') return `sqlite:${store.path}`;
  try {
    const u = new URL(store.url);
    if (u.password !== '') u.password = '***';
    for (const key of [...u.searchParams.keys()]) if (/pass|secret|token|key/i.test(key)) u.searchParams.set(key, '***');
    return u.toString();
  } catch {
    return `${store.url.split(':')[0]}://(unparsable URL)`;
  }
}

/**
 * The service a store command works through: the store from `--store` / `TOTP_ENROLL_STORE`, the cipher
 * from `TOTP_ENROLL_KEYS`, and `createMfa` over both, with the audit events kept for the command to read.
 * @module
 */
import { userInfo } from 'node:os';
import { createMfa } from '../enrollment/service.js';
import type { Mfa } from '../enrollment/mfa.js';
import type { MfaEvent } from '../enrollment/events.js';
import type { SecretCipher } from '../enrollment/cipher.js';
import type { ParsedArgs } from './command.js';
import type { CliIo } from './io.js';
import { OtpError } from '../errors.js';
import { checkTableName } from '../storage/sql-statements.js';
import { checkKeyPrefix } from '../storage/redis-prefix.js';
import { stringOption } from './args.js';
import { CliError, EXIT } from './exit.js';
import { readCipher } from './keys.js';
import { type OpenedStore, openStore } from './open-store.js';
import { parseStoreUrl } from './store-url.js';

/** The variable that names the store when `--store` is absent. */
export const STORE_ENV = 'TOTP_ENROLL_STORE';

/** An open store, its cipher and the service over them. */
export interface OpenedService extends OpenedStore {
  mfa: Mfa;
  cipher: SecretCipher | undefined;
  /** `--actor`, else `cli:<login name>`. */
  actor: string;
  /** The audit events of this run's writes, in order. */
  events: MfaEvent[];
}

function defaultActor(env: CliIo['env']): string {
  let name = env['USER'] ?? env['USERNAME'];
  if (!name) {
    try {
      name = userInfo().username;
    } catch {
      name = 'unknown';
    }
  }
  return `cli:${name}`;
}

/** `--table` / `--prefix`, checked as the store will check it, before any connection: a bad one is exit 2. */
function nameOption(args: ParsedArgs, name: 'table' | 'prefix', check: (value: string) => string): string | undefined {
  const value = stringOption(args, name);
  if (value === undefined) return undefined;
  try {
    return check(value);
  } catch (error) {
    if (error instanceof OtpError) throw new CliError(EXIT.usage, `--${name}: ${error.message}.`, '');
    throw error;
  }
}

/**
 * Opens the store and the service over it. The issuer is only a label here: the CLI begins no enrollments.
 * @example
 * ```ts
 * const s = await openService(args, io, { create: false });
 * try { await s.mfa.status('alice'); } finally { await s.close(); }
 * ```
 */
export async function openService(args: ParsedArgs, io: CliIo, options: { create: boolean }): Promise<OpenedService> {
  const url = parseStoreUrl(stringOption(args, 'store') ?? io.env[STORE_ENV]);
  const cipher = readCipher(io.env); // before connecting: a bad key needs no connection
  const table = nameOption(args, 'table', checkTableName);
  const prefix = nameOption(args, 'prefix', checkKeyPrefix);
  const opened = await openStore(url, { table, prefix, create: options.create });
  const events: MfaEvent[] = [];
  try {
    const mfa = createMfa({
      store: opened.store,
      issuer: 'totp-enroll',
      now: io.now,
      ...(cipher === undefined ? {} : { cipher }),
      onEvent: (event) => events.push(event),
    });
    return { ...opened, mfa, cipher, actor: stringOption(args, 'actor') ?? defaultActor(io.env), events };
  } catch (error) {
    await opened.close();
    throw error;
  }
}

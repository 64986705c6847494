/**
 * The help texts: `totp-enroll --help` (commands, store URLs, key variables, exit codes) and
 * `totp-enroll <command> --help`. Pure.
 * @module
 */
import type { Command, OptionSpec } from './command.js';
import { optionsOf } from './args.js';

const STORES =
  'Store URL (--store, or the TOTP_ENROLL_STORE variable):\n' +
  '  sqlite:PATH                 a SQLite file (driver: npm install better-sqlite3); must exist except for import\n' +
  '  postgres://USER@HOST/DB     PostgreSQL, also postgresql:// (driver: npm install pg)\n' +
  '  redis://HOST:PORT/DB        Redis, also rediss:// (driver: npm install ioredis, or redis)';

const KEYS =
  'Cipher key, for stores whose secrets are encrypted (aesGcmCipher):\n' +
  '  TOTP_ENROLL_KEYS="ID:BASE64KEY,OLDID:BASE64KEY"   the ids and 32-byte keys of aesGcmCipher({ keys })\n' +
  '  TOTP_ENROLL_KEY_ID=ID                             the current key (default: the first listed)';

const EXITS =
  'Exit codes:\n' +
  '  0  done\n' +
  '  1  refused or failed (invalid URI or secret, no factor to unlock, bad import lines, busy record, unconfirmed disable)\n' +
  '  2  usage error (unknown command or option, missing or extra argument, bad option value or key variable)\n' +
  '  3  store unusable (driver not installed, file or server unreachable)';

function optionLines(options: Record<string, OptionSpec>): string[] {
  const rows = Object.entries(options).map(([name, o]) => {
    const flag = `${o.short ? `-${o.short}, ` : '    '}--${name}${o.type === 'string' ? ` ${o.value ?? '<value>'}` : ''}`;
    return [flag, o.help] as const;
  });
  const width = Math.max(...rows.map(([f]) => f.length)) + 2;
  return rows.map(([f, h]) => `  ${f.padEnd(width)}${h}`);
}

/**
 * The usage line of a command.
 * @example
 * ```ts
 * usageLine(statusCommand); // 'Usage: totp-enroll status <user> [--json] [store options]'
 * ```
 */
export function usageLine(command: Command | undefined): string {
  if (command === undefined) return 'Usage: totp-enroll <command> [options]   (totp-enroll --help lists the commands)';
  return `Usage: totp-enroll ${command.name} ${command.usage}${command.usesStore ? ' [--store <url>]' : ''}`.trimEnd();
}

/**
 * `totp-enroll <command> --help`.
 * @example
 * ```ts
 * commandHelp(statusCommand);
 * ```
 */
export function commandHelp(command: Command): string {
  const parts = [usageLine(command), '', `${command.summary}.`, '', command.description, '', 'Options:', ...optionLines(optionsOf(command))];
  if (command.usesStore) parts.push('', STORES, '', KEYS);
  parts.push('', EXITS);
  return parts.join('\n');
}

/**
 * `totp-enroll --help`.
 * @example
 * ```ts
 * mainHelp(commands, '0.1.0');
 * ```
 */
export function mainHelp(commands: readonly Command[], version: string): string {
  const width = Math.max(...commands.map((c) => c.name.length)) + 2;
  return [
    `totp-enroll ${version}: administer TOTP MFA in a totp-enroll store.`,
    '',
    'Usage: totp-enroll <command> [arguments] [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    '',
    "Run 'totp-enroll <command> --help' for a command's arguments and options.",
    'Nothing prints a secret unless the command is about one (uri --show-secret, code).',
    '',
    'Options:',
    '  -h, --help     Show this help.',
    '  -V, --version  Print the version.',
    '',
    STORES,
    '',
    KEYS,
    '',
    EXITS,
  ].join('\n');
}

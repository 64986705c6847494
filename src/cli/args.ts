/**
 * The command line: which command, and its options checked strictly with `node:util` `parseArgs`. Every
 * mistake is a {@link CliError} with exit code 2 and a sentence (never parseArgs' own message and hint).
 * @module
 */
import { parseArgs } from 'node:util';
import type { Command, OptionSpec, ParsedArgs } from './command.js';
import { CliError, EXIT, usageError } from './exit.js';

/** Options every command takes. */
export const COMMON_OPTIONS: Record<string, OptionSpec> = {
  help: { type: 'boolean', short: 'h', help: 'Show this help.' },
};

/** Options of the commands that open a store. */
export const STORE_OPTIONS: Record<string, OptionSpec> = {
  store: { type: 'string', value: '<url>', help: 'The store: sqlite:PATH, postgres://..., redis://... (default: $TOTP_ENROLL_STORE).' },
  table: { type: 'string', value: '<name>', help: 'SQL table name (SQLite, PostgreSQL); default totp_enroll_mfa.' },
  prefix: { type: 'string', value: '<prefix>', help: 'Redis key prefix; default totp-enroll:mfa:.' },
  actor: { type: 'string', value: '<name>', help: 'Who acts, for the audit events; default cli:$USER.' },
};

/** Options of `totp-enroll` itself (before or without a command). */
export const TOP_OPTIONS: Record<string, OptionSpec> = {
  ...COMMON_OPTIONS,
  version: { type: 'boolean', short: 'V', help: 'Print the version.' },
};

type ParseOptions = Record<string, { type: 'string' | 'boolean'; short?: string }>;

function toParseOptions(specs: Record<string, OptionSpec>): ParseOptions {
  const out: ParseOptions = {};
  for (const [name, s] of Object.entries(specs)) out[name] = s.short ? { type: s.type, short: s.short } : { type: s.type };
  return out;
}

/** Every option a command can take: its own, the common ones and, with a store, the store's. */
export function optionsOf(command: Command): Record<string, OptionSpec> {
  return { ...command.options, ...(command.usesStore ? STORE_OPTIONS : {}), ...COMMON_OPTIONS };
}

/** The option text of a token for messages: `--name` or `-n`. */
function optionText(raw: string): string {
  const eq = raw.indexOf('=');
  return eq > 0 ? raw.slice(0, eq) : raw;
}

/**
 * Splits the command line into the command name and the rest. Options may come before the command
 * (`totp-enroll --store sqlite:x.db status alice`), so the first word that is not an option or an
 * option's value is the command.
 * @example
 * ```ts
 * splitCommand(['--store', 'sqlite:a.db', 'status', 'alice'], commands); // { name: 'status', rest: ['--store', 'sqlite:a.db', 'alice'] }
 * ```
 */
export function splitCommand(argv: readonly string[], commands: readonly Command[]): { name: string | undefined; rest: string[] } {
  const all: Record<string, OptionSpec> = { ...TOP_OPTIONS, ...STORE_OPTIONS };
  for (const c of commands) Object.assign(all, c.options);
  const { tokens } = parseArgs({ args: [...argv], options: toParseOptions(all), strict: false, allowPositionals: true, tokens: true });
  for (const token of tokens) {
    if (token.kind === 'option-terminator') break;
    if (token.kind === 'option' && !(token.name in all)) {
      throw usageError('', `Unknown option ${optionText(token.rawName)}.`);
    }
    if (token.kind === 'positional') {
      const rest = [...argv.slice(0, token.index), ...argv.slice(token.index + 1)];
      return { name: token.value, rest };
    }
  }
  return { name: undefined, rest: [...argv] };
}

/**
 * Parses a command's arguments strictly: unknown options, a missing value, a value given to a flag,
 * and too few or too many arguments are usage errors (exit 2) that name the command.
 * @example
 * ```ts
 * parseCommand(statusCommand, ['alice', '--json']); // { values: { json: true }, positionals: ['alice'] }
 * ```
 */
export function parseCommand(command: Command, argv: readonly string[]): ParsedArgs {
  const specs = optionsOf(command);
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: [...argv], options: toParseOptions(specs), strict: true, allowPositionals: true });
  } catch (e) {
    throw usageError(command.name, describeParseError(e, argv));
  }
  const values = parsed.values as ParsedArgs['values'];
  if (values['help'] === true) return { values, positionals: parsed.positionals };
  const n = parsed.positionals.length;
  const { min, max } = command.positionals;
  if (n < min) throw usageError(command.name, `${command.name} needs ${command.usage.split(' [')[0]}.`);
  if (n > max) throw usageError(command.name, `${command.name} takes ${max === 0 ? 'no arguments' : `at most ${max} argument${max === 1 ? '' : 's'}`}; got ${n}.`);
  return { values, positionals: parsed.positionals };
}

function describeParseError(e: unknown, argv: readonly string[]): string {
  const code = (e as { code?: string }).code;
  const message = e instanceof Error ? e.message : String(e);
  const named = /'(-[^']*)'/.exec(message)?.[1];
  const option = named === undefined ? 'an option' : optionText(named.split(' ')[0]!);
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `Unknown option ${option}.`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    if (message.includes('argument missing')) return `Option ${option} needs a value.`;
    // `--at -5`: parseArgs will not take a value that looks like an option without `=`.
    if (message.includes('ambiguous')) return `The value of ${option} begins with '-': write it as ${option}=VALUE.`;
    return `Option ${option} takes no value.`;
  }
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') return `Unexpected argument in: ${argv.join(' ')}.`;
  throw new CliError(EXIT.usage, message);
}

/**
 * A string option read as an integer in `[min, max]`, or `fallback` when absent; a usage error otherwise.
 * @example
 * ```ts
 * intOption(args, 'code', 'digits', 6, 8, 6); // 6 unless --digits was given
 * ```
 */
export function intOption(args: ParsedArgs, command: string, name: string, min: number, max: number, fallback: number): number {
  const raw = args.values[name];
  if (raw === undefined) return fallback;
  const n = typeof raw === 'string' && /^[0-9]{1,9}$/.test(raw) ? Number(raw) : NaN;
  if (!(n >= min && n <= max)) throw usageError(command, `--${name} must be an integer from ${min} to ${max}.`);
  return n;
}

/** A string option, or undefined. */
export function stringOption(args: ParsedArgs, name: string): string | undefined {
  const v = args.values[name];
  return typeof v === 'string' ? v : undefined;
}

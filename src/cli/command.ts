/**
 * The shape of one CLI command: its name, its help text, its options and what it runs.
 * @module
 */
import type { CliIo } from './io.js';
import type { ExitCode } from './exit.js';
import type { OpenedService } from './service.js';

/** One option of a command, as `node:util` `parseArgs` takes it, with its help. */
export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  /** The placeholder of a string option's value in the help (`<id>`). */
  value?: string;
  help: string;
}

/** The parsed command line of one command. */
export interface ParsedArgs {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

/** What a command runs with. */
export interface CommandContext {
  args: ParsedArgs;
  io: CliIo;
  /** Opens the store (and the service over it) named by `--store` / `TOTP_ENROLL_STORE`; closed by `main`. */
  openService(options?: { create?: boolean }): Promise<OpenedService>;
}

/** One command of `totp-enroll`. */
export interface Command {
  name: string;
  /** One line for the command list. */
  summary: string;
  /** The arguments after the name, e.g. `<user> [--json]`. */
  usage: string;
  /** Paragraphs after the usage in `totp-enroll <command> --help`. */
  description: string;
  /** Positional arguments: at least `min`, at most `max`. */
  positionals: { min: number; max: number };
  options: Record<string, OptionSpec>;
  /** Whether the command needs a store (adds the store options to its help). */
  usesStore: boolean;
  run(ctx: CommandContext): Promise<ExitCode>;
}

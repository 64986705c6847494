/**
 * The CLI's exit codes and its one error type: a message for the terminal and the code to exit with.
 * @module
 */

/** Exit codes of `totp-enroll`: documented in `--help` and the README. */
export const EXIT = {
  /** The command did what was asked. */
  ok: 0,
  /** The command ran and refused or failed: bad input data, unknown user, a lost race, bad lines in an import. */
  failed: 1,
  /** The command line cannot be understood: unknown command or option, missing or extra argument, bad option value. */
  usage: 2,
  /** The store cannot be used: its driver is not installed, or the server or file cannot be reached. */
  store: 3,
} as const;

/** One of {@link EXIT}'s values. */
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/**
 * An error the CLI reports as one line on stderr and exits with. `usage` names the command whose usage
 * follows the message (usage errors only). Messages never contain a secret or a key.
 * @example
 * ```ts
 * throw new CliError(EXIT.usage, 'status needs a user id.', 'status');
 * ```
 */
export class CliError extends Error {
  readonly exitCode: ExitCode;
  readonly usage: string | undefined;

  constructor(exitCode: ExitCode, message: string, usage?: string) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
    this.usage = usage;
  }
}

/**
 * A usage error (exit 2) of `command`, whose usage is printed after the sentence.
 * @example
 * ```ts
 * throw usageError('code', 'digits must be 6, 7 or 8.');
 * ```
 */
export function usageError(command: string, message: string): CliError {
  return new CliError(EXIT.usage, message, command);
}

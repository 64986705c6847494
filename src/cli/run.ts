/**
 * `runCli(argv, io)`: one run of `totp-enroll`, from the arguments to the exit code. Every failure becomes
 * one line on stderr and an exit code (see {@link EXIT}); the store is closed whatever happens.
 * @module
 */
import { OtpError } from '../errors.js';
import type { Command } from './command.js';
import { COMMANDS } from './commands.js';
import { parseCommand, splitCommand } from './args.js';
import { CliError, EXIT, type ExitCode } from './exit.js';
import { commandHelp, mainHelp, usageLine } from './help.js';
import { line, type CliIo } from './io.js';
import { KEY_ENV } from './keys.js';
import { type OpenedService, openService } from './service.js';
import { packageVersion } from './version.js';
import { isSecretLike } from './secret-like.js';

function find(name: string | undefined): Command | undefined {
  return COMMANDS.find((c) => c.name === name);
}

/**
 * The sentence for a first argument that is no command. It is quoted only when it could be a mistyped
 * command name: a forgotten `code` or `uri`, or `--store` left out before a URL, would otherwise print
 * a secret or a password.
 */
function unknownCommand(name: string): string {
  if (/^[a-z][a-z0-9-]{0,23}$/i.test(name) && !isSecretLike(name)) return `Unknown command '${name}'.`;
  return 'Unknown command (not shown: the first argument is not a command name and may hold a secret or a password).';
}

function report(io: CliIo, error: unknown, command: Command | undefined): ExitCode {
  const name = command === undefined ? 'totp-enroll' : `totp-enroll ${command.name}`;
  if (error instanceof CliError) {
    line(io.stderr, `${name}: ${error.message}`);
    if (error.exitCode === EXIT.usage && error.usage !== undefined) {
      const usage = find(error.usage) ?? command;
      line(io.stderr, usageLine(usage));
      line(io.stderr, `Run '${usage === undefined ? 'totp-enroll --help' : `totp-enroll ${usage.name} --help`}' for more.`);
    }
    return error.exitCode;
  }
  if (error instanceof OtpError) {
    // OtpError messages name fields, never secrets, codes or keys.
    if (error.code === 'STORE_UNAVAILABLE') {
      // The cause is the scrubbed driver error (name, code, message; never the record).
      const cause = error.cause instanceof Error ? ` (${error.cause.message.split('\n')[0]})` : '';
      line(io.stderr, `${name}: the store failed: ${error.message}${cause}`);
      return EXIT.store;
    }
    const hint = error.code === 'DECRYPT_FAILED' ? ` (check ${KEY_ENV.keys} and ${KEY_ENV.current})` : '';
    line(io.stderr, `${name}: ${error.message}${hint} [${error.code}]`);
    return EXIT.failed;
  }
  const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
  line(io.stderr, `${name}: unexpected error: ${message}`);
  if (io.env['TOTP_ENROLL_DEBUG'] && error instanceof Error && error.stack) line(io.stderr, error.stack);
  return EXIT.failed;
}

/**
 * Runs the CLI once and answers its exit code; never throws.
 * @example
 * ```ts
 * process.exitCode = await runCli(process.argv.slice(2), nodeIo());
 * ```
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  let command: Command | undefined;
  let service: OpenedService | undefined;
  try {
    const { name, rest } = splitCommand(argv, COMMANDS);
    if (name === undefined || name === 'help') {
      const wanted = name === 'help' ? find(rest.find((a) => !a.startsWith('-'))) : undefined;
      if (wanted) {
        line(io.stdout, commandHelp(wanted));
        return EXIT.ok;
      }
      if (rest.includes('--version') || rest.includes('-V')) {
        line(io.stdout, packageVersion());
        return EXIT.ok;
      }
      if (name === 'help' || rest.includes('--help') || rest.includes('-h')) {
        line(io.stdout, mainHelp(COMMANDS, packageVersion()));
        return EXIT.ok;
      }
      throw new CliError(EXIT.usage, 'No command given.', '');
    }
    command = find(name);
    if (command === undefined) throw new CliError(EXIT.usage, unknownCommand(name), '');
    const args = parseCommand(command, rest);
    if (args.values['help'] === true) {
      line(io.stdout, commandHelp(command));
      return EXIT.ok;
    }
    return await command.run({
      args,
      io,
      openService: async (options) => (service ??= await openService(args, io, { create: options?.create ?? false })),
    });
  } catch (error) {
    return report(io, error, command);
  } finally {
    if (service !== undefined) await service.close().catch(() => {});
  }
}

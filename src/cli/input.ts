/**
 * Arguments that may hold a secret can be read from standard input instead (`-`), so the secret stays
 * out of the shell history and the process list.
 * @module
 */
import type { CliIo } from './io.js';
import { CliError, EXIT } from './exit.js';

/**
 * The argument, or the first line of standard input (trimmed) when it is `-`.
 * @example
 * ```ts
 * await argOrStdin('-', io, 'uri'); // the URI piped in
 * ```
 */
export async function argOrStdin(value: string, io: CliIo, command: string): Promise<string> {
  if (value !== '-') return value;
  const text = (await io.readStdin()).replace(/^\uFEFF/, '').split(/\r?\n/)[0]!.trim();
  if (text === '') throw new CliError(EXIT.usage, `${command}: standard input is empty.`, command);
  return text;
}

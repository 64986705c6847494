/**
 * A user id from the command line, checked as the service checks it, so a mistake is a sentence.
 * @module
 */
import { checkUserId, isReservedId } from '../user-id.js';
import { CliError, EXIT } from './exit.js';

/**
 * Checks a user id argument.
 * @throws CliError exit 2 for an id the service refuses (empty, too long, U+0000, reserved namespace).
 * @example
 * ```ts
 * userArg('status', 'alice'); // 'alice'
 * ```
 */
export function userArg(command: string, id: string | undefined): string {
  try {
    checkUserId(id);
  } catch {
    throw new CliError(EXIT.usage, `${command}: the user id must be 1 to 512 characters without U+0000.`, command);
  }
  if (isReservedId(id)) throw new CliError(EXIT.usage, `${command}: ids beginning with U+FDD0 are the library's own records, not users.`, command);
  return id;
}

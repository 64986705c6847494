/**
 * `totp-enroll unlock <user>`: clears a lock or suspension (administrator action).
 * @module
 */
import type { Command } from '../command.js';
import { EXIT } from '../exit.js';
import { printable } from '../format.js';
import { line } from '../io.js';
import { userArg } from '../user-arg.js';

/**
 * The `unlock` command.
 * @example
 * ```sh
 * totp-enroll unlock alice --store postgres://app@db/app
 * ```
 */
export const unlockCommand: Command = {
  name: 'unlock',
  summary: 'Clear a lock or suspension and the failure counts (the factor stays)',
  usage: '<user>',
  description:
    "Clears the TOTP lock, the suspension and both failure counts of an enabled user; the authenticator and the\n" +
    'recovery codes stay. Exit 1 when the user has no enabled factor, or when concurrent writes kept it busy.',
  positionals: { min: 1, max: 1 },
  options: {},
  usesStore: true,
  async run({ args, io, openService }) {
    const user = userArg('unlock', args.positionals[0]);
    const { mfa, actor } = await openService();
    const r = await mfa.unlock(user, { actor });
    if (r.ok) {
      line(io.stdout, `${printable(user)}: unlocked (failure counts cleared; the factor stays).`);
      return EXIT.ok;
    }
    line(io.stderr, r.reason === 'not-enabled' ? `totp-enroll unlock: ${printable(user)} has no enabled factor: nothing to unlock.` : `totp-enroll unlock: ${printable(user)}: the record was busy with other writes; nothing changed, try again.`);
    return EXIT.failed;
  },
};

/**
 * `totp-enroll disable <user>`: removes a user's MFA, after a confirmation.
 * @module
 */
import type { Command } from '../command.js';
import { EXIT } from '../exit.js';
import { printable } from '../format.js';
import { line } from '../io.js';
import { userArg } from '../user-arg.js';

/**
 * The `disable` command.
 * @example
 * ```sh
 * totp-enroll disable alice --yes --store sqlite:app.db
 * ```
 */
export const disableCommand: Command = {
  name: 'disable',
  summary: 'Remove the factor, any pairing, the recovery codes and the counters',
  usage: '<user> --yes',
  description:
    'Removes everything MFA knows about the user (it needs no key and no readable record). The user signs in\n' +
    'without a second factor until they enroll again. Asks for the user id on a terminal; elsewhere it refuses\n' +
    'without --yes (exit 1).',
  positionals: { min: 1, max: 1 },
  options: { yes: { type: 'boolean', short: 'y', help: 'Do it without asking.' } },
  usesStore: true,
  async run({ args, io, openService }) {
    const user = userArg('disable', args.positionals[0]);
    if (args.values['yes'] !== true) {
      if (io.ask === null) {
        line(io.stderr, `totp-enroll disable: refusing to remove ${printable(user)}'s MFA without confirmation: pass --yes.`);
        return EXIT.failed;
      }
      const answer = await io.ask(`Remove MFA of ${printable(user)} (factor, recovery codes)? Type the user id to confirm: `);
      if (answer.trim() !== user) {
        line(io.stderr, 'totp-enroll disable: not confirmed; nothing changed.');
        return EXIT.failed;
      }
    }
    const { mfa, actor, events } = await openService();
    const r = await mfa.disable(user, { actor });
    if (!r.ok) {
      line(io.stderr, `totp-enroll disable: ${printable(user)}: the record was busy with other writes; nothing changed, try again.`);
      return EXIT.failed;
    }
    const existed = events.some((e) => e.type === 'factor.disabled');
    line(io.stdout, existed ? `${printable(user)}: MFA disabled.` : `${printable(user)}: had no MFA; nothing to remove.`);
    return EXIT.ok;
  },
};

/**
 * `totp-enroll status <user>`: one user's MFA status.
 * @module
 */
import type { Command } from '../command.js';
import { EXIT } from '../exit.js';
import { line } from '../io.js';
import { statusJson, statusText } from '../status-text.js';
import { userArg } from '../user-arg.js';

/**
 * The `status` command.
 * @example
 * ```sh
 * totp-enroll status alice --store sqlite:app.db
 * ```
 */
export const statusCommand: Command = {
  name: 'status',
  summary: "Show a user's MFA state, locks and recovery codes left",
  usage: '<user> [--json]',
  description:
    'Prints the state (disabled, pending, verified, enabled), a pairing or rotation in progress, the lock and\n' +
    'suspension, failure counts, drift and how many recovery codes are left. Never a secret. A user the store\n' +
    'does not know is reported as disabled (exit 0).',
  positionals: { min: 1, max: 1 },
  options: { json: { type: 'boolean', help: 'Print one JSON object instead.' } },
  usesStore: true,
  async run({ args, io, openService }) {
    const user = userArg('status', args.positionals[0]);
    const { mfa } = await openService();
    const status = await mfa.status(user);
    line(io.stdout, args.values['json'] ? statusJson(user, status) : statusText(user, status, io.now()));
    return EXIT.ok;
  },
};

/**
 * `totp-enroll uri <uri>`: what an otpauth URI says, and which authenticator apps would mishandle it.
 * @module
 */
import { parseOtpauthUri } from '../../uri/parse.js';
import { checkAppCompatibility } from '../../uri/compat.js';
import { OtpError } from '../../errors.js';
import type { Command } from '../command.js';
import { intOption } from '../args.js';
import { EXIT } from '../exit.js';
import { fields, printable } from '../format.js';
import { argOrStdin } from '../input.js';
import { line } from '../io.js';

/**
 * The `uri` command.
 * @example
 * ```sh
 * totp-enroll uri 'otpauth://totp/Acme:alice?secret=...&issuer=Acme'
 * ```
 */
export const uriCommand: Command = {
  name: 'uri',
  summary: 'Parse an otpauth:// URI and list app-compatibility warnings',
  usage: '<uri|-> [--show-secret] [--min-secret-bytes <n>] [--json]',
  description:
    'Prints the type, issuer, account name, algorithm, digits, period (and HOTP counter) of the URI, then the\n' +
    "settings popular authenticator apps ignore or mishandle. The secret is shown only with --show-secret.\n" +
    "Pass - to read the URI from standard input (keeps it out of the shell history). Exit 1 for an invalid URI.",
  positionals: { min: 1, max: 1 },
  options: {
    'show-secret': { type: 'boolean', help: 'Also print the secret.' },
    'min-secret-bytes': { type: 'string', value: '<n>', help: 'Accept keys this short (default 16 bytes; legacy keys: 10).' },
    json: { type: 'boolean', help: 'Print one JSON object { uri fields, warnings }.' },
  },
  usesStore: false,
  async run({ args, io }) {
    const minSecretBytes = intOption(args, 'uri', 'min-secret-bytes', 1, 64, 16);
    const text = await argOrStdin(args.positionals[0]!, io, 'uri');
    let parsed;
    try {
      parsed = parseOtpauthUri(text, { minSecretBytes });
    } catch (error) {
      if (!(error instanceof OtpError)) throw error;
      line(io.stderr, `totp-enroll uri: invalid otpauth URI (${error.field ?? 'uri'}): ${error.message}.`);
      return EXIT.failed;
    }
    const warnings = checkAppCompatibility(parsed);
    const { secret, ...rest } = parsed;
    const shown = args.values['show-secret'] === true ? { ...rest, secret } : rest;
    if (args.values['json']) {
      const counter = typeof shown.counter === 'bigint' ? shown.counter.toString() : shown.counter;
      line(io.stdout, JSON.stringify({ ...shown, ...(counter === undefined ? {} : { counter }), warnings }));
      return EXIT.ok;
    }
    const rows: [string, string][] = [
      ['type', parsed.type],
      ['issuer', parsed.issuer === undefined ? '(none)' : printable(parsed.issuer)],
      ['account', printable(parsed.accountName)],
      ['algorithm', parsed.algorithm],
      ['digits', String(parsed.digits)],
    ];
    if (parsed.type === 'totp') rows.push(['period', `${parsed.period} s`]);
    if (parsed.counter !== undefined) rows.push(['counter', String(parsed.counter)]);
    rows.push(['secret', args.values['show-secret'] === true ? secret : `(${Math.floor((secret.length * 5) / 8)} bytes; --show-secret to print it)`]);
    line(io.stdout, fields(rows));
    if (warnings.length === 0) line(io.stdout, 'No app-compatibility warnings.');
    else {
      line(io.stdout, `App-compatibility warnings (${warnings.length}):`);
      for (const w of warnings) line(io.stdout, `  ${w.field}: ${w.message}`);
    }
    return EXIT.ok;
  },
};

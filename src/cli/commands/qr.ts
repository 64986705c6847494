/**
 * `totp-enroll qr <uri>`: an otpauth URI as a QR code in the terminal, to scan with a phone.
 * @module
 */
import { parseOtpauthUri } from '../../uri/parse.js';
import { qrTerminal } from '../../qr/terminal.js';
import { OtpError } from '../../errors.js';
import type { Command } from '../command.js';
import { intOption } from '../args.js';
import { EXIT } from '../exit.js';
import { printable } from '../format.js';
import { argOrStdin } from '../input.js';
import { line } from '../io.js';

/**
 * The `qr` command.
 * @example
 * ```sh
 * totp-enroll qr - < uri.txt
 * ```
 */
export const qrCommand: Command = {
  name: 'qr',
  summary: 'Draw an otpauth:// URI as a QR code in the terminal',
  usage: '<uri|-> [--invert] [--min-secret-bytes <n>]',
  description:
    'Checks the URI (as `uri` does), then draws it with Unicode half blocks, the issuer and account underneath.\n' +
    'The QR code holds the secret: anyone who sees the screen can scan it. Pass - to read the URI from\n' +
    'standard input. Exit 1 for an invalid URI.',
  positionals: { min: 1, max: 1 },
  options: {
    invert: { type: 'boolean', help: 'Draw the dark modules (for dark text on a light background).' },
    'min-secret-bytes': { type: 'string', value: '<n>', help: 'Accept keys this short (default 16 bytes).' },
  },
  usesStore: false,
  async run({ args, io }) {
    const minSecretBytes = intOption(args, 'qr', 'min-secret-bytes', 1, 64, 16);
    const text = await argOrStdin(args.positionals[0]!, io, 'qr');
    let label: string;
    let qr: string;
    try {
      const p = parseOtpauthUri(text, { minSecretBytes });
      label = p.issuer === undefined ? p.accountName : `${p.issuer}: ${p.accountName}`;
      qr = qrTerminal(text.replace(/^\uFEFF/, '').trim(), { invert: args.values['invert'] === true });
    } catch (error) {
      if (!(error instanceof OtpError)) throw error;
      line(io.stderr, `totp-enroll qr: invalid otpauth URI (${error.field ?? 'uri'}): ${error.message}.`);
      return EXIT.failed;
    }
    line(io.stdout, qr);
    line(io.stdout, printable(label));
    return EXIT.ok;
  },
};

/**
 * `totp-enroll code <secret>`: the code an authenticator app shows now, for a support desk.
 * @module
 */
import { generateTotp } from '../../totp.js';
import { OtpError } from '../../errors.js';
import type { Algorithm, Digits } from '../../params.js';
import type { Command } from '../command.js';
import { intOption, stringOption } from '../args.js';
import { EXIT, usageError } from '../exit.js';
import { formatTime } from '../format.js';
import { argOrStdin } from '../input.js';
import { line } from '../io.js';

const ALGORITHMS: readonly Algorithm[] = ['SHA1', 'SHA256', 'SHA512'];

/** `--at`: Unix ms, or an ISO 8601 time. */
function readAt(text: string | undefined, now: number): number {
  if (text === undefined) return now;
  const ms = /^[0-9]{1,16}$/.test(text) ? Number(text) : Date.parse(text);
  if (!Number.isSafeInteger(ms) || ms < 0) throw usageError('code', '--at must be Unix milliseconds or an ISO 8601 time, e.g. 2026-12-01T13:05:00Z.');
  return ms;
}

/**
 * The `code` command.
 * @example
 * ```sh
 * echo JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP | totp-enroll code -
 * ```
 */
export const codeCommand: Command = {
  name: 'code',
  summary: 'Print the current TOTP code of a base32 secret (for support desks)',
  usage: '<secret|-> [--algorithm SHA1|SHA256|SHA512] [--digits 6|7|8] [--period <s>] [--at <time>]',
  description:
    'Prints the code for the time step now (or at --at) and the next one, with when the current one ends.\n' +
    'Pass - to read the secret from standard input (keeps it out of the shell history). Exit 1 for a secret\n' +
    'that is not base32 or shorter than --min-secret-bytes.',
  positionals: { min: 1, max: 1 },
  options: {
    algorithm: { type: 'string', value: '<name>', help: 'SHA1 (default), SHA256 or SHA512.' },
    digits: { type: 'string', value: '<n>', help: '6 (default), 7 or 8.' },
    period: { type: 'string', value: '<s>', help: 'Seconds per code, 1 to 120; default 30.' },
    at: { type: 'string', value: '<time>', help: 'Unix ms or ISO 8601 time instead of now.' },
    'min-secret-bytes': { type: 'string', value: '<n>', help: 'Accept keys this short (default 16 bytes; legacy keys: 10).' },
    json: { type: 'boolean', help: 'Print { code, next, validUntil } as JSON.' },
  },
  usesStore: false,
  async run({ args, io }) {
    const algorithmText = (stringOption(args, 'algorithm') ?? 'SHA1').toUpperCase().replace('-', '');
    const algorithm = ALGORITHMS.find((a) => a === algorithmText);
    if (algorithm === undefined) throw usageError('code', '--algorithm must be SHA1, SHA256 or SHA512.');
    const digits = intOption(args, 'code', 'digits', 6, 8, 6) as Digits;
    const period = intOption(args, 'code', 'period', 1, 120, 30);
    const minSecretBytes = intOption(args, 'code', 'min-secret-bytes', 1, 64, 16);
    const at = readAt(stringOption(args, 'at'), io.now());
    const secret = await argOrStdin(args.positionals[0]!, io, 'code');
    const stepMs = period * 1000;
    const validUntil = (Math.floor(at / stepMs) + 1) * stepMs;
    let code: string;
    let next: string;
    try {
      code = generateTotp(secret, { algorithm, digits, period, now: at, minSecretBytes });
      next = generateTotp(secret, { algorithm, digits, period, now: validUntil, minSecretBytes });
    } catch (error) {
      if (!(error instanceof OtpError)) throw error;
      line(io.stderr, `totp-enroll code: ${error.message}.`); // OtpError messages never contain the secret
      return EXIT.failed;
    }
    if (args.values['json']) line(io.stdout, JSON.stringify({ code, next, validUntil }));
    else {
      line(io.stdout, code);
      line(io.stderr, `valid until ${formatTime(validUntil)} (${Math.ceil((validUntil - at) / 1000)} s left); next code ${next}`);
    }
    return EXIT.ok;
  },
};

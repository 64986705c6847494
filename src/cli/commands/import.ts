/**
 * `totp-enroll import <file.csv>`: existing authenticators (user, secret, parameters) become enabled
 * factors through `mfa.importFactor`, without pairing. Bad lines are reported by line number and field,
 * never with their secret.
 * @module
 */
import { readFile } from 'node:fs/promises';
import { OtpError } from '../../errors.js';
import { type Algorithm, type Digits } from '../../params.js';
import { decodeSecret } from '../../secret.js';
import { checkUserId, isReservedId } from '../../user-id.js';
import type { Command } from '../command.js';
import { intOption } from '../args.js';
import { CliError, EXIT } from '../exit.js';
import { CsvSyntaxError, parseCsv } from '../csv.js';
import { printable } from '../format.js';
import { line } from '../io.js';
import { KEY_ENV, parseKeyEnv } from '../keys.js';
import { isSecretLike } from '../secret-like.js';

const COLUMNS = ['user', 'secret', 'algorithm', 'digits', 'period', 'last_step'] as const;
type Column = (typeof COLUMNS)[number];
const CONCURRENCY = 8;

/** One valid line, ready for `importFactor`. */
interface Row {
  line: number;
  user: string;
  factor: { secret: string; algorithm?: Algorithm; digits?: Digits; period?: number; lastStep?: number };
}

/** A line that failed: its number and why, without its secret. */
interface Failure {
  line: number;
  message: string;
}

function columnsOf(header: string[]): Map<Column, number> {
  const at = new Map<Column, number>();
  header.forEach((raw, i) => {
    const name = raw.trim().toLowerCase() as Column;
    // A header cell that is a secret (a file without its header row) is never quoted.
    if (!COLUMNS.includes(name) && isSecretLike(raw.trim())) {
      throw new CliError(
        EXIT.failed,
        `line 1: column ${i + 1} holds what looks like a secret, not a column name: the first line must be a header row (${COLUMNS.join(', ')}).`,
      );
    }
    if (!COLUMNS.includes(name)) throw new CliError(EXIT.failed, `line 1: unknown column '${printable(raw.trim())}' (columns: ${COLUMNS.join(', ')}).`);
    if (at.has(name)) throw new CliError(EXIT.failed, `line 1: column '${name}' appears twice.`);
    at.set(name, i);
  });
  for (const need of ['user', 'secret'] as const) {
    if (!at.has(need)) throw new CliError(EXIT.failed, `line 1: the header has no '${need}' column (a header row of ${COLUMNS.join(', ')} is required).`);
  }
  return at;
}

/** Reads one line into a row, or says what is wrong with it (never quoting the secret). */
function readRow(cells: string[], at: Map<Column, number>, lineNo: number, minBytes: number): Row | string {
  const get = (c: Column): string | undefined => {
    const i = at.get(c);
    return i === undefined ? undefined : cells[i]!.trim();
  };
  const user = cells[at.get('user')!]!; // user ids are taken as written: spaces are part of an id
  try {
    checkUserId(user);
  } catch {
    return 'user: must be 1 to 512 characters without U+0000';
  }
  if (isReservedId(user)) return "user: ids beginning with U+FDD0 are the library's own records";
  const secret = get('secret')!;
  if (secret === '') return 'secret: empty';
  try {
    decodeSecret(secret, { minBytes }).fill(0);
  } catch (error) {
    if (error instanceof OtpError) return `secret: ${error.message}`; // INVALID_SECRET messages never hold the secret
    throw error;
  }
  const factor: Row['factor'] = { secret };
  const algorithm = get('algorithm');
  if (algorithm) {
    const a = algorithm.toUpperCase().replace('-', '');
    if (a !== 'SHA1' && a !== 'SHA256' && a !== 'SHA512') return 'algorithm: must be SHA1, SHA256 or SHA512';
    factor.algorithm = a;
  }
  const digits = get('digits');
  if (digits) {
    if (digits !== '6' && digits !== '7' && digits !== '8') return 'digits: must be 6, 7 or 8';
    factor.digits = Number(digits) as Digits;
  }
  const period = get('period');
  if (period) {
    if (!/^[1-9][0-9]{0,2}$/.test(period) || Number(period) > 120) return 'period: must be an integer from 1 to 120 (seconds)';
    factor.period = Number(period);
  }
  const lastStep = get('last_step');
  if (lastStep) {
    if (!/^[0-9]{1,15}$/.test(lastStep)) return 'last_step: must be a time step (floor(unix seconds / period))';
    factor.lastStep = Number(lastStep);
  }
  return { line: lineNo, user, factor };
}

/** A message with any form of the line's secret taken out (belt and braces: library messages hold none). */
function redact(message: string, secret: string): string {
  const forms = [secret, secret.replace(/[\s-]/g, ''), secret.replace(/[\s-]/g, '').toUpperCase().replace(/=+$/, '')].filter((f) => f.length >= 4);
  return forms.reduce((m, f) => m.split(f).join('[secret]'), message);
}

/**
 * The `import` command.
 * @example
 * ```sh
 * TOTP_ENROLL_KEYS="k1:$KEY" totp-enroll import users.csv --store postgres://app@db/app
 * ```
 */
export const importCommand: Command = {
  name: 'import',
  summary: 'Import existing authenticators from a CSV file (user, secret, ...)',
  usage: '<file.csv|-> [--replace] [--min-secret-bytes <n>] [--dry-run] [--plaintext]',
  description:
    'Reads a CSV file with a header row naming its columns: user and secret (base32) are required; algorithm\n' +
    '(SHA1, SHA256, SHA512), digits (6-8), period (seconds) and last_step (the last time step the old system\n' +
    'accepted) are optional, empty meaning the default. Each line becomes an enabled factor (no pairing, no\n' +
    'recovery codes). A user who already has MFA is refused unless --replace. Secrets are sealed with\n' +
    `${KEY_ENV.keys}; without it the import refuses unless --plaintext (the application then must not use a\n` +
    'cipher). Errors name the line and the field, never the secret. Creates the SQLite file and the table if\n' +
    'missing. Exit 1 when any line failed (the others are imported).',
  positionals: { min: 1, max: 1 },
  options: {
    replace: { type: 'boolean', help: 'Replace the factor of users who already have MFA.' },
    'min-secret-bytes': { type: 'string', value: '<n>', help: 'Accept keys this short: 10 for legacy 80-bit keys (default 16).' },
    'dry-run': { type: 'boolean', help: 'Check the file only; write nothing (no store needed).' },
    plaintext: { type: 'boolean', help: `Store secrets unencrypted when ${KEY_ENV.keys} is not set.` },
  },
  usesStore: true,
  async run({ args, io, openService }) {
    const minBytes = intOption(args, 'import', 'min-secret-bytes', 10, 64, 16);
    const file = args.positionals[0]!;
    let text: string;
    try {
      text = file === '-' ? await io.readStdin() : await readFile(file, 'utf8');
    } catch (error) {
      throw new CliError(EXIT.failed, `cannot read ${printable(file)}: ${(error as { code?: string }).code ?? (error as Error).message}.`);
    }
    let records;
    try {
      records = parseCsv(text);
    } catch (error) {
      if (error instanceof CsvSyntaxError) throw new CliError(EXIT.failed, `line ${error.line}: ${error.message}; nothing imported.`);
      throw error;
    }
    if (records.length === 0) throw new CliError(EXIT.failed, `${printable(file)} is empty (a header row is required).`);
    const at = columnsOf(records[0]!.cells);
    const failures: Failure[] = [];
    const rows: Row[] = [];
    const firstLine = new Map<string, number>();
    for (const r of records.slice(1)) {
      if (r.cells.length !== at.size) {
        failures.push({ line: r.line, message: `expected ${at.size} fields, found ${r.cells.length}` });
        continue;
      }
      const row = readRow(r.cells, at, r.line, minBytes);
      if (typeof row === 'string') {
        failures.push({ line: r.line, message: row });
        continue;
      }
      const seen = firstLine.get(row.user);
      if (seen !== undefined) {
        failures.push({ line: r.line, message: `user ${printable(row.user)} already appears on line ${seen}` });
        continue;
      }
      firstLine.set(row.user, r.line);
      rows.push(row);
    }

    let imported = 0;
    let next = 0;
    // A store failure (or an unexpected error) stops the import: no worker takes another row, the lines
    // imported so far and those not imported are reported, and then the error itself (exit 3 for the store).
    let stopped: { error: unknown } | undefined;
    if (args.values['dry-run'] !== true && rows.length > 0) {
      if (parseKeyEnv(io.env) === undefined && args.values['plaintext'] !== true) {
        throw new CliError(
          EXIT.usage,
          `${KEY_ENV.keys} is not set, so secrets would be stored unencrypted: set it to the application's keys, or pass --plaintext if the application uses no cipher.`,
          'import',
        );
      }
      const service = await openService({ create: true });
      const options = { actor: service.actor, replace: args.values['replace'] === true, minSecretBytes: minBytes };
      const worker = async (): Promise<void> => {
        while (next < rows.length && stopped === undefined) {
          const row = rows[next++]!;
          try {
            const r = await service.mfa.importFactor(row.user, row.factor, options);
            if (r.ok) imported++;
            else if (r.reason === 'exists') failures.push({ line: row.line, message: `${printable(row.user)} already has MFA (pass --replace to replace it)` });
            else failures.push({ line: row.line, message: `${printable(row.user)}: busy with other writes; not imported, run again` });
          } catch (error) {
            if (!(error instanceof OtpError) || error.code === 'STORE_UNAVAILABLE') {
              stopped ??= { error };
              failures.push({ line: row.line, message: 'not imported: the import stopped here' });
              continue;
            }
            failures.push({ line: row.line, message: redact(`${error.field ?? error.code}: ${error.message}`, row.factor.secret) });
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(CONCURRENCY, rows.length) }, worker));
    }

    failures.sort((a, b) => a.line - b.line);
    for (const f of failures) line(io.stderr, `totp-enroll import: line ${f.line}: ${f.message}`);
    const total = records.length - 1;
    const verb =
      args.values['dry-run'] === true
        ? `${rows.length} of ${total} lines valid`
        : `imported ${imported} of ${total}${stopped === undefined ? '' : ' before the import stopped'}`;
    const notAttempted = stopped === undefined || next >= rows.length ? '' : `; ${rows.length - next} not attempted (from line ${rows[next]!.line} on)`;
    line(io.stdout, `${verb}${failures.length > 0 ? `; ${failures.length} failed (line${failures.length === 1 ? '' : 's'} ${failures.map((f) => f.line).join(', ')})` : ''}${notAttempted}.`);
    if (stopped !== undefined) throw stopped.error;
    return failures.length > 0 ? EXIT.failed : EXIT.ok;
  },
};

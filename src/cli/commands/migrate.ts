/**
 * `totp-enroll migrate-secrets`: seals every stored secret with the current key of `TOTP_ENROLL_KEYS`
 * (plaintext secrets from before encryption, and envelopes under an older key id), through
 * `migrateSecrets`, with a progress bar and an estimate of the time left.
 * @module
 */
import { migrateSecrets } from '../../enrollment/migrate.js';
import type { MfaStore } from '../../storage/types.js';
import type { Command } from '../command.js';
import { intOption, stringOption } from '../args.js';
import { CliError, EXIT, usageError } from '../exit.js';
import { printable } from '../format.js';
import { line } from '../io.js';
import { KEY_ENV, parseKeyEnv } from '../keys.js';
import { type ProgressMode, progress } from '../progress.js';

/** The number of records a walk will scan (the library's own records included, as `scanned` counts them). */
async function countRecords(store: MfaStore & Required<Pick<MfaStore, 'list'>>): Promise<number> {
  let n = 0;
  let cursor: string | null = null;
  do {
    const page = await store.list({ cursor, limit: 1000 });
    n += page.items.length + (page.unreadable?.length ?? 0);
    cursor = page.cursor;
  } while (cursor !== null);
  return n;
}

/**
 * The `migrate-secrets` command.
 * @example
 * ```sh
 * TOTP_ENROLL_KEYS="2025-06:$NEW,2025-01:$OLD" totp-enroll migrate-secrets --store postgres://app@db/app
 * ```
 */
export const migrateCommand: Command = {
  name: 'migrate-secrets',
  summary: 'Encrypt plaintext secrets and re-seal old key ids with the current key',
  usage: '[--progress bar|lines|none] [--page-size <n>] [--cursor <c>] [--no-count] [--rotation] [--json]',
  description:
    `Walks every record and seals its secrets with the current key of ${KEY_ENV.keys} (${KEY_ENV.current}):\n` +
    'secrets stored as base32 before encryption was turned on, and envelopes under older key ids (keep those\n' +
    'ids listed so they can be read). Records are rewritten with compare-and-set, so the application may keep\n' +
    'running. First counts the records (skip with --no-count: no estimate then), then shows a bar with the\n' +
    'time left on a terminal, or a line every tenth of the way otherwise, on stderr. The summary goes to\n' +
    'stdout, the records that could not be migrated (user id and reason, never a secret) to stderr, and then\n' +
    'exit 1. An interrupted or failed run prints the cursor to resume from (--cursor).',
  positionals: { min: 0, max: 0 },
  options: {
    progress: { type: 'string', value: '<mode>', help: 'bar (default on a terminal), lines (default otherwise) or none.' },
    'page-size': { type: 'string', value: '<n>', help: 'Records per page, 1 to 1000 (default: the library default).' },
    cursor: { type: 'string', value: '<c>', help: 'Resume from the cursor an interrupted run printed.' },
    'no-count': { type: 'boolean', help: 'Do not count the records first (no estimate of the time left).' },
    rotation: { type: 'boolean', help: 'A rotation run: a base32 secret is a failure, not sealed (acceptPlaintext: false).' },
    json: { type: 'boolean', help: 'Print the summary as JSON.' },
  },
  usesStore: true,
  async run({ args, io, openService }) {
    const modeText = stringOption(args, 'progress') ?? (io.stderr.isTTY ? 'bar' : 'lines');
    if (modeText !== 'bar' && modeText !== 'lines' && modeText !== 'none') throw usageError('migrate-secrets', '--progress must be bar, lines or none.');
    const mode: ProgressMode = modeText;
    const pageSize = args.values['page-size'] === undefined ? undefined : intOption(args, 'migrate-secrets', 'page-size', 1, 1000, 100);
    const cursor = stringOption(args, 'cursor') ?? null;
    if (parseKeyEnv(io.env) === undefined) {
      throw new CliError(EXIT.usage, `${KEY_ENV.keys} is not set: migrate-secrets seals secrets with its current key.`, 'migrate-secrets');
    }
    const { store, cipher } = await openService();
    const list = store.list;
    if (typeof list !== 'function') throw new CliError(EXIT.failed, 'this store adapter cannot list its records, so it cannot be migrated.');
    const total = args.values['no-count'] === true || cursor !== null ? null : await countRecords(store as MfaStore & Required<Pick<MfaStore, 'list'>>);
    const bar = progress(io.stderr, mode, io.now, 'migrate-secrets');
    let resume: string | null = cursor;
    const resumeHint = (): string => (resume === null ? '' : `; resume with --cursor '${resume}'`);
    const stop = (): void => {
      if (mode === 'bar') line(io.stderr);
      line(io.stderr, `totp-enroll migrate-secrets: interrupted${resumeHint()}.`);
      process.exit(130);
    };
    process.once('SIGINT', stop);
    let result;
    try {
      result = await migrateSecrets({
        store,
        cipher: cipher!,
        cursor,
        ...(pageSize === undefined ? {} : { pageSize }),
        acceptPlaintext: args.values['rotation'] !== true,
        onProgress: (p) => {
          resume = p.cursor;
          bar.update(p.scanned, total);
        },
      });
    } catch (error) {
      if (mode === 'bar') line(io.stderr);
      if (resume !== null) line(io.stderr, `totp-enroll migrate-secrets: stopped${resumeHint()}.`);
      throw error;
    } finally {
      process.removeListener('SIGINT', stop);
    }
    bar.finish(result.scanned, total ?? result.scanned);
    const { failures, cursor: _end, ...counts } = result;
    void _end;
    for (const f of failures) line(io.stderr, `totp-enroll migrate-secrets: ${printable(f.userId)}: ${f.reason}`);
    if (result.failed > failures.length) line(io.stderr, `totp-enroll migrate-secrets: ... and ${result.failed - failures.length} more failures`);
    if (args.values['json']) line(io.stdout, JSON.stringify({ ...counts, failures }));
    else {
      const text = `scanned ${counts.scanned}: sealed ${counts.sealed}, rewrapped ${counts.rewrapped}, unchanged ${counts.unchanged}, skipped ${counts.skipped}, failed ${counts.failed}`;
      line(io.stdout, `migrate-secrets: ${text}.`);
    }
    return result.failed > 0 ? EXIT.failed : EXIT.ok;
  },
};

/**
 * `totp-enroll list`: every user in the store with their MFA state, page by page.
 * @module
 */
import type { Mfa, MfaStatus } from '../../enrollment/mfa.js';
import { OtpError } from '../../errors.js';
import { isReservedId } from '../../user-id.js';
import type { Command } from '../command.js';
import { stringOption } from '../args.js';
import { CliError, EXIT, usageError } from '../exit.js';
import { listTenant, readMembers } from './list-tenant.js';
import { printable } from '../format.js';
import { line, type OutStream } from '../io.js';
import { isLocked, stateSummary } from '../status-text.js';

const PAGE = 500;

/** Counts for the closing summary line. */
interface Tally {
  users: number;
  byState: Record<string, number>;
  locked: number;
  unreadable: number;
}

/** The statuses of one page, in one `statusMany`; on an unreadable record, one `status` each to name it. */
async function statuses(mfa: Mfa, ids: string[]): Promise<(MfaStatus | OtpError)[]> {
  try {
    return await mfa.statusMany(ids);
  } catch (error) {
    if (!(error instanceof OtpError) || error.code === 'STORE_UNAVAILABLE') throw error;
  }
  const out: (MfaStatus | OtpError)[] = [];
  for (const id of ids) {
    try {
      out.push(await mfa.status(id));
    } catch (error) {
      if (!(error instanceof OtpError) || error.code === 'STORE_UNAVAILABLE') throw error;
      out.push(error);
    }
  }
  return out;
}

function printRow(out: OutStream, json: boolean, userId: string, s: MfaStatus | OtpError): void {
  if (json) {
    line(out, JSON.stringify(s instanceof OtpError ? { userId, error: s.code, message: s.message } : { userId, ...s }));
    return;
  }
  const state = s instanceof OtpError ? `unreadable (${s.code})` : stateSummary(s);
  const failures = s instanceof OtpError ? '-' : String(s.failures);
  const codes = s instanceof OtpError || s.state !== 'enabled' ? '-' : String(s.recoveryCodesLeft);
  line(out, `${state.padEnd(40)} ${failures.padStart(8)} ${codes.padStart(8)}  ${printable(userId)}`);
}

function summary(t: Tally): string {
  const parts = ['enabled', 'verified', 'pending', 'disabled'].filter((s) => t.byState[s]).map((s) => `${t.byState[s]} ${s}`);
  const locked = t.locked > 0 ? ` (${t.locked} locked or suspended)` : '';
  const bad = t.unreadable > 0 ? `, ${t.unreadable} unreadable` : '';
  return `${t.users} user${t.users === 1 ? '' : 's'}${parts.length ? `: ${parts.join(', ')}` : ''}${locked}${bad}.`;
}

/**
 * The `list` command.
 * @example
 * ```sh
 * totp-enroll list --store sqlite:app.db --json
 * ```
 */
export const listCommand: Command = {
  name: 'list',
  summary: 'List every user with their MFA state',
  usage: '[--tenant <id> [--members <file|->]] [--json]',
  description:
    "Walks the store's listing page by page and prints each user's state, TOTP failures and recovery codes\n" +
    'left, then a count per state. --json prints one JSON object per user per line (JSON Lines) and no summary.\n' +
    "The library's own records (tenant policies) are skipped. Exit 1 when a record cannot be read (it is listed\n" +
    'as unreadable) or the store has no listing.\n' +
    "With --tenant: the tenant's MFA policy, each member's state and last sign-in, and the counts (enabled,\n" +
    'pending, disabled, locked, suspended) from tenantSummary. Members are the user ids in --members (one per\n' +
    'line; which users belong to a tenant is the application\'s business), else every user of the store.\n' +
    '--json then prints one object { tenantId, policy, counts, users }.',
  positionals: { min: 0, max: 0 },
  options: {
    tenant: { type: 'string', value: '<id>', help: "One tenant: its policy, its members' states and the counts." },
    members: { type: 'string', value: '<file>', help: 'With --tenant: the file (or - for stdin) of member ids, one per line.' },
    json: { type: 'boolean', help: 'One JSON object per user per line (with --tenant: one object).' },
  },
  usesStore: true,
  async run({ args, io, openService }) {
    const json = args.values['json'] === true;
    const tenant = stringOption(args, 'tenant');
    const membersFrom = stringOption(args, 'members');
    if (membersFrom !== undefined && tenant === undefined) throw usageError('list', '--members needs --tenant.');
    if (tenant !== undefined) {
      if (tenant === '') throw usageError('list', '--tenant needs a tenant id.');
      const members = membersFrom === undefined ? undefined : await readMembers(membersFrom, io);
      const { mfa, store } = await openService();
      if (members === undefined && typeof store.list !== 'function') {
        throw new CliError(EXIT.failed, 'this store adapter cannot list its records: pass the tenant\'s user ids with --members.');
      }
      await listTenant(mfa, tenant, members, io, json);
      return EXIT.ok;
    }
    const { mfa, store } = await openService();
    if (typeof store.list !== 'function') throw new CliError(EXIT.failed, 'this store adapter cannot list its records.');
    const tally: Tally = { users: 0, byState: {}, locked: 0, unreadable: 0 };
    if (!json) line(io.stdout, `${'STATE'.padEnd(40)} ${'FAILURES'.padStart(8)} ${'CODES'.padStart(8)}  USER`);
    const seen = new Set<string>(); // Redis SCAN may return a key twice
    let cursor: string | null = null;
    do {
      const page = await store.list({ cursor, limit: PAGE });
      // Rows the store cannot read back are listed too: their status fails, so they show as unreadable.
      const ids = [...page.items.map((i) => i.userId), ...(page.unreadable ?? [])].filter((id) => !isReservedId(id) && !seen.has(id));
      for (const id of ids) seen.add(id);
      const found = ids.length === 0 ? [] : await statuses(mfa, ids);
      found.forEach((s, i) => {
        tally.users++;
        if (s instanceof OtpError) tally.unreadable++;
        else {
          tally.byState[s.state] = (tally.byState[s.state] ?? 0) + 1;
          if (isLocked(s)) tally.locked++;
        }
        printRow(io.stdout, json, ids[i]!, s);
      });
      cursor = page.cursor;
    } while (cursor !== null);
    if (!json) line(io.stdout, summary(tally));
    return tally.unreadable > 0 ? EXIT.failed : EXIT.ok;
  },
};

/**
 * `totp-enroll list --tenant <id>`: one tenant's MFA policy, its users' states and the counts, through
 * `mfa.tenantSummary` (members from `--members`, else the whole store as one tenant).
 * @module
 */
import { readFile } from 'node:fs/promises';
import type { Mfa } from '../../enrollment/mfa.js';
import type { TenantMember, TenantSummary } from '../../enrollment/results.js';
import type { CliIo } from '../io.js';
import { line } from '../io.js';
import { CliError, EXIT } from '../exit.js';
import { formatWhen, printable } from '../format.js';
import { stateSummary } from '../status-text.js';

const PAGE = 1000;

/** The member ids of `--members`: one per line of the file (or stdin for `-`), blank lines skipped. */
export async function readMembers(source: string, io: CliIo): Promise<string[]> {
  let text: string;
  try {
    text = source === '-' ? await io.readStdin() : await readFile(source, 'utf8');
  } catch (error) {
    throw new CliError(EXIT.failed, `cannot read ${printable(source)}: ${(error as { code?: string }).code ?? (error as Error).message}.`);
  }
  return text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
}

function policyText(tenantId: string, p: TenantSummary['policy'], now: number): string {
  const who = p.updatedAt === null ? 'never configured' : `set ${formatWhen(p.updatedAt, now)}${p.updatedBy ? ` by ${printable(p.updatedBy)}` : ''}`;
  const rule = !p.required ? 'MFA not required' : p.graceUntil === null ? 'MFA required' : `MFA required, grace until ${formatWhen(p.graceUntil, now)}`;
  return `tenant ${printable(tenantId)}: ${rule} (${who})`;
}

function row(m: TenantMember, now: number): string {
  const last = m.lastUsedAt === null ? '-' : formatWhen(m.lastUsedAt, now);
  return `${stateSummary(m).padEnd(24)} ${last.padEnd(44)} ${printable(m.userId)}`;
}

/**
 * Prints one tenant: its policy, every member's state page by page, and the counts (or one JSON object).
 * @example
 * ```ts
 * await listTenant(mfa, 'acme', members, io, false);
 * ```
 */
export async function listTenant(mfa: Mfa, tenantId: string, members: string[] | undefined, io: CliIo, json: boolean): Promise<void> {
  const users: TenantMember[] = [];
  let first: TenantSummary | undefined;
  let cursor: string | null = null;
  const now = io.now();
  do {
    const page: TenantSummary = await mfa.tenantSummary(tenantId, { ...(members ? { members } : {}), cursor, limit: PAGE });
    if (first === undefined) {
      first = page;
      if (!json) {
        line(io.stdout, policyText(tenantId, page.policy, now));
        line(io.stdout, `${'STATE'.padEnd(24)} ${'LAST SIGN-IN'.padEnd(44)} USER`);
      }
    }
    if (json) users.push(...page.users);
    else for (const m of page.users) line(io.stdout, row(m, now));
    cursor = page.cursor;
  } while (cursor !== null);
  const { policy, counts } = first!;
  if (json) {
    line(io.stdout, JSON.stringify({ tenantId, policy, counts, users }));
    return;
  }
  const c = counts;
  line(io.stdout, `${c.total} user${c.total === 1 ? '' : 's'}: ${c.enabled} enabled, ${c.pending} pending, ${c.disabled} disabled; ${c.locked} locked, ${c.suspended} suspended.`);
}

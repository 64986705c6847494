// The store commands against a SQLite file: status, list, unlock, disable, with their exit codes and
// messages, and no secret or recovery code in any output.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sqliteStore } from '../../src/storage/sqlite.js';
import { createMfa } from '../../src/enrollment/service.js';
import { KEYS_ENV, cli, cliProblem, leaked, seed, type Seeded } from './cli.js';

const problem = cliProblem();
const dir = mkdtempSync(join(tmpdir(), 'totp-enroll-cli-'));
const file = join(dir, 'mfa.db');
const store = `sqlite:${file}`;
let db: Database.Database;
let seeded: Seeded;
const outputs: string[] = [];
const run = async (args: string[], env: Record<string, string> = KEYS_ENV) => {
  const r = await cli([...args, '--store', store], { env });
  outputs.push(r.all);
  return r;
};

beforeAll(async () => {
  db = new Database(file);
  seeded = await seed(sqliteStore({ db }));
});
afterAll(() => {
  db?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe.runIf(!problem)('totp-enroll on SQLite', () => {
  it('status shows an enabled user with recovery codes; --json is one object', async () => {
    const r = await run(['status', 'alice']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^state: +enabled$/m);
    expect(r.stdout).toMatch(/^recovery codes: +10 left$/m);
    expect(r.stdout).toMatch(/^locked: +no$/m);
    const j = await run(['status', 'alice', '--json']);
    expect(j.code).toBe(0);
    expect(JSON.parse(j.stdout)).toMatchObject({ userId: 'alice', state: 'enabled', suspended: false, recoveryCodesLeft: 10 });
  });

  it('status of a suspended, a locked and a pending user, and of an unknown user (disabled, exit 0)', async () => {
    expect((await run(['status', 'bob'])).stdout).toMatch(/^suspended: +yes/m);
    expect((await run(['status', 'dave'])).stdout).toMatch(/^locked: +until \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC \(in /m);
    const carol = await run(['status', 'carol']);
    expect(carol.stdout).toMatch(/^state: +pending$/m);
    expect(carol.stdout).toMatch(/^pending: +pairing waiting for codes/m);
    const nobody = await run(['status', 'nobody', '--json']);
    expect(nobody.code).toBe(0);
    expect(JSON.parse(nobody.stdout)).toMatchObject({ userId: 'nobody', state: 'disabled' });
  });

  it('status needs no key (the status reads no secret)', async () => {
    const r = await run(['status', 'alice'], {});
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^state: +enabled$/m);
  });

  it('an invalid user id is a usage error', async () => {
    const r = await run(['status', '\uFDD0tenant:acme']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("ids beginning with U+FDD0 are the library's own records");
  });

  it('list shows every user with a state and a summary; --json is one object per line', async () => {
    const r = await run(['list']);
    expect(r.code).toBe(0);
    const rows = r.stdout.trim().split('\n');
    expect(rows[0]).toMatch(/^STATE +FAILURES +CODES +USER$/);
    expect(rows.slice(1, 5).map((l) => l.trim().split(/\s+/).pop())).toEqual(['alice', 'bob', 'carol', 'dave']);
    expect(rows.find((l) => l.endsWith('bob'))).toMatch(/^enabled, suspended /);
    expect(rows.find((l) => l.endsWith('dave'))).toMatch(/^enabled, locked /);
    expect(rows.at(-1)).toBe('4 users: 3 enabled, 1 pending (2 locked or suspended).');
    const j = await run(['list', '--json']);
    const objects = j.stdout.trim().split('\n').map((l) => JSON.parse(l) as { userId: string; state: string });
    expect(objects.map((o) => [o.userId, o.state])).toEqual([['alice', 'enabled'], ['bob', 'enabled'], ['carol', 'pending'], ['dave', 'enabled']]);
  });

  it("list skips the library's own records", async () => {
    db.prepare(`INSERT INTO totp_enroll_mfa (user_id, version, record, updated_at) VALUES (?, 1, '{"schema":1}', 0)`).run('\uFDD0tenant:acme');
    try {
      const r = await run(['list', '--json']);
      expect(r.stdout).not.toContain('tenant');
      expect(r.stdout.trim().split('\n')).toHaveLength(4);
    } finally {
      db.prepare(`DELETE FROM totp_enroll_mfa WHERE user_id = ?`).run('\uFDD0tenant:acme');
    }
  });

  it('list shows a row the store cannot read back (not JSON) as unreadable, goes on past it, and exits 1', async () => {
    db.prepare(`INSERT INTO totp_enroll_mfa (user_id, version, record, updated_at) VALUES (?, 7, '{"active":{"secret":"JBSWY3DP', 0)`).run('bea');
    try {
      const r = await run(['list']);
      expect(r.code).toBe(1);
      const rows = r.stdout.trim().split('\n');
      // An unreadable row is shown after the readable ones of its page.
      expect(rows.slice(1, 6).map((l) => l.trim().split(/\s+/).pop())).toEqual(['alice', 'bob', 'carol', 'dave', 'bea']);
      expect(rows.find((l) => l.endsWith('bea'))).toMatch(/^unreadable \(INVALID_RECORD\) /);
      expect(rows.at(-1)).toBe('5 users: 3 enabled, 1 pending (2 locked or suspended), 1 unreadable.');
      expect(r.stdout + r.stderr).not.toContain('JBSWY3DP');
    } finally {
      db.prepare(`DELETE FROM totp_enroll_mfa WHERE user_id = ?`).run('bea');
    }
  });

  it("list --tenant shows the tenant's policy, its members' states and the counts", async () => {
    const mfa = createMfa({ store: sqliteStore({ db }), issuer: 'Acme' });
    const graceUntil = Date.UTC(2100, 0, 31);
    expect((await mfa.setTenantPolicy('acme', { required: true, graceUntil }, { actor: 'admin-1' })).ok).toBe(true);
    const members = join(dir, 'acme.txt');
    writeFileSync(members, 'alice\nbob\n\ncarol\nzed\n');
    const r = await run(['list', '--tenant', 'acme', '--members', members]);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^tenant acme: MFA required, grace until 2100-01-31 00:00:00 UTC \(in .+\) \(set .+ by admin-1\)$/);
    expect(lines.slice(2, -1).map((l) => l.trim().split(/\s+/).pop())).toEqual(['alice', 'bob', 'carol', 'zed']);
    expect(lines.find((l) => l.endsWith(' bob'))).toMatch(/^enabled, suspended /);
    expect(lines.at(-1)).toBe('4 users: 2 enabled, 1 pending, 1 disabled; 0 locked, 1 suspended.');
    const j = await run(['list', '--tenant', 'acme', '--json', '--members', '-'], KEYS_ENV);
    expect(j.code).toBe(0);
    expect(JSON.parse(j.stdout)).toMatchObject({ counts: { total: 0 }, users: [] }); // empty stdin: no members
    const piped = await cli(['list', '--tenant', 'acme', '--json', '--members', '-', '--store', store], { stdin: 'dave\n' });
    outputs.push(piped.all);
    expect(JSON.parse(piped.stdout)).toMatchObject({ tenantId: 'acme', policy: { required: true, graceUntil }, counts: { total: 1, enabled: 1, locked: 1 } });
    const other = await run(['list', '--tenant', 'globex', '--members', members]);
    expect(other.stdout.split('\n')[0]).toBe('tenant globex: MFA not required (never configured)');
    const usage = await run(['list', '--members', members]);
    expect([usage.code, usage.stderr.split('\n')[0]]).toEqual([2, 'totp-enroll list: --members needs --tenant.']);
  });

  it('unlock clears a suspension and a lock (exit 0); a user without a factor is exit 1', async () => {
    const mfa = createMfa({ store: sqliteStore({ db }), issuer: 'Acme' });
    for (const user of ['bob', 'dave']) {
      const r = await run(['unlock', user, '--actor', 'support:ann'], {});
      expect([r.code, r.stdout]).toEqual([0, `${user}: unlocked (failure counts cleared; the factor stays).\n`]);
      expect(await mfa.status(user)).toMatchObject({ state: 'enabled', suspended: false, lockedUntil: null, failures: 0 });
    }
    for (const user of ['carol', 'nobody']) {
      const r = await run(['unlock', user]);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(`totp-enroll unlock: ${user} has no enabled factor: nothing to unlock.\n`);
    }
  });

  it('disable refuses without --yes when not on a terminal, then removes the factor; a user without MFA is exit 0', async () => {
    const refused = await run(['disable', 'alice']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe("totp-enroll disable: refusing to remove alice's MFA without confirmation: pass --yes.\n");
    const mfa = createMfa({ store: sqliteStore({ db }), issuer: 'Acme' });
    expect((await mfa.status('alice')).state).toBe('enabled');
    const done = await run(['disable', 'alice', '--yes'], {});
    expect([done.code, done.stdout]).toEqual([0, 'alice: MFA disabled.\n']);
    expect((await mfa.status('alice')).state).toBe('disabled');
    const again = await run(['disable', 'alice', '-y']);
    expect([again.code, again.stdout]).toEqual([0, 'alice: had no MFA; nothing to remove.\n']);
  });

  it('TOTP_ENROLL_STORE names the store when --store is absent', async () => {
    const r = await cli(['status', 'carol', '--json'], { env: { TOTP_ENROLL_STORE: store } });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ userId: 'carol', state: 'pending' });
  });

  it('a missing SQLite file is exit 3 and is not created', async () => {
    const missing = join(dir, 'typo.db');
    const r = await cli(['status', 'alice', '--store', `sqlite:${missing}`]);
    expect(r.code).toBe(3);
    expect(r.stderr).toBe(`totp-enroll status: The store sqlite:${missing} cannot be opened: no such database file (only import creates one).\n`);
    expect(existsSync(missing)).toBe(false);
  });

  it('a file that is not a SQLite database is exit 3', async () => {
    const r = await cli(['status', 'alice', '--store', `sqlite:${join(import.meta.dirname, 'cli.ts')}`]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^totp-enroll status: the store failed: SQLite store: the call failed; nothing was accepted \(.*not a database\)\n$/);
  });

  it('no output of any command held a secret or a recovery code', () => {
    expect(outputs.length).toBeGreaterThan(10);
    expect(leaked(outputs.join('\n'), seeded)).toEqual([]);
  });
});

// import: a CSV of existing authenticators becomes enabled factors. Bad lines are reported with their
// line number and field, the good ones are imported, and no secret (good or bad) is ever printed.
import { afterAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMfa } from '../../src/enrollment/service.js';
import { aesGcmCipher } from '../../src/enrollment/cipher.js';
import { sqliteStore } from '../../src/storage/sqlite.js';
import { encodeSecret } from '../../src/secret.js';
import { generateTotp } from '../../src/totp.js';
import { KEY, KEYS_ENV, OLD_KEY, cli, cliProblem } from './cli.js';

const problem = cliProblem();
const dir = mkdtempSync(join(tmpdir(), 'totp-enroll-cli-import-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const secret = (n: number, bytes = 20): string => encodeSecret(new Uint8Array(bytes).fill(n));
const S = Array.from({ length: 12 }, (_, i) => secret(i + 1));
const SHORT = secret(99, 10);
const group = (s: string): string => s.toLowerCase().replace(/(.{4})/g, '$1 ').trim();

const CSV = [
  'user,secret,algorithm,digits,period', //                    1
  `alice,${S[0]},,,`, //                                       2
  `bob,${group(S[1]!)},SHA256,8,60`, //                        3
  `"carol, jr",${S[2]},sha512,,`, //                           4
  `,${S[3]},,,`, //                                            5 user empty
  `dave,${S[4]!.slice(0, 20)}0189,,,`, //                      6 not base32
  `erin,${S[5]},MD5,,`, //                                     7 algorithm
  `frank,${S[6]},,9,`, //                                      8 digits
  `gina,${S[7]},,,0`, //                                       9 period
  `alice,${S[8]},,,`, //                                      10 duplicate
  `hal,${SHORT},,,`, //                                       11 too short
  `ivy,${S[9]}`, //                                           12 field count
  `"multi`, //                                                13 a quoted id over two lines
  `line",${S[10]},,,`, //                                     14
  `"\uFDD0tenant:x",${S[11]},,,`, //                          15 reserved
].join('\r\n');

const ALL_SECRETS = [...S, SHORT, S[4]!.slice(0, 20)];
function noSecret(text: string): void {
  for (const s of ALL_SECRETS) {
    expect(text).not.toContain(s);
    expect(text).not.toContain(s.toLowerCase());
    expect(text).not.toContain(group(s));
  }
}

describe.runIf(!problem)('totp-enroll import', () => {
  const file = join(dir, 'users.csv');
  writeFileSync(file, `\uFEFF${CSV}\r\n`);
  const dbFile = join(dir, 'new.db');
  const store = `sqlite:${dbFile}`;

  it('--dry-run checks the file without a store', async () => {
    const r = await cli(['import', file, '--dry-run']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('4 of 13 lines valid; 9 failed (lines 5, 6, 7, 8, 9, 10, 11, 12, 15).\n');
    noSecret(r.all);
  });

  it('refuses to store secrets unencrypted unless --plaintext (exit 2, nothing created)', async () => {
    const r = await cli(['import', file, '--store', store]);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe(
      "totp-enroll import: TOTP_ENROLL_KEYS is not set, so secrets would be stored unencrypted: set it to the application's keys, or pass --plaintext if the application uses no cipher.",
    );
    expect(existsSync(dbFile)).toBe(false);
  });

  it('imports the good lines, names every bad line and field, never a secret (exit 1)', async () => {
    const r = await cli(['import', file, '--store', store, '--actor', 'migration'], { env: KEYS_ENV });
    expect(r.code).toBe(1);
    expect(r.stderr.trimEnd().split('\n')).toEqual([
      'totp-enroll import: line 5: user: must be 1 to 512 characters without U+0000',
      expect.stringMatching(/^totp-enroll import: line 6: secret: .+/),
      'totp-enroll import: line 7: algorithm: must be SHA1, SHA256 or SHA512',
      'totp-enroll import: line 8: digits: must be 6, 7 or 8',
      'totp-enroll import: line 9: period: must be an integer from 1 to 120 (seconds)',
      'totp-enroll import: line 10: user alice already appears on line 2',
      expect.stringMatching(/^totp-enroll import: line 11: secret: secret decodes to 10 bytes; at least 16 are required/),
      'totp-enroll import: line 12: expected 5 fields, found 2',
      "totp-enroll import: line 15: user: ids beginning with U+FDD0 are the library's own records",
    ]);
    expect(r.stdout).toBe('imported 4 of 13; 9 failed (lines 5, 6, 7, 8, 9, 10, 11, 12, 15).\n');
    noSecret(r.all);
  });

  it('the imported factors sign in with the codes of the old authenticators, sealed with the current key', async () => {
    const db = new Database(dbFile);
    try {
      const cipher = aesGcmCipher({ keys: { k2: KEY, k1: OLD_KEY }, currentKeyId: 'k2' });
      const mfa = createMfa({ store: sqliteStore({ db }), issuer: 'Acme', cipher, now: () => Date.now() + 60_000 });
      const at = Date.now() + 60_000;
      expect(await mfa.verify('alice', generateTotp(S[0]!, { now: at }))).toMatchObject({ ok: true });
      expect(await mfa.verify('bob', generateTotp(S[1]!, { now: at, algorithm: 'SHA256', digits: 8, period: 60 }))).toMatchObject({ ok: true });
      expect(await mfa.verify('carol, jr', generateTotp(S[2]!, { now: at, algorithm: 'SHA512' }))).toMatchObject({ ok: true });
      expect(await mfa.verify('multi\r\nline', generateTotp(S[10]!, { now: at }))).toMatchObject({ ok: true });
      const row = db.prepare('SELECT record FROM totp_enroll_mfa WHERE user_id = ?').get('alice') as { record: string };
      expect(row.record).toContain('"kid":"k2"');
      for (const s of S) expect(row.record).not.toContain(s);
    } finally {
      db.close();
    }
  });

  it('a user who has MFA is refused unless --replace; --min-secret-bytes 10 admits a legacy key', async () => {
    const again = join(dir, 'again.csv');
    writeFileSync(again, `user,secret\nalice,${S[5]}\nhal,${SHORT}\n`);
    const refused = await cli(['import', again, '--store', store, '--min-secret-bytes', '10'], { env: KEYS_ENV });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe('totp-enroll import: line 2: alice already has MFA (pass --replace to replace it)\n');
    expect(refused.stdout).toBe('imported 1 of 2; 1 failed (line 2).\n');
    const replaced = await cli(['import', again, '--store', store, '--min-secret-bytes', '10', '--replace'], { env: KEYS_ENV });
    expect([replaced.code, replaced.stdout, replaced.stderr]).toEqual([0, 'imported 2 of 2.\n', '']);
    noSecret(refused.all + replaced.all);
  });

  it('reads the CSV from stdin with -; an unclosed quote and a bad header are exit 1 before anything is written', async () => {
    const piped = await cli(['import', '-', '--store', store, '--replace'], { env: KEYS_ENV, stdin: `user,secret\nzoe,${S[11]}\n` });
    expect([piped.code, piped.stdout]).toEqual([0, 'imported 1 of 1.\n']);
    const unclosed = await cli(['import', '-', '--store', store], { env: KEYS_ENV, stdin: `user,secret\nyan,"${S[0]}\n` });
    expect([unclosed.code, unclosed.stderr]).toEqual([1, 'totp-enroll import: line 2: a quoted field is never closed; nothing imported.\n']);
    const header = await cli(['import', '-', '--store', store], { env: KEYS_ENV, stdin: `user,key\nyan,${S[0]}\n` });
    expect(header.code).toBe(1);
    expect(header.stderr).toBe("totp-enroll import: line 1: unknown column 'key' (columns: user, secret, algorithm, digits, period, last_step).\n");
    const missing = await cli(['import', join(dir, 'nope.csv'), '--store', store], { env: KEYS_ENV });
    expect([missing.code, missing.stderr]).toEqual([1, `totp-enroll import: cannot read ${join(dir, 'nope.csv')}: ENOENT.\n`]);
    noSecret(piped.all + unclosed.all + header.all);
  });

  it('a store that fails in the middle: the lines imported and not imported are reported, nothing is written after (exit 3)', async () => {
    const failing = join(dir, 'failing.db');
    const db = new Database(failing);
    try {
      await sqliteStore({ db }).get('nobody'); // creates the table
      db.exec("CREATE TRIGGER refuse_u5 BEFORE INSERT ON totp_enroll_mfa WHEN NEW.user_id = 'u5' BEGIN SELECT RAISE(ABORT, 'disk full'); END");
    } finally {
      db.close();
    }
    const lines = Array.from({ length: 40 }, (_, i) => `u${i + 1},${S[i % S.length]}`);
    const r = await cli(['import', '-', '--store', `sqlite:${failing}`, '--plaintext'], { stdin: `user,secret\n${lines.join('\n')}\n` });
    expect(r.code).toBe(3);
    const check = new Database(failing, { readonly: true });
    const stored = (check.prepare('SELECT user_id FROM totp_enroll_mfa').all() as { user_id: string }[]).map((x) => x.user_id);
    check.close();
    expect(stored).not.toContain('u5');
    expect(stored.length).toBeGreaterThan(0);
    expect(stored.length).toBeLessThan(40); // it stopped instead of going on after the failure
    const err = r.stderr.trimEnd().split('\n');
    expect(err).toContain('totp-enroll import: line 6: not imported: the import stopped here');
    expect(err[err.length - 1]).toMatch(/^totp-enroll import: the store failed: .*disk full/);
    // Every line not in the store is named, as failed or as not attempted.
    const m = /^imported (\d+) of 40 before the import stopped; (\d+) failed \(lines? ([\d, ]+)\); (\d+) not attempted \(from line (\d+) on\)\.\n$/.exec(r.stdout);
    expect(m, r.stdout).not.toBeNull();
    const [, imported, failed, failedLines, notAttempted, from] = m!;
    expect(Number(imported)).toBe(stored.length);
    expect(Number(imported) + Number(failed) + Number(notAttempted)).toBe(40);
    const named = new Set([...failedLines!.split(', ').map(Number), ...Array.from({ length: Number(notAttempted) }, (_, i) => Number(from) + i)]);
    for (let n = 1; n <= 40; n++) expect(named.has(n + 1)).toBe(!stored.includes(`u${n}`));
    noSecret(r.all);
  });

  it('a file without its header row is refused without quoting a secret from the first line', async () => {
    const cases = [
      `${S[0]},yan\n`, //                           secret first: the "column name" is the secret
      `${group(S[1]!)},yan\n`, //                   in the grouped lowercase form an app shows
      `user,secret,${S[2]}\nyan,${S[3]},x\n`, //   a secret in a later header cell
    ];
    for (const stdin of cases) {
      const r = await cli(['import', '-', '--dry-run'], { stdin });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^totp-enroll import: line 1: column \d holds what looks like a secret, not a column name: the first line must be a header row \(user, secret, algorithm, digits, period, last_step\)\.\n$/);
      noSecret(r.all);
    }
  });
});

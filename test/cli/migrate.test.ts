// migrate-secrets: 2,500 records stored as base32 text are sealed with the current key, with progress
// lines (or a bar) and an estimate of the time left on stderr; a second run changes nothing, a rotation
// run re-wraps under the new key, and no output holds a secret.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMfa } from '../../src/enrollment/service.js';
import { aesGcmCipher } from '../../src/enrollment/cipher.js';
import { sqliteStore } from '../../src/storage/sqlite.js';
import { generateTotp } from '../../src/totp.js';
import { KEY, KEYS_ENV, cli, cliProblem } from './cli.js';

const problem = cliProblem();
const N = 2500;
const SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const dir = mkdtempSync(join(tmpdir(), 'totp-enroll-cli-migrate-'));
const file = join(dir, 'mfa.db');
const store = `sqlite:${file}`;
const NEW_KEY = Buffer.alloc(32, 9).toString('base64');

beforeAll(async () => {
  // One enabled factor written without a cipher, copied to N users in one transaction.
  const db = new Database(file);
  db.pragma('journal_mode = WAL'); // as the README asks of a shared file; without it every write waits for an fsync
  const mfa = createMfa({ store: sqliteStore({ db }), issuer: 'Acme' });
  const begun = await mfa.beginEnrollment('u00000', { accountName: 'u' });
  if (!begun.ok) throw new Error('begin failed');
  const now = Date.now();
  await mfa.verifyPairing('u00000', generateTotp(begun.secret, { now: now - 30_000 }), generateTotp(begun.secret, { now }));
  await mfa.enable('u00000');
  const row = db.prepare('SELECT record FROM totp_enroll_mfa WHERE user_id = ?').get('u00000') as { record: string };
  const record = row.record.replace(begun.secret, SECRET);
  const insert = db.prepare('INSERT OR REPLACE INTO totp_enroll_mfa (user_id, version, record, updated_at) VALUES (?, ?, ?, 0)');
  db.transaction(() => {
    for (let i = 0; i < N; i++) insert.run(`u${String(i).padStart(5, '0')}`, i + 1, record);
  })();
  db.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.runIf(!problem)('totp-enroll migrate-secrets', () => {
  it('needs TOTP_ENROLL_KEYS (exit 2)', async () => {
    const r = await cli(['migrate-secrets', '--store', store]);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe('totp-enroll migrate-secrets: TOTP_ENROLL_KEYS is not set: migrate-secrets seals secrets with its current key.');
  });

  it('seals every record, with a progress line at each tenth and an estimate of the time left', { timeout: 120_000 }, async () => {
    const r = await cli(['migrate-secrets', '--store', store, '--progress', 'lines'], { env: KEYS_ENV });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(`migrate-secrets: scanned ${N}: sealed ${N}, rewrapped 0, unchanged 0, skipped 0, failed 0.\n`);
    const lines = r.stderr.trimEnd().split('\n');
    const progress = lines.slice(0, -1);
    expect(progress.length).toBeGreaterThanOrEqual(9);
    let last = -1;
    for (const l of progress) {
      const m = /^migrate-secrets: \[[#.]{20}\] +(\d+)%  (\d+)\/2500  eta (\d+h \d\dm|\d+m \d\ds|\d+s)$/.exec(l);
      expect(m, l).not.toBe(null);
      expect(Number(m![2])).toBeGreaterThan(last);
      last = Number(m![2]);
    }
    expect(lines.at(-1)).toMatch(/^migrate-secrets: \[#{20}\] 100%  2500\/2500  done in \d+/);
    expect(r.all).not.toContain(SECRET);

    const db = new Database(file, { readonly: true });
    try {
      const rows = db.prepare('SELECT record FROM totp_enroll_mfa').all() as { record: string }[];
      expect(rows).toHaveLength(N);
      for (const { record } of rows) {
        expect(record).not.toContain(SECRET);
        expect(record).toContain('"kid":"k2"');
      }
    } finally {
      db.close();
    }
  });

  it('a sealed user signs in with the cipher of the same keys', async () => {
    const db = new Database(file);
    try {
      const cipher = aesGcmCipher({ keys: { k2: KEY }, currentKeyId: 'k2' });
      const at = Date.now() + 120_000;
      const mfa = createMfa({ store: sqliteStore({ db }), issuer: 'Acme', cipher, now: () => at });
      expect(await mfa.verify('u01234', generateTotp(SECRET, { now: at }))).toMatchObject({ ok: true });
    } finally {
      db.close();
    }
  });

  it('a second run changes nothing; a rotation run re-wraps under the new key (bar on stderr)', { timeout: 120_000 }, async () => {
    const again = await cli(['migrate-secrets', '--store', store, '--progress', 'none', '--json'], { env: KEYS_ENV });
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ scanned: N, sealed: 0, unchanged: N, failed: 0, failures: [] });
    expect(again.stderr).toBe('');
    const rotated = await cli(['migrate-secrets', '--store', store, '--progress', 'bar', '--rotation'], {
      env: { TOTP_ENROLL_KEYS: `k3:${NEW_KEY},${KEYS_ENV.TOTP_ENROLL_KEYS}` },
    });
    expect(rotated.code, rotated.stderr).toBe(0);
    expect(rotated.stdout).toBe(`migrate-secrets: scanned ${N}: sealed 0, rewrapped ${N}, unchanged 0, skipped 0, failed 0.\n`);
    expect(rotated.stderr).toMatch(/^\rmigrate-secrets \[/);
    expect(rotated.stderr).toContain('\u001b[K');
    expect(rotated.stderr).toMatch(/\rmigrate-secrets \[#+\] 100%  2500\/2500  done in [^\n]+\u001b\[K\n$/);
  });

  it('records sealed under a key that is no longer listed are failures, named by user id and reason (exit 1)', { timeout: 120_000 }, async () => {
    const r = await cli(['migrate-secrets', '--store', store, '--progress', 'none', '--no-count'], { env: { TOTP_ENROLL_KEYS: `k9:${NEW_KEY}` } });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(`migrate-secrets: scanned ${N}: sealed 0, rewrapped 0, unchanged 0, skipped 0, failed ${N}.\n`);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines[0]).toBe('totp-enroll migrate-secrets: u00000: decrypt-failed');
    expect(lines.at(-1)).toBe(`totp-enroll migrate-secrets: ... and ${N - 1000} more failures`);
  });
});

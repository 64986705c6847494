// The drivers are optional: in a project without one, a store URL that needs it is one line naming the
// driver and its install command, exit 3. Commands without a store need no driver at all.
import { afterAll, describe, expect, it } from 'vitest';
import { cli, cliProblem } from './cli.js';
import { isolatedCli } from './isolated.js';

const problem = cliProblem();

describe.runIf(!problem)('totp-enroll without drivers', () => {
  const bare = isolatedCli([]);
  afterAll(() => bare.remove());

  it.each([
    ['sqlite:app.db', 'The better-sqlite3 driver is not installed (needed for sqlite: stores): npm install better-sqlite3'],
    ['postgres://app@127.0.0.1:1/app', 'The pg driver is not installed (needed for postgres:// stores): npm install pg'],
    ['postgresql://app@127.0.0.1:1/app', 'The pg driver is not installed (needed for postgres:// stores): npm install pg'],
    ['redis://127.0.0.1:1/0', 'The ioredis driver is not installed (needed for redis:// stores): npm install ioredis (or npm install redis)'],
  ])('%s: exit 3 and one line', async (url, message) => {
    const r = await cli(['status', 'alice', '--store', url], { cli: bare.cli, cwd: bare.dir });
    expect(r.code).toBe(3);
    expect(r.stderr).toBe(`totp-enroll status: ${message}\n`);
    expect(r.stdout).toBe('');
  });

  it('commands without a store run without any driver', async () => {
    const r = await cli(['code', 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', '--at', '59000', '--digits', '8'], { cli: bare.cli, cwd: bare.dir });
    expect([r.code, r.stdout]).toEqual([0, '94287082\n']);
    const v = await cli(['--version'], { cli: bare.cli, cwd: bare.dir });
    expect(v.code).toBe(0);
    expect(v.stdout).toMatch(/^\d+\.\d+\.\d+/);
  });
});

describe.runIf(!problem)('totp-enroll with a driver that is installed', () => {
  const withPg = isolatedCli(['pg']);
  const withRedis = isolatedCli(['ioredis']);
  afterAll(() => {
    withPg.remove();
    withRedis.remove();
  });

  it('an unreachable Redis is exit 3 (no endless reconnecting)', async () => {
    const r = await cli(['list', '--store', 'redis://:s3cretpw@127.0.0.1:1/0'], { cli: withRedis.cli, cwd: withRedis.dir });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^totp-enroll list: The store redis:\/\/:\*\*\*@127\.0\.0\.1:1\/0 is unreachable: .+\n$/);
    expect(r.all).not.toContain('s3cretpw');
  });

  it('an unreachable server is exit 3, the URL shown without its password', async () => {
    const r = await cli(['status', 'alice', '--store', 'postgres://app:hunter2@127.0.0.1:1/app'], { cli: withPg.cli, cwd: withPg.dir });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^totp-enroll status: The store postgres:\/\/app:\*\*\*@127\.0\.0\.1:1\/app is unreachable: .*ECONNREFUSED.*\n$/);
    expect(r.all).not.toContain('hunter2');
  });
});

describe.runIf(!problem)('the cipher key variables', () => {
  const url = 'sqlite:/nonexistent/never-opened.db';
  it.each([
    [{ TOTP_ENROLL_KEYS: 'no-colon' }, 'TOTP_ENROLL_KEYS: entry 1 is not of the form keyId:base64key.'],
    [{ TOTP_ENROLL_KEYS: 'k1:' }, 'TOTP_ENROLL_KEYS: entry 1 is not of the form keyId:base64key.'],
    [{ TOTP_ENROLL_KEYS: `k1:${Buffer.alloc(16, 1).toString('base64')}` }, "TOTP_ENROLL_KEYS: key 'k1' is not a 32-byte key in base64."],
    [{ TOTP_ENROLL_KEYS: `k1:${Buffer.alloc(32, 1).toString('base64')},k1:${Buffer.alloc(32, 2).toString('base64')}` }, "TOTP_ENROLL_KEYS: key id 'k1' appears twice."],
    [{ TOTP_ENROLL_KEYS: `k1:${Buffer.alloc(32, 1).toString('base64')}`, TOTP_ENROLL_KEY_ID: 'k9' }, "TOTP_ENROLL_KEY_ID names 'k9', which is not one of the ids in TOTP_ENROLL_KEYS."],
    [{ TOTP_ENROLL_KEY_ID: 'k1' }, 'TOTP_ENROLL_KEY_ID is set but TOTP_ENROLL_KEYS is not.'],
    // Written the wrong way round (key:id), or the key put in the id variable: the key sits where an id is
    // quoted, so it must not be quoted.
    [{ TOTP_ENROLL_KEYS: `${Buffer.alloc(32, 5).toString('base64')}:k1` }, 'TOTP_ENROLL_KEYS: entry 1 has a key where its key id belongs: the form is keyId:base64key.'],
    [
      { TOTP_ENROLL_KEYS: `k1:${Buffer.alloc(32, 1).toString('base64')},${Buffer.alloc(32, 6).toString('base64url')}:k2` },
      'TOTP_ENROLL_KEYS: entry 2 has a key where its key id belongs: the form is keyId:base64key.',
    ],
    [
      { TOTP_ENROLL_KEYS: `${Buffer.alloc(32, 5).toString('base64')}:a,${Buffer.alloc(32, 5).toString('base64')}:b` },
      'TOTP_ENROLL_KEYS: entry 1 has a key where its key id belongs: the form is keyId:base64key.',
    ],
    [
      { TOTP_ENROLL_KEYS: `k1:${Buffer.alloc(32, 1).toString('base64')}`, TOTP_ENROLL_KEY_ID: Buffer.alloc(32, 1).toString('base64') },
      'TOTP_ENROLL_KEY_ID holds a key, not a key id: set it to one of the ids in TOTP_ENROLL_KEYS.',
    ],
  ])('%o: exit 2 before any connection, never echoing a key', async (env, message) => {
    const r = await cli(['status', 'alice', '--store', url], { env });
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe(`totp-enroll status: ${message}`);
    for (const value of Object.values(env)) for (const part of value.split(/[,:]/)) if (part.length > 8) expect(r.all).not.toContain(part);
  });
});

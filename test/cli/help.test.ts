// Every command answers --help with its usage and exit codes; mistakes on the command line are exit 2
// with one sentence and the usage, never a stack trace.
import { describe, expect, it } from 'vitest';
import { cli, cliProblem } from './cli.js';

const problem = cliProblem();
const COMMANDS = ['status', 'list', 'unlock', 'disable', 'import', 'migrate-secrets', 'uri', 'qr', 'code'];

describe('totp-enroll help and usage errors', () => {
  it('the built CLI is there and current', () => {
    expect(problem).toBe(null);
  });

  it.runIf(!problem)('--help lists every command, the store URLs, the key variables and the exit codes', async () => {
    for (const args of [['--help'], ['help']]) {
      const r = await cli(args);
      expect(r.code, args.join(' ')).toBe(0);
      for (const c of COMMANDS) expect(r.stdout).toMatch(new RegExp(`^  ${c} `, 'm'));
      expect(r.stdout).toContain('sqlite:PATH');
      expect(r.stdout).toContain('TOTP_ENROLL_KEYS');
      expect(r.stdout).toMatch(/^ {2}3 {2}store unusable/m);
      expect(r.stderr).toBe('');
    }
  });

  it.runIf(!problem)('--version prints the package version', async () => {
    const { version } = (await import('../../package.json', { with: { type: 'json' } })).default as { version: string };
    for (const flag of ['--version', '-V']) {
      const r = await cli([flag]);
      expect([r.code, r.stdout]).toEqual([0, `${version}\n`]);
    }
  });

  it.runIf(!problem).each(COMMANDS)('%s --help shows its usage, options and exit codes', async (c) => {
    for (const args of c === 'status' ? [[c, '--help'], [c, '-h'], ['help', c]] : [[c, '--help']]) {
      const r = await cli(args);
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.stdout.startsWith(`Usage: totp-enroll ${c} `)).toBe(true);
      expect(r.stdout).toContain('Options:');
      expect(r.stdout).toContain('Exit codes:');
      expect(r.stderr).toBe('');
    }
  });

  it.runIf(!problem)('no command, an unknown command and an unknown option before the command are exit 2 with the usage', async () => {
    for (const [args, sentence] of [
      [[], 'totp-enroll: No command given.'],
      [['frobnicate'], "totp-enroll: Unknown command 'frobnicate'."],
      [['--frob', 'status', 'alice'], 'totp-enroll: Unknown option --frob.'],
    ] as const) {
      const r = await cli([...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.split('\n')[0]).toBe(sentence);
      expect(r.stderr).toContain('Usage: totp-enroll <command>');
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
      expect(r.stdout).toBe('');
    }
  });

  it.runIf(!problem)('a first argument that is no command is not quoted when it could be a secret, a URI or a URL with a password', async () => {
    const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
    for (const first of [secret, 'jbsw y3dp ehpk 3pxp jbsw y3dp ehpk 3pxp', `otpauth://totp/Acme:alice?secret=${secret}`, 'postgres://app:hunter2pw@db/app']) {
      const r = await cli([first, 'status', 'alice']);
      expect(r.code, first).toBe(2);
      expect(r.stderr.split('\n')[0]).toBe('totp-enroll: Unknown command (not shown: the first argument is not a command name and may hold a secret or a password).');
      for (const part of [secret, 'jbsw y3dp', 'hunter2pw']) expect(r.all).not.toContain(part);
    }
  });

  it.runIf(!problem).each(COMMANDS)('%s: an unknown option is exit 2, a sentence and the usage of the command', async (c) => {
    const r = await cli([c, 'x', '--no-such-option']);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe(`totp-enroll ${c}: Unknown option --no-such-option.`);
    expect(r.stderr.split('\n')[1]).toMatch(new RegExp(`^Usage: totp-enroll ${c}`));
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it.runIf(!problem)('missing and extra arguments, a missing option value and a value given to a flag are exit 2', async () => {
    const cases: [string[], RegExp][] = [
      [['status'], /^totp-enroll status: status needs <user>\.$/m],
      [['status', 'a', 'b'], /^totp-enroll status: status takes at most 1 argument; got 2\.$/m],
      [['list', 'extra'], /^totp-enroll list: list takes no arguments; got 1\.$/m],
      [['status', 'alice', '--store'], /^totp-enroll status: Option --store needs a value\.$/m],
      [['status', 'alice', '--json=yes'], /^totp-enroll status: Option --json takes no value\.$/m],
      [['status', 'alice', '--store', '-x'], /^totp-enroll status: The value of --store begins with '-': write it as --store=VALUE\.$/m],
      [['code', 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', '--digits', '9'], /^totp-enroll code: --digits must be an integer from 6 to 8\.$/m],
      [['code', 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', '--algorithm', 'MD5'], /^totp-enroll code: --algorithm must be SHA1, SHA256 or SHA512\.$/m],
      [['migrate-secrets', '--progress', 'fancy'], /^totp-enroll migrate-secrets: --progress must be bar, lines or none\.$/m],
      // Checked before the store is opened: a bad name is the command line's fault, not the store's.
      [['status', 'alice', '--store', 'sqlite:/nonexistent/never.db', '--table', 'mfa;drop'], /^totp-enroll status: --table: table must be a lower-case SQL identifier .+\.$/m],
      [['list', '--store', 'redis://127.0.0.1:1/0', '--prefix', '{mfa}:'], /^totp-enroll list: --prefix: prefix must not contain \{ or \}.+\.$/m],
    ];
    for (const [args, message] of cases) {
      const r = await cli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(message);
      expect(r.stderr, args.join(' ')).toMatch(/^Usage: totp-enroll /m);
    }
  });

  it.runIf(!problem)('a store command without a store says how to give one (exit 2)', async () => {
    const r = await cli(['status', 'alice']);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe('totp-enroll status: No store given: pass --store <url> or set TOTP_ENROLL_STORE (sqlite:PATH, postgres://..., redis://...).');
    const bad = await cli(['status', 'alice', '--store', 'mysql://db/app']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("Unknown store URL scheme 'mysql:'");
  });
});

/**
 * The demo's command line as a newcomer gets it wrong: every mistake is one sentence on stderr,
 * then the usage, exit code 2, and no stack trace; `--help` prints the usage and exits 0.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { USAGE } from '../../examples/lib/demo-args.js';
import { wrap } from '../../examples/lib/layout.js';

function demo(args: string[], env: Record<string, string> = {}) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'examples/enroll-cli.ts', ...args], {
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, NO_COLOR: '1', ...env },
  });
  return { status: run.status, out: run.stdout, err: run.stderr };
}

describe('demo command line', () => {
  it('prints the usage for --help and -h, exit code 0', { timeout: 60_000 }, () => {
    for (const flag of ['--help', '-h']) {
      const { status, out, err } = demo([flag]);
      expect(status).toBe(0);
      expect(err).toBe('');
      expect(out).toBe(`${USAGE}\n`);
    }
    expect(USAGE).toMatch(/^Usage: npm run demo -- \[options\]/);
    for (const option of ['--interactive', '--user NAME', '--db FILE', '--light-terminal', '--help']) expect(USAGE).toContain(option);
  });

  it.each([
    [['--frobnicate'], 'Unknown option --frobnicate.'],
    [['--interactiv'], 'Unknown option --interactiv. Did you mean --interactive?'],
    [['-x'], 'Unknown option -x.'],
    [['alice'], 'Unexpected argument "alice": the demo takes options only. To enroll alice: --user alice.'],
    [['--user'], '--user needs a value, for example --user bob.'],
    [['--user', '--interactive'], '--user needs a value, for example --user bob.'],
    [['--interactive=yes'], '--interactive takes no value.'],
    [['--user', 'mallory'], 'No demo user "mallory": choose alice, bob or carol.'],
  ])('%j: a sentence, the usage, exit code 2', { timeout: 60_000 }, (args, sentence) => {
    const { status, out, err } = demo(args);
    expect(status).toBe(2);
    expect(out).toBe('');
    expect(err).toBe(`${wrap(sentence).join('\n')}\n\n${USAGE}\n`);
    expect(err).not.toMatch(/\n\s+at /);
    // One 80×24 screen, with a row left for the shell prompt after it.
    const rows = err.replace(/\n$/, '').split('\n');
    expect(rows.length).toBeLessThanOrEqual(23);
    for (const row of rows) expect(row.length).toBeLessThanOrEqual(80);
  });

  it('refuses a TOTP_ENROLL_DEMO_NOW that is not a time, exit code 2', { timeout: 60_000 }, () => {
    const { status, err } = demo([], { TOTP_ENROLL_DEMO_NOW: 'yesterday' });
    expect(status).toBe(2);
    expect(err).toMatch(/^TOTP_ENROLL_DEMO_NOW \(for tests\) must be Unix milliseconds or an ISO date\.\n\nUsage:/);
  });
});

/**
 * `npm run demo`: the seed's "Enable Multi-factor Authentication for a User", played in a
 * terminal with totp-enroll, step by step and numbered like the seed, then a sign-in.
 *
 *   npm run demo                      plays everything with a simulated authenticator app
 *   npm run demo -- --interactive     you scan the QR code with your phone and type the codes
 *   npm run demo -- --help            the options (a mistake on the command line prints them, exit 2)
 *
 * Storage is a SQLite file (examples/.data/demo.db by default), created on first run.
 * The automatic mode runs on a simulated clock that moves one period forward when the app
 * would show its next code, so it finishes in a second instead of a minute.
 *
 * Everything fits an 80×24 terminal: no line is wider than 80 columns, and in interactive mode
 * the demo waits for Enter or a code before more than 24 rows have gone by, so what a step asks
 * about is on the screen while it asks. The automatic mode separates the same screens with a
 * blank line.
 *
 * For tests only: TOTP_ENROLL_DEMO_NOW (Unix ms or an ISO date) starts the clock at that moment
 * and keeps it still, except that waiting for the app's next code moves it straight there;
 * with --interactive a test can then compute the codes and pipe them in.
 * @module
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { createMfa, DEFAULT_POLICY, OtpError, timeStep, type MfaEvent } from 'totp-enroll';
import { qrSvg, qrTerminal } from 'totp-enroll/qr';
import { sqliteStore } from 'totp-enroll/storage/sqlite';
import { scan } from './lib/authenticator.js';
import { parseDemoArgs, USAGE, type DemoArgs } from './lib/demo-args.js';
import { demoClock, seededNow, type DemoClock } from './lib/demo-clock.js';
import { keyLines, wrap, TERMINAL } from './lib/layout.js';
import { explainEnable, explainPairing, explainSignIn, retryAfter } from './lib/messages.js';
import { createPrompter, type Prompter } from './lib/prompts.js';
import { DEMO_USERS } from './lib/users.js';

class DemoFailure extends Error {}

// A short issuer keeps the otpauth URI of every demo user under 106 bytes: QR version 5 at level L.
const ISSUER = 'Clarity';
// Level L (7 % recovery, qrencode's default) for a code shown on a screen, not printed on a worn label:
// 37 modules plus the 4-module quiet zone the QR spec asks for are 45 columns and 23 rows of half
// blocks, so the code and the prompt under it fill one 24-row screen. Level M would need version 7.
const QR_LEVEL = 'L';
const policy = DEFAULT_POLICY;
const here = dirname(fileURLToPath(import.meta.url));
const show = (path: string): string => relative(process.cwd(), path) || path;
const clockText = (ms: number): string => `${new Date(ms).toISOString().slice(11, 19)} UTC`;
const say = (...lines: string[]): void => lines.forEach((line) => console.log(line));
/** A sentence under a step, wrapped at 80 columns. */
const note = (text: string): void => say(...wrap(text, '    '));
/** A numbered step: "title ....... detail" on one line when it fits, else the detail under it. */
function step(n: number, title: string, detail = ''): void {
  const head = `${String(n).padStart(2)}. `;
  const line = detail ? `${head}${`${title} `.padEnd(36, '.')} ${detail}` : head + title;
  if (line.length <= TERMINAL.columns) say(line);
  else say(head + title, ...wrap(detail, '    '));
}

async function main(args: DemoArgs, clock: DemoClock, prompt: Prompter | null): Promise<void> {
  const started = performance.now();
  const user = DEMO_USERS.find((u) => u.username === args.user)!;
  const dbPath = args.db ?? join(here, '.data', 'demo.db');
  mkdirSync(dirname(dbPath), { recursive: true });
  const newFile = !existsSync(dbPath);
  const db = new Database(dbPath);
  db.pragma('journal_mode = WAL');
  // Wrong codes at sign-in so far, as the service reports them in its events (a wrong pair's result says its own).
  let signInFailures = 0;
  const onEvent = (e: MfaEvent): void => {
    if (e.userId === user.id && e.type === 'signin.failed' && e.failures !== undefined) signInFailures = e.failures;
  };
  const mfa = createMfa({ store: sqliteStore({ db }), issuer: ISSUER, now: clock.now, policy, onEvent });

  /** Reads a code; Enter alone asks again, the end of input ends the demo. */
  const askCode = async (question: string): Promise<string> => {
    for (;;) {
      const answer = await prompt!.ask(question);
      if (answer === null) throw new DemoFailure('The input ended before a code was entered.');
      if (answer !== '') return answer;
    }
  };
  /** Waits until the app shows its next code: a countdown on the real clock, a jump on a simulated one. */
  const nextCode = async (label: (seconds: number) => string, periodMs: number): Promise<void> => {
    const until = (timeStep(clock.now(), { period: periodMs / 1000 }) + 1) * periodMs;
    if (!clock.real) {
      say(label(Math.ceil((until - clock.now()) / 1000)));
      clock.advanceTo(until);
      return;
    }
    const skipped = await prompt!.countdown(until, label);
    if (!skipped && process.stdout.isTTY) note('Your app now shows its next code.');
  };

  say(...wrap('totp-enroll demo: "Enable Multi-factor Authentication for a User", step by step'));
  say(...wrap(`Storage: SQLite file ${show(dbPath)} (${newFile ? 'created now' : 'from an earlier run'})`));
  say(
    ...wrap(
      prompt
        ? `Mode: interactive, ${clock.real ? 'real clock' : 'test clock'}. Have your authenticator app ready.`
        : 'Mode: automatic: a simulated authenticator app on a simulated clock.',
    ),
  );
  say('');

  step(1, 'Log in to Clarity', 'signed in as admin');
  step(2, 'Tenants and Users');
  step(3, 'Users tab');
  for (const u of DEMO_USERS) {
    const { state } = await mfa.status(u.id);
    say(`    [${u.username === user.username ? 'x' : ' '}] ${u.username.padEnd(6)} ${u.email.padEnd(20)} MFA ${state}`);
  }
  step(4, 'Select the checkbox for the user', user.username);
  const before = await mfa.status(user.id);
  step(5, 'Manage MFA', `MFA is ${before.state} for ${user.email}`);
  if (before.state !== 'disabled') {
    const reset = await mfa.disable(user.id, { actor: 'admin' });
    if (!reset.ok) throw new DemoFailure(`Could not reset ${user.username}: ${explainEnable(reset.reason).message}`);
    note(`(${user.username} kept MFA from an earlier run: disabled it, to start over)`);
  }

  // Steps 6-10. Interactive mode starts again from ENABLE when a pairing expires or runs out of attempts.
  let periodMs = 30_000;
  let app: ReturnType<typeof scan> | null = null;
  for (let paired = false; !paired; ) {
    const enrollment = await mfa.beginEnrollment(user.id, { accountName: user.email, actor: 'admin' });
    if (!enrollment.ok) throw new DemoFailure(`Could not start the enrollment: ${explainEnable(enrollment.reason).message}`);
    step(6, 'ENABLE', `pairing open until ${clockText(enrollment.expiresAt)}`);
    const svgPath = join(dirname(dbPath), `${user.username}-qr.svg`);
    const svg = qrSvg(enrollment.uri);
    writeFileSync(svgPath, svg);

    let invert = args.lightTerminal;
    if (prompt) {
      if (process.stdout.isTTY && (process.stdout.rows ?? TERMINAL.rows) < TERMINAL.rows) {
        note(`This terminal has ${process.stdout.rows} rows; the QR code needs ${TERMINAL.rows}. Make it taller, or open ${show(svgPath)}.`);
      }
      if ((await prompt.ask(' 7. Scan the QR code with an MFA app. Press Enter to show it: ')) === null) {
        throw new DemoFailure('The input ended before the QR code was scanned.');
      }
      // The QR code and one prompt under it: exactly one 24-row screen.
      for (;;) {
        say(qrTerminal(enrollment.uri, { level: QR_LEVEL, invert }));
        const answer = await prompt.ask("    Scan it, then press Enter. (Can't? Enter shows the key. i: invert) ");
        if (answer === null) throw new DemoFailure('The input ended before the QR code was scanned.');
        if (answer.toLowerCase() !== 'i') break;
        invert = !invert;
      }
    } else {
      say('');
      step(7, 'Scan the QR code with an MFA app', 'the simulated app scans it');
      say(qrTerminal(enrollment.uri, { level: QR_LEVEL, invert }));
      say('');
    }
    note("Can't scan it? In the app, add the account by its key (time-based):");
    say(...keyLines(enrollment.secret, '      '));
    note(`The same QR code as SVG: ${show(svgPath)} (${(svg.length / 1024).toFixed(1)} KB)`);
    if (!prompt && !args.lightTerminal) note('Light terminal background? --light-terminal draws the QR code for it.');

    app = prompt ? null : scan(enrollment.uri);
    if (app) note(`Simulated app: ${app.issuer} (${app.accountName}), ${app.algorithm}, ${app.digits} digits, every ${app.period} s`);
    periodMs = (app?.period ?? 30) * 1000;

    // Steps 8-10: two consecutive codes, then Verify. Interactive mode lets the person retry.
    for (;;) {
      let code1: string;
      let code2: string;
      if (app) {
        code1 = app.codeAt(clock.now());
        step(8, 'Enter the authentication code', `${code1}  (app at ${clockText(clock.now())})`);
        clock.advanceTo(clock.now() + periodMs);
        code2 = app.codeAt(clock.now());
        step(9, 'Enter the next authentication code', `${code2}  (app at ${clockText(clock.now())})`);
      } else {
        code1 = await askCode(' 8. Authentication code (the 6 digits your app shows now): ');
        const hint = clock.real ? ' (press Enter if it already has)' : '';
        await nextCode((s) => `    Your app shows its next code in ${s} s${hint}`, periodMs);
        code2 = await askCode(' 9. Next authentication code: ');
      }
      const result = await mfa.verifyPairing(user.id, code1, code2, { actor: 'admin' });
      if (result.ok) {
        step(10, 'Verify', 'consecutive codes: app paired');
        paired = true;
        break;
      }
      const why = explainPairing(result.reason);
      step(10, 'Verify', `refused (${result.reason})`);
      note(why.message);
      if (!prompt) throw new DemoFailure(`Pairing failed: ${why.message}`);
      if (result.reason === 'mismatch') {
        const left = result.attemptsLeft;
        note(`${left} more wrong ${left === 1 ? 'pair' : 'pairs'} and this QR code stops working.`);
      }
      if (why.target === 'form' && result.reason !== 'busy') {
        const again = await prompt.ask('    Press Enter for a new QR code (delete the old account from your app): ');
        if (again === null) throw new DemoFailure(`Pairing failed: ${why.message}`);
        break;
      }
    }
  }

  const enabled = await mfa.enable(user.id, { actor: 'admin' });
  if (!enabled.ok) throw new DemoFailure(`Enable refused (${enabled.reason}): ${explainEnable(enabled.reason).message}`);
  const after = await mfa.status(user.id);
  step(11, 'Enable', `MFA is ${after.state} for ${user.email}`);
  if (after.state !== 'enabled') throw new DemoFailure(`Expected MFA to be enabled, but it is ${after.state}.`);
  note('The MFA app is paired with the user account.');
  say('');

  // Sign in with a fresh code: the pairing codes are used up, so wait for the next one.
  say(`Sign in as ${user.username} (password checked by your application, then the code):`);
  let fresh: string;
  let delta: number;
  if (app) {
    clock.advanceTo(clock.now() + periodMs);
    fresh = app.codeAt(clock.now());
    const first = await mfa.verify(user.id, fresh);
    if (!first.ok) throw new DemoFailure(`Sign-in refused (${first.reason}): ${explainSignIn(first.reason, retryAfter(first)).message}`);
    delta = first.delta;
  } else {
    await nextCode((s) => `    The pairing codes are used up: your app shows a new one in ${s} s`, periodMs);
    for (;;) {
      fresh = await askCode('    Authentication code: ');
      const result = await mfa.verify(user.id, fresh);
      if (result.ok) {
        delta = result.delta;
        break;
      }
      const lockMs = retryAfter(result);
      const why = explainSignIn(lockMs === undefined ? result.reason : 'locked', lockMs);
      note(`Refused (${result.reason}). ${why.message}`);
      if (lockMs !== undefined || result.reason === 'suspended' || result.reason === 'not-enabled') {
        throw new DemoFailure(`Sign-in refused (${result.reason}). Run the demo again to start over.`);
      }
      if (result.reason === 'mismatch') {
        const left = policy.maxFailures - signInFailures;
        note(`${left} more wrong ${left === 1 ? 'code locks' : 'codes lock'} sign-in for ${policy.lockoutMs / 60_000} minutes.`);
      }
      if (result.reason === 'replayed') await nextCode((s) => `    Your app shows a new code in ${s} s`, periodMs);
    }
  }
  note(`code ${app ? `${fresh} (app at ${clockText(clock.now())})` : 'entered'} `.padEnd(40, '.') + ` accepted (clock offset ${delta} steps)`);

  const again = await mfa.verify(user.id, fresh);
  if (again.ok) throw new DemoFailure('The same code was accepted twice: replay protection is broken.');
  note('the same code again '.padEnd(40, '.') + ` refused (${again.reason})`);
  note(explainSignIn(again.reason, retryAfter(again)).message);
  db.close();
  say('', `Done in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
}

/** Runs the demo; resolves with the exit code: 0 done, 1 a refusal explained in words, 2 a usage mistake. */
async function run(argv: readonly string[]): Promise<number> {
  const usageError = (message: string): number => {
    console.error([...wrap(message), '', USAGE].join('\n'));
    return 2;
  };
  const parsed = parseDemoArgs(argv);
  if (!parsed.ok) return usageError(parsed.message);
  if (parsed.args.help) {
    console.log(USAGE);
    return 0;
  }
  const seed = seededNow(process.env['TOTP_ENROLL_DEMO_NOW']);
  if (seed === null) return usageError('TOTP_ENROLL_DEMO_NOW (for tests) must be Unix milliseconds or an ISO date.');
  const clock = demoClock(parsed.args.interactive && seed === undefined, seed ?? Date.now());
  const prompt = parsed.args.interactive ? createPrompter() : null;
  try {
    await main(parsed.args, clock, prompt);
    return 0;
  } catch (error) {
    if (error instanceof DemoFailure) console.error(['', ...wrap(`Demo failed: ${error.message}`)].join('\n'));
    else if (error instanceof OtpError) console.error(['', ...wrap(`Demo failed: ${error.message} (${error.code})`)].join('\n'));
    else throw error;
    return 1;
  } finally {
    prompt?.close();
  }
}

process.exitCode = await run(process.argv.slice(2));

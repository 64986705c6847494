/**
 * `npm run demo`: the seed's "Enable Multi-factor Authentication for a User", played in a
 * terminal with totp-enroll, step by step and numbered like the seed, then a sign-in.
 *
 *   npm run demo                      plays everything with a simulated authenticator app
 *   npm run demo -- --interactive     you scan the QR code with your phone and type the codes
 *   options: --user alice|bob|carol   --db path/to/file.db   --light-terminal (dark text on white)   --help
 *
 * Storage is a SQLite file (examples/.data/demo.db by default), created on first run.
 * The automatic mode runs on a simulated clock that moves one period forward when the app
 * would show its next code, so it finishes in a second instead of a minute.
 * @module
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { createMfa, OtpError, timeStep } from 'totp-enroll';
import { qrSvg, qrTerminal } from 'totp-enroll/qr';
import { sqliteStore } from 'totp-enroll/storage/sqlite';
import { scan } from './lib/authenticator.js';
import { explainEnable, explainPairing, explainSignIn, retryAfter } from './lib/messages.js';
import { createPrompter, type Prompter } from './lib/prompts.js';
import { DEMO_USERS } from './lib/users.js';

class DemoFailure extends Error {}

const here = dirname(fileURLToPath(import.meta.url));
const { values: args } = parseArgs({
  options: {
    interactive: { type: 'boolean', short: 'i', default: false },
    user: { type: 'string', default: 'alice' },
    db: { type: 'string', default: join(here, '.data', 'demo.db') },
    'light-terminal': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (args.help) {
  console.log('Usage: npm run demo -- [--interactive] [--user alice|bob|carol] [--db file.db] [--light-terminal]');
  process.exit(0);
}

const started = performance.now();
const interactive = args.interactive;
const show = (path: string): string => relative(process.cwd(), path) || path;
const clockText = (ms: number): string => `${new Date(ms).toISOString().slice(11, 19)} UTC`;
const step = (n: number, title: string, detail = ''): void =>
  console.log(`${String(n).padStart(2)}. ${detail ? `${title} `.padEnd(40, '.') + ` ${detail}` : title}`);
const note = (text: string): void => console.log(`    ${text}`);

// The clock the service and the simulated app share: simulated in automatic mode, real otherwise.
let simulated = Date.now();
const now = interactive ? Date.now : () => simulated;

async function main(prompt: Prompter | null): Promise<void> {
  const user = DEMO_USERS.find((u) => u.username === args.user && u.role !== 'admin');
  if (!user) throw new DemoFailure(`No demo user "${args.user}": choose alice, bob or carol.`);
  const dbPath = args.db;
  mkdirSync(dirname(dbPath), { recursive: true });
  const newFile = !existsSync(dbPath);
  const db = new Database(dbPath);
  db.pragma('journal_mode = WAL');
  const mfa = createMfa({ store: sqliteStore({ db }), issuer: 'Clarity Example', now });

  console.log('totp-enroll demo: "Enable Multi-factor Authentication for a User", step by step');
  console.log(`Storage: SQLite file ${show(dbPath)} (${newFile ? 'created now' : 'from an earlier run'})`);
  console.log(
    interactive
      ? 'Mode: interactive, real clock. Have Google Authenticator, Authy or Duo Mobile ready.'
      : 'Mode: automatic, simulated authenticator app on a simulated clock (it skips the 30 s waits).',
  );
  console.log('');

  step(1, 'Log in to Clarity', 'signed in as admin');
  step(2, 'Tenants and Users');
  step(3, 'Users tab');
  for (const u of DEMO_USERS) {
    const { state } = await mfa.status(u.id);
    note(`[${u.username === user.username ? 'x' : ' '}] ${u.username.padEnd(6)} ${u.email.padEnd(20)} MFA ${state}`);
  }
  step(4, 'Select the checkbox for the user', user.username);
  const before = await mfa.status(user.id);
  step(5, 'Manage MFA', `MFA is ${before.state} for ${user.email}`);
  if (before.state !== 'disabled') {
    const reset = await mfa.disable(user.id, { actor: 'admin' });
    if (!reset.ok) throw new DemoFailure(`Could not reset ${user.username}: ${explainEnable(reset.reason).message}`);
    note(`(${user.username} kept MFA from an earlier run: disabled it so the demo starts from the beginning)`);
  }

  const enrollment = await mfa.beginEnrollment(user.id, { accountName: user.email, actor: 'admin' });
  if (!enrollment.ok) throw new DemoFailure(`Could not start the enrollment: ${explainEnable(enrollment.reason).message}`);
  step(6, 'ENABLE', `new secret issued, pairing open until ${clockText(enrollment.expiresAt)}`);

  step(7, 'Scan the QR code with an MFA app');
  console.log(qrTerminal(enrollment.uri, { invert: args['light-terminal'] }));
  if (!args['light-terminal']) note('(QR code hard to scan? Terminals with dark text on a light background: add --light-terminal)');
  const svgPath = join(dirname(dbPath), `${user.username}-qr.svg`);
  const svg = qrSvg(enrollment.uri);
  writeFileSync(svgPath, svg);
  note(`The same QR code as SVG: ${show(svgPath)} (${(svg.length / 1024).toFixed(1)} KB)`);
  note(`Can't scan it? Enter this key by hand: ${enrollment.secret.replace(/(.{4})(?=.)/g, '$1 ')}`);

  const app = interactive ? null : scan(enrollment.uri);
  if (app) note(`Simulated app scanned it: ${app.issuer} (${app.accountName}), ${app.algorithm}, ${app.digits} digits, every ${app.period} s`);
  const periodMs = (app?.period ?? 30) * 1000;

  // Steps 8-10: two consecutive codes, then Verify. Interactive mode lets the person retry.
  for (let attempt = 1; ; attempt++) {
    let code1: string;
    let code2: string;
    if (app) {
      code1 = app.codeAt(simulated);
      step(8, 'Enter the authentication code', `${code1}  (app at ${clockText(simulated)})`);
      simulated += periodMs;
      code2 = app.codeAt(simulated);
      step(9, 'Enter the next authentication code', `${code2}  (app at ${clockText(simulated)}, one period later)`);
    } else {
      const p = prompt!;
      code1 = await p.ask(' 8. Authentication code (the 6 digits your app shows now): ');
      const nextChange = (timeStep(Date.now()) + 1) * periodMs;
      const skipped = await p.countdown(nextChange, (s) => `    Your app shows its next code in ${s} s (press Enter if it already has)`);
      if (!skipped) note('Your app now shows its next code.');
      code2 = await p.ask(' 9. Next authentication code: ');
    }
    const result = await mfa.verifyPairing(user.id, code1, code2, { actor: 'admin' });
    if (result.ok) {
      step(10, 'Verify', 'the two codes are consecutive: app paired');
      break;
    }
    const why = explainPairing(result.reason);
    step(10, 'Verify', `refused (${result.reason})`);
    note(why.message);
    const canRetry = interactive && why.target !== 'form' && attempt < 5;
    if (!canRetry) throw new DemoFailure(`Pairing failed: ${why.message}`);
  }

  const enabled = await mfa.enable(user.id, { actor: 'admin' });
  if (!enabled.ok) throw new DemoFailure(`Enable refused (${enabled.reason}): ${explainEnable(enabled.reason).message}`);
  const after = await mfa.status(user.id);
  step(11, 'Enable', `MFA is ${after.state} for ${user.email}`);
  if (after.state !== 'enabled') throw new DemoFailure(`Expected MFA to be enabled, but it is ${after.state}.`);
  note('The MFA app is paired with the user account.');
  console.log('');

  // Sign in with a fresh code: the pairing codes are used up, so wait for the next one.
  console.log(`Sign in as ${user.username} (password checked by your application, then the code):`);
  let fresh: string;
  if (app) {
    simulated += periodMs;
    fresh = app.codeAt(simulated);
  } else {
    const p = prompt!;
    const nextChange = (timeStep(Date.now()) + 1) * periodMs;
    await p.countdown(nextChange, (s) => `    The pairing codes are used up: wait for a new code, ${s} s`);
    fresh = await p.ask('    Authentication code: ');
  }
  const first = await mfa.verify(user.id, fresh);
  if (!first.ok) {
    const why = explainSignIn(first.reason, retryAfter(first));
    throw new DemoFailure(`Sign-in refused (${first.reason}): ${why.message}`);
  }
  note(`code ${app ? `${fresh} (app at ${clockText(simulated)})` : 'entered'} `.padEnd(46, '.') + ` accepted (clock offset ${first.delta} steps)`);

  const again = await mfa.verify(user.id, fresh);
  if (again.ok) throw new DemoFailure('The same code was accepted twice: replay protection is broken.');
  note('the same code again '.padEnd(46, '.') + ` refused (${again.reason})`);
  note(explainSignIn(again.reason, retryAfter(again)).message);
  db.close();
  console.log('');
  console.log(`Done in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
}

const prompt = interactive ? createPrompter() : null;
try {
  await main(prompt);
} catch (error) {
  if (error instanceof DemoFailure) console.error(`\nDemo failed: ${error.message}`);
  else if (error instanceof OtpError) console.error(`\nDemo failed: ${error.message} (${error.code})`);
  else throw error;
  process.exitCode = 1;
} finally {
  prompt?.close();
}

/**
 * Runs the BUILT CLI (`node dist/cli.js`, as `npx totp-enroll` would) as a child process, and seeds stores
 * with users in known states through the library itself. Needs `npm run build` (CI builds dist first).
 */
import { spawn } from 'node:child_process';
import { existsSync, statSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createMfa } from '../../src/enrollment/service.js';
import { aesGcmCipher } from '../../src/enrollment/cipher.js';
import type { MfaStore } from '../../src/storage/types.js';
import { generateTotp } from '../../src/totp.js';

export const root = fileURLToPath(new URL('../..', import.meta.url));
export const CLI = join(root, 'dist/cli.js');

/** Why the built CLI cannot be used (missing, or older than src/cli), or null. */
export function cliProblem(): string | null {
  if (!existsSync(CLI)) return 'dist/cli.js is missing: run `npm run build` before the CLI tests';
  const built = statSync(CLI).mtimeMs;
  const dir = join(root, 'src/cli');
  const newest = (d: string): number =>
    Math.max(...readdirSync(d, { withFileTypes: true }).map((e) => (e.isDirectory() ? newest(join(d, e.name)) : statSync(join(d, e.name)).mtimeMs)));
  if (newest(dir) > built) return 'dist/cli.js is older than src/cli: run `npm run build` before the CLI tests';
  return null;
}

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** stdout and stderr together, for "never contains" checks. */
  all: string;
}

/** A 32-byte key (base64) and the variable the CLI reads it from. */
export const KEY = Buffer.alloc(32, 7).toString('base64');
export const OLD_KEY = Buffer.alloc(32, 3).toString('base64');
export const KEYS_ENV = { TOTP_ENROLL_KEYS: `k2:${KEY},k1:${OLD_KEY}` };

/** The environment of a child: this one without vitest's variables and without any TOTP_ENROLL_* store or key. */
function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (k.startsWith('VITEST') || k === 'NODE_OPTIONS' || k === 'TOTP_ENROLL_STORE' || k === 'TOTP_ENROLL_KEYS' || k === 'TOTP_ENROLL_KEY_ID') continue;
    env[k] = v;
  }
  return { ...env, ...extra };
}

/** Runs `node <cli> ...args`; stdin is the given text (or empty). */
export function cli(args: string[], options: { env?: Record<string, string>; stdin?: string; cli?: string; cwd?: string } = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [options.cli ?? CLI, ...args], {
      cwd: options.cwd ?? root,
      env: childEnv(options.env ?? {}),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, all: stdout + stderr }));
    child.stdin.end(options.stdin ?? '');
  });
}

/** The users {@link seed} creates, and everything about them that must never be printed. */
export interface Seeded {
  secrets: string[];
  recoveryCodes: string[];
}

/**
 * Seeds a store: alice enabled with recovery codes, bob suspended, carol pending, dave locked.
 * Runs at the wall clock, as the CLI does, with the cipher of {@link KEYS_ENV} unless `plaintext`.
 */
export async function seed(store: MfaStore, options: { plaintext?: boolean; prefix?: string } = {}): Promise<Seeded & { users: Record<string, string> }> {
  const cipher = options.plaintext ? undefined : aesGcmCipher({ keys: { k2: KEY, k1: OLD_KEY }, currentKeyId: 'k2' });
  const p = options.prefix ?? '';
  const mk = (policy: object) => createMfa({ store, issuer: 'Acme', ...(cipher ? { cipher } : {}), policy });
  const mfa = mk({});
  const strict = mk({ maxFailures: 1, suspendAfterFailures: 1 });
  const lockOnce = mk({ maxFailures: 1, suspendAfterFailures: 100 });
  const seeded: Seeded = { secrets: [], recoveryCodes: [] };
  const enroll = async (user: string): Promise<string> => {
    const begun = await mfa.beginEnrollment(user, { accountName: user });
    if (!begun.ok) throw new Error('begin failed');
    const now = Date.now();
    const paired = await mfa.verifyPairing(user, generateTotp(begun.secret, { now: now - 30_000 }), generateTotp(begun.secret, { now }));
    if (!paired.ok) throw new Error(`pairing failed: ${paired.reason}`);
    if (!(await mfa.enable(user)).ok) throw new Error('enable failed');
    seeded.secrets.push(begun.secret);
    return begun.secret;
  };
  const users = { alice: `${p}alice`, bob: `${p}bob`, carol: `${p}carol`, dave: `${p}dave` };
  await enroll(users.alice);
  const codes = await mfa.generateRecoveryCodes(users.alice);
  if (!codes.ok) throw new Error('recovery codes failed');
  seeded.recoveryCodes.push(...codes.codes);
  const bobSecret = await enroll(users.bob);
  await strict.verify(users.bob, wrong(bobSecret));
  const daveSecret = await enroll(users.dave);
  await lockOnce.verify(users.dave, wrong(daveSecret));
  const carol = await mfa.beginEnrollment(users.carol, { accountName: 'carol' });
  if (!carol.ok) throw new Error('begin failed');
  seeded.secrets.push(carol.secret);
  return { ...seeded, users };
}

/** A code that is none of the codes around now. */
function wrong(secret: string): string {
  const near = new Set<string>();
  for (let s = -12; s <= 12; s++) near.add(generateTotp(secret, { now: Date.now() + s * 30_000 }));
  for (let n = 0; ; n++) if (!near.has(String(n).padStart(6, '0'))) return String(n).padStart(6, '0');
}

/** Asserts-by-return: the secrets and recovery codes (and their lowercase and grouped forms) found in `text`. */
export function leaked(text: string, s: Seeded): string[] {
  const forms = (x: string): string[] => [x, x.toLowerCase(), x.replace(/(.{4})/g, '$1 ').trim()];
  return [...s.secrets.flatMap(forms), ...s.recoveryCodes].filter((f) => text.includes(f));
}

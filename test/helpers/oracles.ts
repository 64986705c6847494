// Independent implementations to check our codes against: Debian's oathtool and python3-pyotp.
// Locally a missing oracle skips its tests with a message; under CI=true it is a failure.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const inCI = process.env.CI === 'true';

function have(path: string): boolean {
  return existsSync(path);
}

/** Returns null when the tool is present, else the reason to skip (and throws in CI). */
export function requireTool(path: string, apt: string): string | null {
  if (have(path)) return null;
  const why = `${path} not found (apt-get install -y ${apt}); skipping its cross-checks`;
  if (inCI) throw new Error(`${why} — CI must install it`);
  console.warn(why);
  return why;
}

export const OATHTOOL = '/usr/bin/oathtool';
export const PYTHON = '/usr/bin/python3';

/** HOTP codes from oathtool for `count` consecutive counters starting at `counter` (decimal string, up to 2^64-1). */
export function oathtoolHotp(hexKey: string, counter: bigint, algorithm: string, digits: number, count = 1): string[] {
  const mode = algorithm === 'SHA1' ? [] : [`--totp=${algorithm.toLowerCase()}`];
  // oathtool only applies the hash mode in TOTP mode; for SHA256/512 HOTP we use TOTP with period 1 s at t=counter.
  const args =
    algorithm === 'SHA1'
      ? ['--hotp', '-c', counter.toString(), '-d', String(digits), '-w', String(count - 1), hexKey]
      : [...mode, '-s', '1s', '-N', `@${counter.toString()}`, '-d', String(digits), '-w', String(count - 1), hexKey];
  const r = spawnSync(OATHTOOL, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`oathtool failed: ${r.stderr}`);
  return r.stdout.trim().split('\n');
}

export interface PyCase {
  secret: string;
  time: number;
  algorithm: string;
  digits: number;
  period: number;
}

/** TOTP codes from pyotp for many cases in one python process. */
export function pyotpTotp(cases: PyCase[]): string[] {
  const script = [
    'import sys, json, hashlib, pyotp',
    'out = []',
    'for c in json.load(sys.stdin):',
    "    d = {'SHA1': hashlib.sha1, 'SHA256': hashlib.sha256, 'SHA512': hashlib.sha512}[c['algorithm']]",
    "    out.append(pyotp.TOTP(c['secret'], digits=c['digits'], digest=d, interval=c['period']).at(c['time']))",
    'print(json.dumps(out))',
  ].join('\n');
  const r = spawnSync(PYTHON, ['-c', script], { input: JSON.stringify(cases), encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`pyotp failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as string[];
}

export function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

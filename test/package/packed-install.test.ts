// The package as a consumer gets it: `npm pack`, install the tarball into a fresh project, then use it
// from ESM, from CommonJS require, from TypeScript (moduleResolution node16 and bundler, type-checked
// with this repo's tsc), and from a browser bundle (esbuild) run in a node:vm context that has Web
// Crypto and TextEncoder/TextDecoder and nothing of Node: no Buffer, no process. Needs `npm run build` first.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { webcrypto } from 'node:crypto';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const tsc = join(root, 'node_modules/typescript/bin/tsc');
const SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'; // RFC 6238 SHA-1 seed; at T = 59 s the 8-digit code is 94287082
let dir = '';

function run(command: string, args: string[], cwd = dir): string {
  try {
    return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${command} ${args.join(' ')} failed:\n${e.stdout ?? ''}${e.stderr ?? ''}${e.message}`);
  }
}

function write(name: string, text: string): void {
  writeFileSync(join(dir, name), text);
}

beforeAll(() => {
  if (!existsSync(join(root, 'dist/index.js'))) throw new Error('dist/ is missing: run `npm run build` before this test');
  dir = mkdtempSync(join(tmpdir(), 'totp-enroll-packed-'));
  const packed = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', dir], root)) as { filename: string }[];
  write('package.json', JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }));
  run('npm', ['install', join(dir, packed[0]!.filename), '--no-audit', '--no-fund', '--prefer-offline', '--ignore-scripts']);
}, 240_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the packed tarball installed into a fresh project', () => {
  it('works from ESM (import)', () => {
    write(
      'esm.mjs',
      `import { generateTotp, verifyTotp, generateSecret, buildOtpauthUri, createMfa, memoryStore } from 'totp-enroll';
const code = generateTotp('${SECRET}', { now: 59_000, digits: 8 });
const ok = verifyTotp('${SECRET}', code, { now: 59_000, digits: 8 }).ok;
const uri = buildOtpauthUri({ secret: generateSecret(), issuer: 'Acme', accountName: 'ann@example.com' });
const mfa = createMfa({ store: memoryStore(), issuer: 'Acme' });
const started = await mfa.beginEnrollment('u1', { accountName: 'ann@example.com' });
console.log(JSON.stringify({ code, ok, uri: uri.startsWith('otpauth://totp/'), enrolled: typeof started.secret }));`,
    );
    expect(JSON.parse(run('node', ['esm.mjs']))).toEqual({ code: '94287082', ok: true, uri: true, enrolled: 'string' });
  });

  it('works from CommonJS (require)', () => {
    write(
      'cjs.cjs',
      `const { generateTotp, verifyTotp, OtpError } = require('totp-enroll');
let threw = false;
try { generateTotp('not base32!'); } catch (e) { threw = e instanceof OtpError && e.code === 'INVALID_SECRET'; }
console.log(JSON.stringify({ code: generateTotp('${SECRET}', { now: 59_000, digits: 8 }), ok: verifyTotp('${SECRET}', '94287082', { now: 59_000, digits: 8 }).ok, threw }));`,
    );
    expect(JSON.parse(run('node', ['cjs.cjs']))).toEqual({ code: '94287082', ok: true, threw: true });
  });

  const USE = `const code: string = generateTotp('${SECRET}', { now: 59_000, digits: 8, algorithm: 'SHA256' });
const result: VerifyResult = verifyTotp('${SECRET}', code, { window: { past: 1, future: 0 } });
if (result.ok) { const step: number = result.step; void step; }
// @ts-expect-error -- the types are real: an unknown algorithm is refused
generateTotp('${SECRET}', { algorithm: 'MD5' });
`;
  const tsconfig = (options: object, files: string[]) =>
    JSON.stringify({
      compilerOptions: { strict: true, noEmit: true, skipLibCheck: false, types: [], lib: ['ES2022', 'DOM'], target: 'ES2022', ...options },
      files,
    });

  it('type-checks from TypeScript with moduleResolution node16 (ESM and CommonJS files)', () => {
    write('node16-esm.mts', `import { generateTotp, verifyTotp, type VerifyResult } from 'totp-enroll';\n${USE}`);
    write('node16-cjs.cts', `import { generateTotp, verifyTotp, type VerifyResult } from 'totp-enroll';\n${USE}`);
    write('tsconfig.node16.json', tsconfig({ module: 'node16', moduleResolution: 'node16' }, ['node16-esm.mts', 'node16-cjs.cts']));
    run('node', [tsc, '-p', 'tsconfig.node16.json']);
  });

  it('type-checks from TypeScript with moduleResolution bundler', () => {
    write('bundler.ts', `import { generateTotp, verifyTotp, type VerifyResult } from 'totp-enroll';\n${USE}`);
    write('tsconfig.bundler.json', tsconfig({ module: 'esnext', moduleResolution: 'bundler' }, ['bundler.ts']));
    run('node', [tsc, '-p', 'tsconfig.bundler.json']);
  });

  it('bundles for the browser and runs with only Web Crypto (no Buffer, no process)', async () => {
    write(
      'browser.mjs',
      `import { encodeSecret, generateSecret, generateTotp, verifyTotp, buildOtpauthUri } from 'totp-enroll';
const secret = generateSecret();
const seed512 = encodeSecret(Uint8Array.from('1234567890'.repeat(6) + '1234', (c) => c.charCodeAt(0)));
globalThis.result = {
  code: generateTotp('${SECRET}', { now: 59_000, digits: 8 }),
  sha512: generateTotp(seed512, { now: 59_000, digits: 8, algorithm: 'SHA512' }),
  ok: verifyTotp(secret, generateTotp(secret, { now: 1e12 }), { now: 1e12 }).ok,
  uri: buildOtpauthUri({ secret, issuer: 'Acme', accountName: 'ann@example.com' }).startsWith('otpauth://totp/'),
  noNode: ['Buffer', 'process', 'require', 'global'].every((name) => !(name in globalThis)),
};`,
    );
    const bundled = await build({
      entryPoints: [join(dir, 'browser.mjs')],
      absWorkingDir: dir,
      bundle: true,
      format: 'iife',
      platform: 'browser',
      target: 'es2022',
      minify: true,
      write: false,
      logLevel: 'error',
    });
    // Web Crypto plus the Encoding standard's TextEncoder/TextDecoder (every browser has them; the URI
    // builder percent-encodes UTF-8 with them); nothing of Node.
    const context = vm.createContext({ crypto: webcrypto, TextEncoder, TextDecoder });
    vm.runInContext(new TextDecoder().decode(bundled.outputFiles[0]!.contents), context);
    // RFC 6238 Appendix B at T = 59 s: SHA-1 94287082, SHA-512 90693936.
    expect(context.result).toEqual({ code: '94287082', sha512: '90693936', ok: true, uri: true, noNode: true });
  });
  it('installs the totp-enroll bin: it runs, and names the driver the project lacks', () => {
    const bin = join(dir, 'node_modules/.bin/totp-enroll');
    expect(run(bin, ['code', SECRET, '--at', '59000', '--digits', '8'])).toBe('94287082\n');
    let failure: { status?: number; stderr?: string } = {};
    try {
      execFileSync(bin, ['status', 'alice', '--store', 'sqlite:app.db'], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (error) {
      failure = error as typeof failure;
    }
    expect(failure.status).toBe(3);
    expect(failure.stderr).toBe('totp-enroll status: The better-sqlite3 driver is not installed (needed for sqlite: stores): npm install better-sqlite3\n');
  });
});

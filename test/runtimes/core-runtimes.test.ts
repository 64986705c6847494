// The packed package's core (TOTP, verification, URIs, QR via totp-enroll/qr, the service on the
// memory store) in the runtimes teams deploy to besides Node: Bun, Deno, and a Cloudflare Worker run
// by workerd. Each runs test/runtimes/smoke.mjs against the tarball installed in a fresh project;
// Node runs it too, as the control. Runtimes come from `bash test/runtimes/fetch-runtimes.sh`.
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeWithRuntime, probeRuntime, root } from './locate.js';
import { childEnv, run, scratchProject } from './scratch.js';

let dir = '';
beforeAll(() => {
  dir = scratchProject('runtimes', []);
  copyFileSync(join(root, 'test/runtimes/smoke.mjs'), join(dir, 'smoke.mjs'));
  writeFileSync(join(dir, 'main.mjs'), `import { smoke } from './smoke.mjs';\nconsole.log('SMOKE ' + JSON.stringify(await smoke()));\n`);
}, 240_000);
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The line the smoke printed, parsed; the rest of the output (a runtime's own logging) is ignored. */
function smokeResult(output: string): unknown {
  const line = output.split('\n').find((l) => l.startsWith('SMOKE '));
  if (!line) throw new Error(`no SMOKE line in the output:\n${output}`);
  return JSON.parse(line.slice('SMOKE '.length));
}

const ACCOUNT = { issuer: 'Acme Co', accountName: 'ann@example.com' };
/** RFC 6238 Appendix B (8 digits) and the library's contract, the same on every runtime. */
const EXPECTED = {
  vectors: [
    ['94287082', '46119246', '90693936'],
    ['07081804', '68084774', '25091201'],
    ['65353130', '77737706', '47863826'],
  ],
  verify: { ok: true, stepMatches: true, replayed: { ok: false, reason: 'replayed' }, malformed: { ok: false, reason: 'malformed' }, secretLength: 32 },
  error: { isOtpError: true, code: 'INVALID_SECRET' },
  uri: { uri: 'otpauth://totp/Acme%20Co:ann@example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Acme%20Co', ...ACCOUNT, secret: true },
  qr: { svg: true, size: 41, square: true },
  service: {
    uri: { issuer: 'Acme', accountName: 'ann@example.com', secret: true },
    sameCodeTwice: { ok: false, reason: 'not-consecutive' },
    pairing: { ok: true, state: 'verified' },
    enable: { ok: true, state: 'enabled' },
    signIn: { ok: true, delta: 0 },
    replay: { ok: false, reason: 'replayed' },
    state: 'enabled',
    leaks: false,
  },
};

describe('the packed core on Node (the control)', () => {
  it(`generates, verifies, builds URIs and QR codes, and runs enroll -> pair -> enable -> verify -> replay refused (Node ${process.version})`, () => {
    expect(smokeResult(run(process.execPath, ['main.mjs'], { cwd: dir, env: childEnv() }))).toEqual(EXPECTED);
  });
});

describeWithRuntime('the packed core on Bun', probeRuntime('bun'), (bun) => {
  it('generates, verifies, builds URIs and QR codes, and runs enroll -> pair -> enable -> verify -> replay refused', () => {
    const version = run(bun, ['--version'], { cwd: dir }).trim();
    expect(version).toMatch(/^1\./);
    expect(smokeResult(run(bun, ['main.mjs'], { cwd: dir, env: childEnv({ BUN_RUNTIME_TRANSPILER_CACHE_PATH: '0' }) }))).toEqual(EXPECTED);
  });
});

describeWithRuntime('the packed core on Deno', probeRuntime('deno'), (deno) => {
  it('generates, verifies, builds URIs and QR codes, and runs enroll -> pair -> enable -> verify -> replay refused', () => {
    // Deno resolves 'totp-enroll' from the project's node_modules (package.json present); it may
    // only read files: no network, no environment, no subprocesses.
    const env = childEnv({ DENO_DIR: join(dir, '.deno'), DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' });
    expect(smokeResult(run(deno, ['run', '--allow-read', '--no-prompt', 'main.mjs'], { cwd: dir, env }))).toEqual(EXPECTED);
  });
});

describeWithRuntime('the packed core inside a Cloudflare Worker (workerd)', probeRuntime('workerd'), (workerd) => {
  it('generates, verifies, builds URIs and QR codes, and runs enroll -> pair -> enable -> verify -> replay refused', async () => {
    // Bundled as wrangler would (esbuild, ESM, browser conditions), then run by `workerd test`,
    // which calls the module's test() handler. No nodejs_compat flag: only Web APIs are there.
    const worker = join(dir, 'worker');
    mkdirSync(worker, { recursive: true });
    writeFileSync(
      join(worker, 'entry.mjs'),
      `import { smoke } from '../smoke.mjs';\nexport default { async test() { console.log('SMOKE ' + JSON.stringify(await smoke())); } };\n`,
    );
    const bundled = await build({
      entryPoints: [join(worker, 'entry.mjs')],
      absWorkingDir: dir,
      bundle: true,
      format: 'esm',
      platform: 'browser',
      conditions: ['workerd', 'worker', 'browser'],
      target: 'es2022',
      outfile: join(worker, 'worker.mjs'),
      logLevel: 'error',
      metafile: true,
    });
    expect(Object.keys(bundled.metafile.inputs).filter((file) => file.startsWith('node:'))).toEqual([]);
    writeFileSync(
      join(worker, 'config.capnp'),
      `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (services = [(name = "smoke", worker = .smokeWorker)]);
const smokeWorker :Workerd.Worker = (
  modules = [(name = "worker", esModule = embed "worker.mjs")],
  compatibilityDate = "2025-09-01",
);
`,
    );
    const output = run(workerd, ['test', 'config.capnp'], { cwd: worker, env: childEnv() });
    expect(smokeResult(output)).toEqual(EXPECTED);
  });
});

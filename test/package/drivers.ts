/**
 * Runs the storage conformance suite (`runStoreConformance` from the packed `totp-enroll/testing`)
 * inside a consumer's project that installed the packed tarball next to one driver major. The
 * project's test file uses vitest's globals, so `totp-enroll` and the driver resolve from the
 * project's own node_modules, never from this repo; vitest itself is this repo's.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from '../runtimes/locate.js';
import { childEnv } from '../runtimes/scratch.js';

export interface ConformanceRun {
  passed: number;
  failed: number;
  skipped: number;
  /** Titles and first lines of the failures, for the assertion message. */
  failures: string[];
  output: string;
}

/**
 * Writes `conformance.test.mjs` (the `setup` code, then `runStoreConformance(api, () => store)`)
 * into the project `dir`, and runs it with `node` (this process's Node unless given).
 */
export function runConformanceIn(dir: string, setup: string, store: string, node = process.execPath, env: NodeJS.ProcessEnv = {}): ConformanceRun {
  writeFileSync(join(dir, 'vitest.config.mjs'), `export default { test: { globals: true, include: ['conformance.test.mjs'], testTimeout: 30000, hookTimeout: 60000 } };\n`);
  writeFileSync(
    join(dir, 'conformance.test.mjs'),
    `import { runStoreConformance } from 'totp-enroll/testing';\n${setup}\nrunStoreConformance({ describe, it, expect }, () => ${store});\n`,
  );
  const result = spawnSync(
    node,
    [join(root, 'node_modules/vitest/vitest.mjs'), 'run', '--config', 'vitest.config.mjs', '--reporter=json', '--outputFile=result.json'],
    { cwd: dir, env: childEnv(env), encoding: 'utf8', timeout: 300_000, maxBuffer: 64 << 20 },
  );
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? String(result.error) : ''}`;
  let report: {
    numPassedTests: number;
    numFailedTests: number;
    numPendingTests: number;
    testResults: { message?: string; assertionResults: { fullName: string; status: string; failureMessages: string[] }[] }[];
  };
  try {
    report = JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8'));
  } catch {
    throw new Error(`the conformance run wrote no report (exit ${result.status}):\n${output}`);
  }
  const failures = report.testResults.flatMap((file) => [
    ...(file.message ? [file.message] : []),
    ...file.assertionResults.filter((a) => a.status === 'failed').map((a) => `${a.fullName}: ${(a.failureMessages[0] ?? '').split('\n')[0]}`),
  ]);
  return { passed: report.numPassedTests, failed: report.numFailedTests, skipped: report.numPendingTests, failures, output };
}

/** The smallest number of cases a whole conformance run has (store contract plus service guarantees). */
export const MIN_CONFORMANCE_CASES = 20;

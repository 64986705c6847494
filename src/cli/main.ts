/**
 * The `totp-enroll` executable (package.json `bin`, built to dist/cli.js with a `#!/usr/bin/env node`
 * line): the Node process around {@link runCli}.
 * @module
 */
import { createInterface } from 'node:readline/promises';
import { readAll, type CliIo } from './io.js';
import { runCli } from './run.js';

/** The CLI's io on this process: its streams, its environment, the wall clock. */
function nodeIo(): CliIo {
  const interactive = process.stdin.isTTY === true && process.stderr.isTTY === true;
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    readStdin: () => readAll(process.stdin),
    ask: interactive
      ? async (question) => {
          const rl = createInterface({ input: process.stdin, output: process.stderr });
          try {
            return await rl.question(question);
          } finally {
            rl.close();
          }
        }
      : null,
    env: process.env,
    now: Date.now,
  };
}

// `totp-enroll list | head`: a closed pipe ends the run quietly.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

process.exitCode = await runCli(process.argv.slice(2), nodeIo());

// Test helper: runs the terminal demo as a child process and talks to it the way a person at a
// terminal does: wait for a prompt, type an answer. What the demo prints between two answers is one
// screen (the prompt that ends it included), which the layout tests hold to 80 columns by 24 rows.
import { spawn } from 'node:child_process';
import { generateTotp } from '../../src/index.js';

/** The demo's clock in the tests: a moment 5 s into a 30 s step, as TOTP_ENROLL_DEMO_NOW. */
export const DEMO_NOW = Date.UTC(2026, 0, 15, 9, 0, 5);
export const PERIOD_MS = 30_000;

export interface DemoRun {
  status: number | null;
  out: string;
  err: string;
  /** stdout cut at each answer; the last one runs to the end of the output. */
  screens: string[];
}

export interface DemoSession {
  /** Resolves with the current screen once it ends with a prompt matching `prompt` (anchor it with `$`). */
  expect(prompt: RegExp): Promise<string>;
  /** Types a line and Enter; the next screen starts. */
  send(line: string): void;
  /** Closes stdin and resolves when the demo has exited. */
  end(): Promise<DemoRun>;
}

/** Starts `examples/enroll-cli.ts` with `args` on the seeded clock (or `env` overrides). */
export function startDemo(args: string[], env: Record<string, string> = {}): DemoSession {
  const child = spawn(process.execPath, ['--import', 'tsx', 'examples/enroll-cli.ts', ...args], {
    env: { ...process.env, NO_COLOR: '1', TOTP_ENROLL_DEMO_NOW: String(DEMO_NOW), ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  let screen = '';
  const screens: string[] = [];
  let waiting: { prompt: RegExp; resolve: (s: string) => void; reject: (e: Error) => void } | null = null;
  const cut = (text: string) => (screens.length > 0 && text.startsWith('\n') ? text.slice(1) : text);
  const check = () => {
    if (waiting && waiting.prompt.test(screen)) {
      const w = waiting;
      waiting = null;
      w.resolve(cut(screen));
    }
  };
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
    screen += chunk;
    check();
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  void exited.then((code) => {
    if (waiting) waiting.reject(new Error(`demo exited (${code}) before the prompt ${waiting.prompt}\n${screen}\n${err}`));
  });
  return {
    expect(prompt) {
      return new Promise((resolve, reject) => {
        waiting = { prompt, resolve, reject };
        check();
        if (child.exitCode !== null && waiting) reject(new Error(`demo already exited before ${prompt}\n${screen}\n${err}`));
      });
    },
    send(line) {
      screens.push(cut(screen));
      screen = '';
      child.stdin.write(`${line}\n`);
    },
    async end() {
      child.stdin.end();
      const status = await exited;
      screens.push(cut(screen));
      return { status, out, err, screens };
    },
  };
}

/** The rows a screen takes on a terminal at least 80 columns wide (the trailing newline adds none). */
export const rowsOf = (screen: string): string[] => screen.replace(/\n$/, '').split('\n');

/** The key the demo prints for typing by hand, without its spaces. */
export function keyFrom(screen: string): string {
  const line = screen.split('\n').find((l) => /^ {6}[A-Z2-7]{4}( [A-Z2-7]{1,4})+$/.test(l));
  if (!line) throw new Error(`no key in:\n${screen}`);
  return line.trim().replaceAll(' ', '');
}

/** The code an authenticator app shows `steps` periods after DEMO_NOW's step. */
export const codeAt = (secret: string, steps: number): string =>
  generateTotp(secret, { now: DEMO_NOW + steps * PERIOD_MS });

/** A 6-digit code that is none of the codes from `from` to `to` steps (so the service must refuse it). */
export function wrongCode(secret: string, from = -3, to = 6): string {
  const near = new Set(Array.from({ length: to - from + 1 }, (_, i) => codeAt(secret, from + i)));
  for (let n = 100; ; n++) {
    const code = codeAt(secret, n);
    if (!near.has(code)) return code;
  }
}

/**
 * Plays the interactive demo up to its first code prompt: shows the QR code and answers it.
 * Returns the secret read from the key the demo prints.
 */
export async function toFirstCode(demo: DemoSession): Promise<string> {
  await demo.expect(/Press Enter to show it: $/);
  demo.send('');
  await demo.expect(/i: invert\) $/);
  demo.send('');
  const screen = await demo.expect(/ 8\. Authentication code .*: $/);
  return keyFrom(screen);
}

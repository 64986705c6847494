/**
 * Terminal prompts for the interactive demo: a question, and a countdown to the next
 * code that the person can cut short with Enter. Works without a TTY (piped input):
 * the countdown is then printed once and not waited for, and each answer read ends the
 * prompt's line (as the person's Enter would on a terminal).
 * @module
 */
import { createInterface } from 'node:readline';

/** The prompt helpers returned by {@link createPrompter}. */
export interface Prompter {
  /** Asks a question and resolves with the trimmed answer, or null at the end of input. */
  ask(question: string): Promise<string | null>;
  /**
   * Shows "label N s" counting down to `until` (Unix ms, wall clock); resolves when it is
   * reached or when the person presses Enter. Returns true if skipped with Enter.
   */
  countdown(until: number, label: (seconds: number) => string): Promise<boolean>;
  close(): void;
}

/**
 * Creates prompts on stdin/stdout.
 * @example
 * ```ts
 * const p = createPrompter();
 * const code = await p.ask('Authentication code: ');
 * p.close();
 * ```
 */
export function createPrompter(): Prompter {
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdout.isTTY });
  // A terminal echoes the Enter that ends an answer; piped input is not echoed, so end the line here.
  const echoesEnter = process.stdin.isTTY === true;
  const lines: string[] = [];
  const waiters: Array<(line: string | null) => void> = [];
  let ended = false;
  rl.on('line', (line) => {
    const waiter = waiters.shift();
    if (waiter) waiter(line);
    else lines.push(line);
  });
  // Ctrl+C at a prompt stops the demo as it would any command (exit 130), not as "the input ended".
  rl.on('SIGINT', () => {
    process.stdout.write('\n');
    process.exit(130);
  });
  rl.on('close', () => {
    ended = true;
    for (const w of waiters.splice(0)) w(null);
  });
  const nextLine = (): Promise<string | null> => {
    const queued = lines.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    if (ended) return Promise.resolve(null);
    return new Promise((resolve) => waiters.push(resolve));
  };

  return {
    async ask(question) {
      rl.setPrompt(question);
      rl.prompt();
      const line = await nextLine();
      if (line === null || !echoesEnter) process.stdout.write('\n');
      return line === null ? null : line.trim();
    },
    countdown(until, label) {
      const left = () => Math.max(0, Math.ceil((until - Date.now()) / 1000));
      if (!process.stdout.isTTY) {
        process.stdout.write(`${label(left())}\n`);
        return Promise.resolve(false);
      }
      return new Promise<boolean>((resolve) => {
        let done = false;
        let shown = -1;
        const draw = () => {
          if (left() === shown) return;
          shown = left();
          process.stdout.write(`\r\x1b[2K${label(shown)}`);
        };
        const finish = (skipped: boolean) => {
          if (done) return;
          done = true;
          clearInterval(timer);
          const i = waiters.indexOf(onLine);
          if (i >= 0) waiters.splice(i, 1);
          process.stdout.write('\r\x1b[2K');
          resolve(skipped);
        };
        const onLine = (line: string | null) => finish(line !== null);
        const timer = setInterval(() => (Date.now() >= until ? finish(false) : draw()), 250);
        draw();
        waiters.push(onLine);
      });
    },
    close: () => rl.close(),
  };
}

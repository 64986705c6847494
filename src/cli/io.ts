/**
 * What a command talks to: its output streams, its input, the environment and the clock. `main` takes
 * it as a value, so tests run the CLI in-process or as a child alike.
 * @module
 */

/** A stream the CLI writes text to. */
export interface OutStream {
  write(text: string): unknown;
  /** True on a terminal: progress bars and prompts only there. */
  isTTY?: boolean;
  columns?: number;
}

/** Where the CLI reads from and writes to. */
export interface CliIo {
  stdout: OutStream;
  stderr: OutStream;
  /** Reads all of standard input (for `-` in place of a file, URI or secret). */
  readStdin(): Promise<string>;
  /** Asks one question on the terminal; null when standard input is not a terminal. */
  ask: ((question: string) => Promise<string>) | null;
  env: Readonly<Record<string, string | undefined>>;
  /** Unix ms. */
  now(): number;
}

/**
 * Reads all of a readable stream as UTF-8 text.
 * @example
 * ```ts
 * const text = await readAll(process.stdin);
 * ```
 */
export async function readAll(stream: AsyncIterable<unknown>): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/** Writes one line. */
export function line(stream: OutStream, text = ''): void {
  stream.write(`${text}\n`);
}

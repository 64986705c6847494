/**
 * The terminal demo's command line: its usage text, and options read into values or a sentence that
 * says what is wrong (the demo prints it with the usage and exits 2, never a stack trace).
 * @module
 */
import { parseArgs } from 'node:util';

/** The demo's options after parsing. */
export interface DemoArgs {
  interactive: boolean;
  user: string;
  /** The SQLite file; undefined for the default next to the example. */
  db: string | undefined;
  lightTerminal: boolean;
  help: boolean;
}

/** What {@link parseDemoArgs} answers. */
export type ParsedDemoArgs = { ok: true; args: DemoArgs } | { ok: false; message: string };

/** Printed for `--help` and after every mistake on the command line; every line fits 80 columns. */
export const USAGE = `Usage: npm run demo -- [options]

Enables MFA for a demo user step by step, as an administrator would, then
signs that user in with a code.

Options:
  -i, --interactive   scan the QR code with your phone and type the codes
                      (without it: a simulated app on a simulated clock)
  --user NAME         the user to enroll: alice, bob or carol (default alice)
  --db FILE           the SQLite file (default examples/.data/demo.db)
  --light-terminal    draw the QR code for dark text on a light background
  -h, --help          show this help`;

const OPTIONS = {
  interactive: { type: 'boolean', short: 'i' },
  user: { type: 'string' },
  db: { type: 'string' },
  'light-terminal': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** The users the demo can enroll (the admin is the one doing it). */
export const DEMO_MEMBERS = ['alice', 'bob', 'carol'] as const;

// Levenshtein distance, for "did you mean" on a mistyped option.
function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    row = next;
  }
  return row[b.length]!;
}

function unknownOption(rawName: string): string {
  const name = rawName.replace(/^-+/, '');
  const tolerance = name.length < 3 ? 0 : Math.max(1, Math.floor(name.length / 4));
  const close = Object.keys(OPTIONS).find((known) => distance(name, known) <= tolerance || (name.length >= 3 && known.startsWith(name)));
  return `Unknown option ${rawName}.` + (close ? ` Did you mean --${close}?` : '');
}

/**
 * Reads the demo's arguments (what follows `npm run demo --`).
 * @example
 * ```ts
 * parseDemoArgs(['--interactive', '--user', 'bob']); // { ok: true, args: { interactive: true, user: 'bob', ... } }
 * parseDemoArgs(['--interactiv']); // { ok: false, message: 'Unknown option --interactiv. Did you mean --interactive?' }
 * ```
 */
export function parseDemoArgs(argv: readonly string[]): ParsedDemoArgs {
  const { tokens } = parseArgs({ args: [...argv], options: OPTIONS, strict: false, allowPositionals: true, tokens: true });
  const values: Record<string, string | boolean> = {};
  for (const token of tokens) {
    if (token.kind === 'positional') {
      const hint = (DEMO_MEMBERS as readonly string[]).includes(token.value) ? ` To enroll ${token.value}: --user ${token.value}.` : '';
      return { ok: false, message: `Unexpected argument "${token.value}": the demo takes options only.${hint}` };
    }
    if (token.kind !== 'option') continue; // the `--` terminator
    const option = OPTIONS[token.name as keyof typeof OPTIONS] as (typeof OPTIONS)[keyof typeof OPTIONS] | undefined;
    if (option === undefined) return { ok: false, message: unknownOption(token.rawName) };
    if (option.type === 'boolean') {
      if (token.inlineValue) return { ok: false, message: `${token.rawName} takes no value.` };
      values[token.name] = true;
    } else {
      // parseArgs (non-strict) leaves a value-less string option undefined, and takes `--user --db` as a value.
      if (token.value === undefined || token.value === '' || (!token.inlineValue && token.value.startsWith('-'))) {
        return { ok: false, message: `${token.rawName} needs a value, for example ${token.rawName} ${token.name === 'user' ? 'bob' : 'demo.db'}.` };
      }
      values[token.name] = token.value;
    }
  }
  const user = (values['user'] as string | undefined) ?? 'alice';
  if (!(DEMO_MEMBERS as readonly string[]).includes(user)) {
    return { ok: false, message: `No demo user "${user}": choose ${DEMO_MEMBERS.slice(0, -1).join(', ')} or ${DEMO_MEMBERS.at(-1)}.` };
  }
  return {
    ok: true,
    args: {
      interactive: values['interactive'] === true,
      user,
      db: values['db'] as string | undefined,
      lightTerminal: values['light-terminal'] === true,
      help: values['help'] === true,
    },
  };
}

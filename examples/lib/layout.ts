/**
 * Fitting the terminal demo into an 80×24 terminal: sentences wrapped at word boundaries, and the
 * key for typing by hand in groups of four that are never split across lines.
 * @module
 */

/** The smallest terminal the demo is laid out for: every line fits its width, every screen its height. */
export const TERMINAL = { columns: 80, rows: 24 } as const;

/**
 * Wraps text at spaces into lines of at most `width` columns, each starting with `indent`.
 * A word longer than a line (a long file path) gets a line of its own rather than being cut.
 * @example
 * ```ts
 * wrap('Too many wrong codes. Sign-in is locked.', '    ', 24);
 * // ['    Too many wrong', '    codes. Sign-in is', '    locked.']
 * ```
 */
export function wrap(text: string, indent = '', width: number = TERMINAL.columns): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line !== '' && indent.length + line.length + 1 + word.length > width) {
      lines.push(indent + line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') lines.push(indent + line);
  return lines;
}

/**
 * A base32 key as an authenticator app's "enter a setup key" screen expects to be read out: groups of
 * four separated by spaces, as many groups per line as fit `width`, so no group is split by a wrap.
 * @example
 * ```ts
 * keyLines('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', '      ');
 * // ['      JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP']
 * ```
 */
export function keyLines(secret: string, indent = '', width: number = TERMINAL.columns): string[] {
  const groups = secret.match(/.{1,4}/g) ?? [];
  return wrap(groups.join(' '), indent, width);
}

// Test helper: read qrTerminal's half-block text back into a module grid.
import type { Grid } from './qr-raster.js';

const HALVES: Record<string, [top: boolean, bottom: boolean]> = {
  ' ': [false, false],
  '\u2580': [true, false],
  '\u2584': [false, true],
  '\u2588': [true, true],
};

/**
 * Turns each character into two modules (upper and lower half). Drawn halves are light modules by
 * default and dark ones with `invert`. Throws on unknown characters or ragged lines.
 */
export function terminalToGrid(text: string, invert: boolean): Grid {
  const lines = text.split('\n');
  const width = lines[0]!.length;
  const grid: Grid = [];
  for (const line of lines) {
    if ([...line].length !== width) throw new Error('ragged terminal output');
    const top: boolean[] = [];
    const bottom: boolean[] = [];
    for (const ch of line) {
      const halves = HALVES[ch];
      if (halves === undefined) throw new Error(`unexpected character U+${ch.codePointAt(0)!.toString(16)}`);
      top.push(halves[0] === invert);
      bottom.push(halves[1] === invert);
    }
    grid.push(top, bottom);
  }
  return grid;
}

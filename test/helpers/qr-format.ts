// Test helper: read a QR symbol's format information (ISO/IEC 18004 §7.9) from a module grid
// without quiet zone. Both copies must agree and be valid BCH words, and the dark module must sit at
// (row n-8, column 8): a transposed (mirrored) symbol fails these checks even where a lenient
// decoder such as jsQR still reads it.
import type { Grid } from './qr-raster.js';

const LEVEL_BITS: Record<number, 'L' | 'M' | 'Q' | 'H'> = { 1: 'L', 0: 'M', 3: 'Q', 2: 'H' };

function formatWord(data5: number): number {
  let rem = data5 << 10;
  for (let bit = 14; bit >= 10; bit--) if (rem & (1 << bit)) rem ^= 0x537 << (bit - 10);
  return ((data5 << 10) | rem) ^ 0x5412;
}

const VALID = new Map(Array.from({ length: 32 }, (_, d) => [formatWord(d), d] as const));

export function readFormat(m: Grid): { level: 'L' | 'M' | 'Q' | 'H'; mask: number } {
  const n = m.length;
  const at = (row: number, col: number): number => (m[row]![col] ? 1 : 0);
  let first = 0;
  let second = 0;
  for (let i = 0; i < 15; i++) {
    // Copy 1 around the top-left finder: bits 0-5 down column 8, 6-7 at rows 7-8, 8 at column 7, 9-14 along row 8.
    const a = i < 6 ? at(i, 8) : i < 8 ? at(i + 1, 8) : i === 8 ? at(8, 7) : at(8, 14 - i);
    // Copy 2: bits 0-7 along row 8 from the right edge, bits 8-14 up column 8 at the bottom.
    const b = i < 8 ? at(8, n - 1 - i) : at(n - 15 + i, 8);
    first |= a << i;
    second |= b << i;
  }
  if (first !== second) throw new Error('the two format-information copies differ');
  const data = VALID.get(first);
  if (data === undefined) throw new Error('format information is not a valid BCH word');
  if (at(n - 8, 8) !== 1) throw new Error('the dark module is not at (n-8, 8)');
  return { level: LEVEL_BITS[data >> 3]!, mask: data & 7 };
}

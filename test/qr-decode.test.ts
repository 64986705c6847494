// Every SVG we render decodes, with a real decoder, to exactly the bytes we meant: URIs from 20 to
// 1,000 characters at all four levels (including level H at 192–217 bytes, where qrcode-svg's own
// table is wrong), SHA1/SHA256/SHA512 secret sizes, and percent-encoded non-ASCII issuers. The
// symbol is also checked for orientation and level through its format information.
import { describe, expect, it } from 'vitest';
import { qrSvg, type QrLevel } from '../src/qr/index.js';
import { contentOfLength } from './helpers/qr-content.js';
import { readFormat } from './helpers/qr-format.js';
import { decodeGrid, stripQuietZone, svgToGrid } from './helpers/qr-raster.js';

const LEVELS: QrLevel[] = ['L', 'M', 'Q', 'H'];
const LENGTHS: number[] = [];
for (let n = 20; n <= 1000; n += 15) LENGTHS.push(n);
LENGTHS.push(1000);

function check(text: string, level: QrLevel): void {
  const grid = svgToGrid(qrSvg(text, { level }));
  expect(readFormat(stripQuietZone(grid, 4)).level).toBe(level);
  expect(decodeGrid(grid)).toBe(text);
}

describe('qrSvg decode sweep (jsQR)', () => {
  for (const level of LEVELS) {
    it(`level ${level}: ${LENGTHS.length} lengths from 20 to 1000`, () => {
      let decoded = 0;
      LENGTHS.forEach((length, i) => {
        const { text } = contentOfLength(length, i);
        expect(text).toHaveLength(length);
        check(text, level);
        decoded++;
      });
      expect(decoded).toBe(LENGTHS.length);
    }, 180_000); // CPU-bound decoding: seconds on a quiet machine, over 30 s on a shared host under load
  }

  it('level H at every length from 190 to 220 (qrcode-svg version-15 fault)', () => {
    for (let length = 190; length <= 220; length++) check(contentOfLength(length, length).text, 'H');
  }, 180_000);

  it('the longest content each level holds', () => {
    const max = { L: 2950, M: 2328, Q: 1660, H: 1270 } as const;
    for (const level of LEVELS) check(contentOfLength(max[level], 7).text, level);
  }, 180_000);
});

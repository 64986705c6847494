// qrTerminal output, read back character by character into modules, is the same symbol as the SVG
// and decodes with a real decoder in both colour modes; it keeps a 4-module quiet zone.
import { describe, expect, it } from 'vitest';
import { buildOtpauthUri } from '../src/index.js';
import { qrMatrix, qrSvg, qrTerminal, type QrLevel } from '../src/qr/index.js';
import { contentOfLength } from './helpers/qr-content.js';
import { decodeGrid, stripQuietZone, svgToGrid } from './helpers/qr-raster.js';
import { terminalToGrid } from './helpers/qr-terminal.js';

const URI = buildOtpauthUri({ secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', issuer: 'Acme', accountName: 'alice@example.com' });

describe('qrTerminal', () => {
  it('draws light modules by default (dark terminals) and dark ones with invert', () => {
    const dim = qrMatrix(URI).length + 8;
    for (const invert of [false, true]) {
      const text = qrTerminal(URI, { invert });
      const lines = text.split('\n');
      expect(lines).toHaveLength(Math.ceil(dim / 2));
      expect(lines.every((l) => l.length === dim)).toBe(true);
      expect(text).toMatch(/^[ \u2580\u2584\u2588\n]+$/);
      // The top two text lines are quiet zone: all drawn (light) by default, all blank inverted.
      expect(lines[0]).toBe((invert ? ' ' : '\u2588').repeat(dim));
      expect(text.endsWith('\n')).toBe(false);
    }
  });

  it('keeps a 4-module quiet zone and matches the SVG symbol', () => {
    for (const invert of [false, true]) {
      const grid = terminalToGrid(qrTerminal(URI, { invert }), invert);
      const svgGrid = svgToGrid(qrSvg(URI));
      // An odd module count leaves one extra light half row at the bottom.
      expect(grid.slice(0, svgGrid.length)).toEqual(svgGrid);
      expect(grid.slice(svgGrid.length).flat().every((dark) => !dark)).toBe(true);
      expect(stripQuietZone(grid.slice(0, svgGrid.length), 4)).toEqual(qrMatrix(URI));
    }
  });

  it('decodes with jsQR across lengths and levels, in both colour modes', () => {
    let decoded = 0;
    for (const level of ['L', 'M', 'Q', 'H'] as QrLevel[]) {
      for (let length = 20; length <= 1000; length += 70) {
        const invert = (length / 10) % 2 === 0;
        const { text } = contentOfLength(length, length + 1);
        const grid = terminalToGrid(qrTerminal(text, { level, invert }), invert);
        expect(decodeGrid(grid)).toBe(text);
        decoded++;
      }
    }
    expect(decoded).toBe(60);
  });

  it('refuses what qrSvg refuses', () => {
    expect(() => qrTerminal('Société')).toThrow(expect.objectContaining({ code: 'INVALID_QR_CONTENT' }));
  });
});

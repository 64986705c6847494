// The SVG is small, accessible, correctly oriented, and never leaks the secret; content that
// qrcode-svg would mangle (anything but printable ASCII) is refused instead of encoded wrongly.
import * as esbuild from 'esbuild';
import { describe, expect, it } from 'vitest';
import { OtpError, buildOtpauthUri } from '../src/index.js';
import { qrMatrix, qrSvg, type QrLevel } from '../src/qr/index.js';
import { readFormat } from './helpers/qr-format.js';
import { decodeGrid, stripQuietZone, svgToGrid } from './helpers/qr-raster.js';

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
// A typical enrollment URI: 105 characters.
const URI = buildOtpauthUri({ secret: SECRET, issuer: 'Acme Corp', accountName: 'alice.smith@example.com' });

function errorOf(fn: () => unknown): OtpError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(OtpError);
    return e as OtpError;
  }
  throw new Error('expected an OtpError');
}

describe('qrSvg', () => {
  it('is one <path> with a viewBox, role="img", an aria-label and a 4-module quiet zone', () => {
    const svg = qrSvg(URI);
    const matrix = qrMatrix(URI);
    const dim = matrix.length + 8;
    expect(svg).toMatch(new RegExp(`^<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${dim} ${dim}" `));
    expect(svg).toContain(' role="img" aria-label="QR code for an authenticator app"');
    expect(svg.match(/<path /g)).toHaveLength(1);
    expect(stripQuietZone(svgToGrid(svg), 4)).toEqual(matrix);
  });

  it(`stays well under 4 KB for a typical ${URI.length}-character otpauth URI`, () => {
    expect(URI.length).toBeGreaterThan(95);
    expect(new TextEncoder().encode(qrSvg(URI)).length).toBeLessThan(3500);
  });

  it('never contains the secret or the URI', () => {
    const svg = qrSvg(URI, { label: 'Scan to add alice to your app' });
    expect(svg).not.toContain(SECRET);
    expect(svg).not.toContain('otpauth');
  });

  it('escapes the label and refuses one that contains the secret', () => {
    expect(qrSvg(URI, { label: `"<Tom & Jerry's>"` })).toContain('aria-label="&#34;&#60;Tom &#38; Jerry&#39;s&#62;&#34;"');
    const e = errorOf(() => qrSvg(URI, { label: `key ${SECRET.toLowerCase()}` }));
    expect([e.code, e.field]).toEqual(['INVALID_OPTION', 'label']);
    expect(e.message).not.toContain(SECRET);
  });

  it('sets width and height from size, by default a whole number (>= 4) of pixels per module and >= 256', () => {
    expect(qrSvg(URI, { size: 300 })).toContain(' width="300" height="300"');
    for (const text of ['a', URI, 'x'.repeat(300), 'x'.repeat(1000), 'x'.repeat(2900)]) {
      const dim = qrMatrix(text, 'L').length + 8;
      const size = Number(/ width="(\d+)" height="\1"/.exec(qrSvg(text, { level: 'L' }))?.[1]);
      expect(size % dim).toBe(0);
      expect(size / dim).toBeGreaterThanOrEqual(4);
      expect(size).toBeGreaterThanOrEqual(256);
      expect(size).toBeLessThan(Math.max(256 + dim, 4 * dim + 1));
    }
    expect(errorOf(() => qrSvg(URI, { size: 0 })).field).toBe('size');
    expect(errorOf(() => qrSvg(URI, { size: Number.NaN })).field).toBe('size');
  });

  it('defaults to level M and honours the level', () => {
    for (const level of ['L', 'M', 'Q', 'H'] as QrLevel[]) {
      expect(readFormat(stripQuietZone(svgToGrid(qrSvg(URI, { level })), 4)).level).toBe(level);
    }
    expect(readFormat(qrMatrix(URI)).level).toBe('M');
  });

  it('is not drawn transposed: the format check fails on a mirrored symbol', () => {
    const m = qrMatrix(URI);
    expect(() => readFormat(m)).not.toThrow();
    const transposed = m.map((row, y) => row.map((_, x) => m[x]![y]!));
    expect(() => readFormat(transposed)).toThrow();
  });

  it('decodes to the exact bytes, with no byte-order mark', () => {
    expect(decodeGrid(svgToGrid(qrSvg(URI)))).toBe(URI);
  });
});

describe('QR content checks', () => {
  it.each<[string, string]>([
    ['empty text', ''],
    ['non-ASCII text', 'otpauth://totp/Société:a?secret=' + SECRET],
    ['an emoji', '😀'],
    ['a newline', 'line\nbreak'],
    ['a tab', 'a\tb'],
    ['DEL', 'a\u007f'],
    ['a byte-order mark', '\uFEFFotpauth://totp/a'],
  ])('refuses %s', (_, text) => {
    const e = errorOf(() => qrSvg(text));
    expect([e.code, e.field]).toEqual(['INVALID_QR_CONTENT', 'text']);
  });

  it('refuses non-strings', () => {
    expect(errorOf(() => qrSvg(42 as never)).code).toBe('INVALID_QR_CONTENT');
  });

  it.each<[QrLevel, number, string]>([
    ['H', 1271, 'level Q holds it'],
    ['Q', 1661, 'level M holds it'],
    ['M', 2329, 'level L holds it'],
    ['L', 2951, 'no level holds more than 2950'],
  ])('names a level that works when text is too long for %s', (level, length, hint) => {
    const e = errorOf(() => qrSvg('a'.repeat(length), { level }));
    expect(e.code).toBe('INVALID_QR_CONTENT');
    expect(e.message).toContain(hint);
  });

  it('refuses an unknown level', () => {
    expect(errorOf(() => qrSvg(URI, { level: 'X' as never })).field).toBe('level');
  });

  it('encodes level H content of 192–217 bytes at version 16 instead of failing', () => {
    expect(qrMatrix('a'.repeat(191), 'H')).toHaveLength(14 * 4 + 17);
    for (const length of [192, 200, 217]) expect(qrMatrix('a'.repeat(length), 'H')).toHaveLength(16 * 4 + 17);
    expect(qrMatrix('a'.repeat(218), 'H')).toHaveLength(16 * 4 + 17);
  });
});

describe('entry points', () => {
  async function inputsOf(entry: string): Promise<string[]> {
    const result = await esbuild.build({ entryPoints: [entry], bundle: true, write: false, metafile: true, platform: 'node', format: 'esm', logLevel: 'silent' });
    return Object.keys(result.metafile.inputs);
  }

  it('the root entry never pulls in qrcode-svg; totp-enroll/qr does', async () => {
    expect((await inputsOf('src/index.ts')).filter((f) => f.includes('qrcode-svg'))).toEqual([]);
    expect((await inputsOf('src/qr/index.ts')).some((f) => f.includes('qrcode-svg'))).toBe(true);
  });
});

// Test helpers: turn our QR SVG back into modules (by interpreting its one <path>), draw modules as
// pixel blocks, and decode them with a real decoder (jsQR).
import jsQRModule from 'jsqr';

// jsqr is CommonJS with a `default` property; under NodeNext the default import is the module object.
const jsQR = jsQRModule.default;

/** A module grid, `grid[y][x]` true for dark, quiet zone included. */
export type Grid = boolean[][];

/**
 * Interprets the SVG our renderer writes: a white `<rect>` over the viewBox and one `<path>` of
 * horizontal unit-width strokes (`M x y.5`, `m dx dy`, `h len`). Anything else throws, so a change
 * in the renderer cannot go unnoticed.
 */
export function svgToGrid(svg: string): Grid {
  const box = /viewBox="0 0 (\d+) (\d+)"/.exec(svg);
  if (box === null || box[1] !== box[2]) throw new Error('no square viewBox');
  const dim = Number(box[1]);
  if (!svg.includes(`<rect width="${dim}" height="${dim}" fill="#fff"/>`)) throw new Error('no white background');
  const paths = [...svg.matchAll(/<path d="([^"]*)" stroke="#000"\/>/g)];
  if (paths.length !== 1 || (svg.match(/<path/g) ?? []).length !== 1) throw new Error('expected exactly one <path>');
  const grid: Grid = Array.from({ length: dim }, () => new Array<boolean>(dim).fill(false));
  let x = 0;
  let y = 0;
  for (const [, cmd, args] of paths[0]![1]!.matchAll(/([A-Za-z])([^A-Za-z]*)/g)) {
    const n = args!.trim().split(/[\s,]+/).filter(Boolean).map(Number);
    if (n.some((v) => !Number.isFinite(v))) throw new Error(`bad numbers in ${cmd}${args}`);
    if (cmd === 'M' && n.length === 2) [x, y] = [n[0]!, n[1]!];
    else if (cmd === 'm' && n.length === 2) [x, y] = [x + n[0]!, y + n[1]!];
    else if (cmd === 'h' && n.length === 1) {
      const row = y - 0.5;
      if (!Number.isInteger(row) || !Number.isInteger(x) || !Number.isInteger(n[0]) || n[0]! <= 0) {
        throw new Error(`stroke off the module grid at ${x},${y}`);
      }
      for (let i = x; i < x + n[0]!; i++) {
        if (row < 0 || row >= dim || i < 0 || i >= dim) throw new Error('stroke outside the viewBox');
        if (grid[row]![i]) throw new Error('module drawn twice');
        grid[row]![i] = true;
      }
      x += n[0]!;
    } else throw new Error(`unexpected path command ${cmd}${args}`);
  }
  return grid;
}

/** Draws each module as a `scale` x `scale` block of black or white pixels (RGBA). */
export function rasterise(grid: Grid, scale: number): { data: Uint8ClampedArray; width: number; height: number } {
  const size = grid.length * scale;
  const data = new Uint8ClampedArray(size * size * 4).fill(255);
  grid.forEach((row, gy) =>
    row.forEach((dark, gx) => {
      if (!dark) return;
      for (let py = gy * scale; py < (gy + 1) * scale; py++) {
        const line = py * size;
        for (let px = gx * scale; px < (gx + 1) * scale; px++) data.fill(0, (line + px) * 4, (line + px) * 4 + 3);
      }
    }),
  );
  return { data, width: size, height: size };
}

/** Decodes a grid with jsQR and returns the raw bytes as a latin-1 string, or null. */
export function decodeGrid(grid: Grid, scale = 2): string | null {
  const image = rasterise(grid, scale);
  const found = jsQR(image.data, image.width, image.height, { inversionAttempts: 'dontInvert' });
  return found === null ? null : String.fromCharCode(...found.binaryData);
}

/** Removes `zone` modules from every side, checking that they are all light. */
export function stripQuietZone(grid: Grid, zone: number): Grid {
  grid.forEach((row, y) =>
    row.forEach((dark, x) => {
      const inside = y >= zone && y < grid.length - zone && x >= zone && x < row.length - zone;
      if (dark && !inside) throw new Error(`dark module in the quiet zone at ${x},${y}`);
    }),
  );
  return grid.slice(zone, grid.length - zone).map((row) => row.slice(zone, row.length - zone));
}

// The BUILT package, imported through its own name: `import 'totp-enroll'` and `require('totp-enroll')`
// resolve through package.json "exports" exactly as a consumer's would, so a broken exports map, a
// missing file or an ESM/CJS mismatch fails here. Needs `npm run build` first.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const built = existsSync(`${root}dist/index.js`) && existsSync(`${root}dist/index.cjs`);
const require = createRequire(import.meta.url);

// RFC 6238 Appendix B, SHA-1 seed '12345678901234567890' in base32, T = 59 s.
const SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const ROOT_EXPORTS = ['generateSecret', 'decodeSecret', 'encodeSecret', 'generateHotp', 'generateTotp', 'verifyTotp', 'buildOtpauthUri', 'createMfa', 'memoryStore', 'OtpError'];

interface Root {
  generateTotp(secret: string, options: object): string;
  verifyTotp(secret: string, code: string, options: object): { ok: boolean };
  OtpError: new (...args: never[]) => Error;
}

describe('the built package through its own name', () => {
  it('dist/ exists (run `npm run build` before this test)', () => {
    expect(built, 'dist/index.js or dist/index.cjs is missing: run `npm run build` before the tests').toBe(true);
  });

  it.runIf(built)('ESM: import from "totp-enroll" gives working functions', async () => {
    const lib = (await import('totp-enroll' as string)) as Root & Record<string, unknown>;
    for (const name of ROOT_EXPORTS) expect(typeof lib[name], name).toBe('function');
    expect(lib.generateTotp(SECRET, { now: 59_000, digits: 8 })).toBe('94287082');
    expect(lib.verifyTotp(SECRET, '94287082', { now: 59_000, digits: 8 }).ok).toBe(true);
  });

  it.runIf(built)('CommonJS: require("totp-enroll") gives the same API', () => {
    const lib = require('totp-enroll') as Root & Record<string, unknown>;
    for (const name of ROOT_EXPORTS) expect(typeof lib[name], name).toBe('function');
    expect(lib.generateTotp(SECRET, { now: 59_000, digits: 8 })).toBe('94287082');
    expect(() => lib.generateTotp('not base32!', {})).toThrow(lib.OtpError);
  });

  it.runIf(built)('every subpath in "exports" resolves from ESM and CommonJS', async () => {
    const pkg = require('totp-enroll/package.json') as { exports: Record<string, unknown> };
    const subpaths = Object.keys(pkg.exports).filter((p) => p !== './package.json' && p !== '.');
    for (const subpath of subpaths) {
      const specifier = `totp-enroll/${subpath.slice(2)}`;
      // Adapters import their drivers lazily or at load; a resolvable module with exports is what counts here.
      const esm = (await import(specifier)) as Record<string, unknown>;
      expect(Object.keys(esm).length, `${specifier} (ESM) exports something`).toBeGreaterThan(0);
      const cjs = require(specifier) as Record<string, unknown>;
      expect(Object.keys(cjs).sort(), `${specifier}: CJS and ESM export the same names`).toEqual(Object.keys(esm).sort());
    }
  });
});

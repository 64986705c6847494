import { defineConfig } from 'tsup';

// One entry per public subpath; package.json "exports" maps each to its .js/.cjs and .d.ts/.d.cts.
const entry = {
  index: 'src/index.ts',
  qr: 'src/qr/index.ts',
  'storage/sqlite': 'src/storage/sqlite.ts',
  'storage/postgres': 'src/storage/postgres.ts',
  'storage/redis': 'src/storage/redis.ts',
  testing: 'src/testing/index.ts',
};

export default defineConfig([
  {
    entry,
    format: ['esm'],
    dts: true,
    clean: true,
    sourcemap: true,
    target: 'es2022',
    platform: 'neutral',
    treeshake: true,
  },
  {
    entry,
    format: ['cjs'],
    dts: true,
    sourcemap: true,
    target: 'es2022',
    platform: 'node',
    treeshake: true,
    // base32-encode is ESM-only; bundle it into the CommonJS build so `require('totp-enroll')`
    // works without relying on require(esm) interop.
    noExternal: ['base32-encode', 'to-data-view'],
  },
]);

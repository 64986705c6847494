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
    format: ['esm', 'cjs'],
    dts: true,
    // Everything but the CLI, which the second build below writes beside it.
    clean: ['!cli.js', '!cli.js.map'],
    sourcemap: true,
    target: 'es2022',
    platform: 'neutral',
    treeshake: true,
    // Shared chunks in both formats: every entry uses the same OtpError class, so
    // `err instanceof OtpError` holds whichever subpath threw it, under import and require alike.
    splitting: true,
  },
  {
    // The `totp-enroll` bin (package.json "bin"): one self-contained ESM file for Node, apart from the
    // library's chunks so nothing of it reaches an app's bundle. The drivers stay external (peer
    // dependencies, loaded with import() only for the store URL given).
    entry: { cli: 'src/cli/main.ts' },
    format: ['esm'],
    dts: false,
    clean: false,
    sourcemap: true,
    target: 'node20',
    platform: 'node',
    treeshake: true,
    splitting: false,
    banner: { js: '#!/usr/bin/env node' },
  },
]);

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

export default defineConfig({
  entry,
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'es2022',
  platform: 'neutral',
  treeshake: true,
  // Shared chunks in both formats: every entry uses the same OtpError class, so
  // `err instanceof OtpError` holds whichever subpath threw it, under import and require alike.
  splitting: true,
});

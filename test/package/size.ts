// `npm run check:size` (after `npm run build`): the browser cost of the common case. An entry that
// imports generateTotp, verifyTotp and buildOtpauthUri from 'totp-enroll' is bundled by esbuild
// (minify, ESM, platform browser) from the BUILT package, gzipped at level 9 and compared with the
// budget. A second bundle of the same entry from src/ proves through esbuild's metafile that the QR
// code, the enrollment service and the storage adapters are tree-shaken away.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { type Plugin, build } from 'esbuild';

export const BUDGET_GZIP_BYTES = 9600; // otpauth 9's own size for the same three functions (issue 10)
const root = fileURLToPath(new URL('../..', import.meta.url));
const ENTRY = [
  "import { generateTotp, verifyTotp, buildOtpauthUri } from 'totp-enroll';",
  'export { generateTotp, verifyTotp, buildOtpauthUri };',
].join('\n');
// Sources that must not reach the bundle, and strings only they contain (checked on the built output).
const FORBIDDEN_INPUT = /(^|\/)src\/(qr|enrollment|storage\/(?!types)|testing)|node_modules\/(qrcode-svg|better-sqlite3|pg|ioredis)\//;
const FORBIDDEN_TEXT = ['beginEnrollment', 'suspendAfterFailures', 'verifyPairing', 'memoryStore', 'qrcode', '<svg', 'aesGcm', 'AES-GCM'];

async function bundle(plugins: Plugin[]) {
  const result = await build({
    stdin: { contents: ENTRY, resolveDir: root, loader: 'js', sourcefile: 'size-entry.js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    metafile: true,
    logLevel: 'error',
    plugins,
  });
  const code = result.outputFiles[0]!.contents;
  // Only modules that left bytes in the output count: esbuild parses tree-shaken modules too.
  const output = Object.values(result.metafile.outputs)[0]!;
  const inputs = Object.entries(output.inputs)
    .filter(([, info]) => info.bytesInOutput > 0)
    .map(([path, info]) => `${path} (${info.bytesInOutput})`);
  return { code, gzip: gzipSync(code, { level: 9 }).length, inputs };
}

// From src/: map the package name to the sources so the metafile names every module that contributed.
const fromSource: Plugin = {
  name: 'totp-enroll-source',
  setup(b) {
    b.onResolve({ filter: /^totp-enroll$/ }, () => ({ path: `${root}src/index.ts` }));
  },
};

async function main(): Promise<void> {
  if (!existsSync(`${root}dist/index.js`)) {
    console.error('check:size: dist/index.js is missing; run `npm run build` first.');
    process.exit(1);
  }
  // The built package, resolved through its own "exports" (esbuild resolves a package's own name).
  const built = await bundle([]);
  const source = await bundle([fromSource]);
  const problems: string[] = [];
  const text = new TextDecoder().decode(built.code);
  for (const marker of FORBIDDEN_TEXT) if (text.includes(marker)) problems.push(`the built bundle contains '${marker}'`);
  for (const input of source.inputs) {
    if (FORBIDDEN_INPUT.test(input)) problems.push(`the bundle from src/ includes ${input}`);
  }
  if (built.gzip > BUDGET_GZIP_BYTES) problems.push(`${built.gzip} bytes gzipped is over the budget of ${BUDGET_GZIP_BYTES}`);

  console.log('Size of { generateTotp, verifyTotp, buildOtpauthUri } from totp-enroll (esbuild, minify, ESM, browser, gzip -9):');
  console.log(`  built package: ${built.code.length} bytes minified, ${built.gzip} bytes gzipped (budget ${BUDGET_GZIP_BYTES})`);
  console.log(`  from src/:     ${source.code.length} bytes minified, ${source.gzip} bytes gzipped`);
  console.log(`  modules: ${source.inputs.map((i) => i.replace(/^.*node_modules\//, '').replace(/^src\//, 'src/')).join(', ')}`);
  if (problems.length > 0) {
    for (const p of problems) console.error(`check:size FAILED: ${p}`);
    process.exit(1);
  }
  console.log('check:size ok');
}

await main();

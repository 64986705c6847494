// QR generation cost and output size for a typical enrollment URI (a script, not a test).
// Run: npx tsx test/bench/qr.ts            (prints a table)
//      npx tsx test/bench/qr.ts --example  (also rewrites examples/qr-example.svg for the README)
import { writeFileSync } from 'node:fs';
import { buildOtpauthUri } from '../../src/index.js';
import { qrMatrix, qrSvg, qrTerminal, type QrLevel } from '../../src/qr/index.js';

// A fixed, published demo secret: the example picture must not carry a real one.
const URI = buildOtpauthUri({ secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', issuer: 'Acme Corp', accountName: 'alice.smith@example.com' });

function time(fn: () => unknown, iterations: number): number {
  const start = performance.now();
  for (let i = 0; i < iterations; i++) fn();
  return (performance.now() - start) / iterations;
}

const first = time(() => qrSvg(URI), 1);
for (let i = 0; i < 50; i++) qrSvg(URI); // warm up
console.log(`URI: ${URI.length} characters`);
console.log(`first qrSvg call: ${first.toFixed(2)} ms`);
console.log('level  modules  svg bytes  qrMatrix ms  qrSvg ms  qrTerminal ms');
for (const level of ['L', 'M', 'Q', 'H'] as QrLevel[]) {
  const modules = qrMatrix(URI, level).length;
  const bytes = Buffer.byteLength(qrSvg(URI, { level }));
  const m = time(() => qrMatrix(URI, level), 300);
  const s = time(() => qrSvg(URI, { level }), 300);
  const t = time(() => qrTerminal(URI, { level }), 300);
  console.log(`${level}      ${String(modules).padEnd(9)}${String(bytes).padEnd(11)}${m.toFixed(3).padEnd(13)}${s.toFixed(3).padEnd(10)}${t.toFixed(3)}`);
}

if (process.argv.includes('--example')) {
  const svg = qrSvg(URI, { label: 'QR code to add alice.smith@example.com (Acme Corp) to an authenticator app' });
  writeFileSync(new URL('../../examples/qr-example.svg', import.meta.url), svg + '\n');
  console.log('wrote examples/qr-example.svg');
}

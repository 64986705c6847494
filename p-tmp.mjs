import { verifyTotp, generateTotp } from './dist/index.js';
const S = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const S64 = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const opts = { now: 1_700_000_000_000, window: 1 };
const time = (f, n) => { const t0 = process.hrtime.bigint(); for (let i = 0; i < n; i++) f(); return Number(process.hrtime.bigint() - t0) / n; };
const v = () => verifyTotp(S, '000000', opts), g = () => generateTotp(S, opts);
const med = (x) => x.slice().sort((p, q) => p - q)[x.length >> 1];
const run = (label) => { const a = [], b = []; for (let r = 0; r < 20; r++) { a.push(time(v, 3000)); b.push(time(g, 3000)); } console.log(label, 'verify', med(a).toFixed(0), 'gen', med(b).toFixed(0)); };
for (let i = 0; i < 20000; i++) { v(); g(); }
run('sha1 only');
if (process.argv[2]) { for (let i = 0; i < 20000; i++) { generateTotp(S, { ...opts, algorithm: 'SHA256' }); generateTotp(S64, { ...opts, algorithm: 'SHA512' }); } run('after 256/512'); }

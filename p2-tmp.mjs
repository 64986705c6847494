import { generateTotp } from './dist/index.js';
const S = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const opts = { now: 1_700_000_000_000 };
for (let i = 0; i < 400000; i++) generateTotp(S, opts);

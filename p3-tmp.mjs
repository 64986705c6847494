import { createMfa, memoryStore, generateTotp } from './dist/index.js';
let clock = 1_700_000_015_000;
const mfa = createMfa({ store: memoryStore(), issuer: 'B', now: () => clock });
const s = await mfa.beginEnrollment('u', { accountName: 'a@b.c' });
const c1 = generateTotp(s.secret, { now: clock }); clock += 30000; const c2 = generateTotp(s.secret, { now: clock });
console.log((await mfa.verifyPairing('u', c1, c2)).ok, (await mfa.enable('u')).ok);
for (let i = 0; i < 60000; i++) { clock += 30000; const r = await mfa.verify('u', generateTotp(s.secret, { now: clock })); if (!r.ok) throw new Error(r.reason); }

// The smallest useful program: make a secret, show the current code, verify it once, refuse it twice.
// Run with `npx tsx examples/quickstart.ts`.
import { generateSecret, generateTotp, verifyTotp } from 'totp-enroll';

const secret = generateSecret(); // 20 random bytes, base32: store it encrypted, show it once
const now = Date.now();
const code = generateTotp(secret, { now }); // what the authenticator app shows right now

console.log(`secret        ${secret}`);
console.log(`current code  ${code}`);

const first = verifyTotp(secret, code, { now });
console.log('first use    ', first);
if (!first.ok) process.exit(1);

// Store first.step; passing it back as afterStep makes the same code fail (RFC 6238 §5.2).
const second = verifyTotp(secret, code, { now, afterStep: first.step });
console.log('second use   ', second);
if (second.ok) process.exit(1);

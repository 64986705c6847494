// The service's sign-in path on the memory store against the core check it wraps, in one process:
// mfa.verify with a right code, one new step per call (so every call passes the replay rule and writes
// { lastStep, drift, failures } back), and verifyTotp with the same kind of code and options. Both loops
// include one generateTotp per call. Rounds alternate the order; the target (issue 11) is the difference:
// mfa.verify <= verifyTotp + 5 µs. `npm run bench:service` prints it; `npm run bench` includes the lines.
import { pathToFileURL } from 'node:url';
import { measureAsync, median, report } from './harness.js';

interface Mfa {
  beginEnrollment(userId: string, options: { accountName: string }): Promise<{ ok: boolean; secret?: string }>;
  verifyPairing(userId: string, code1: string, code2: string): Promise<{ ok: boolean }>;
  enable(userId: string): Promise<unknown>;
  verify(userId: string, code: string): Promise<{ ok: boolean; reason?: string }>;
}
interface Root {
  createMfa(options: { store: unknown; issuer: string; now: () => number }): Mfa;
  memoryStore(): unknown;
  generateTotp(secret: string, options: { now: number }): string;
  verifyTotp(secret: string, code: string, options: { now: number; afterStep?: number; drift?: number }): { ok: boolean; step?: number };
}

const modulePath = process.env.TOTP_ENROLL_BENCH_MODULE;
const lib = (modulePath ? await import(pathToFileURL(modulePath).href) : await import('../../src/index.js')) as unknown as Root;

let clock = 1_700_000_015_000;
const mfa = lib.createMfa({ store: lib.memoryStore(), issuer: 'Bench', now: () => clock });
const started = await mfa.beginEnrollment('user-1', { accountName: 'user@example.com' });
const secret = started.secret;
if (!started.ok || typeof secret !== 'string') throw new Error('service: beginEnrollment failed');
const code1 = lib.generateTotp(secret, { now: clock });
const code2 = lib.generateTotp(secret, { now: clock + 30_000 });
clock += 30_000;
if (!(await mfa.verifyPairing('user-1', code1, code2)).ok) throw new Error('service: pairing failed');
await mfa.enable('user-1');

async function serviceNextStep(): Promise<boolean> {
  clock += 30_000;
  const result = await mfa.verify('user-1', lib.generateTotp(secret!, { now: clock }));
  if (!result.ok) throw new Error(`service: a right code was refused (${result.reason})`);
  return result.ok;
}
let coreClock = clock;
let lastStep = -1;
async function coreNextStep(): Promise<boolean> {
  coreClock += 30_000;
  const result = lib.verifyTotp(secret!, lib.generateTotp(secret!, { now: coreClock }), { now: coreClock, afterStep: lastStep, drift: 0 });
  if (!result.ok) throw new Error('service: verifyTotp refused a right code');
  lastStep = result.step!;
  return result.ok;
}

const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const serviceTimes: number[] = [];
const coreTimes: number[] = [];
for (let round = 0; round < rounds; round++) {
  if (round % 2 === 0) {
    coreTimes.push(await measureAsync(coreNextStep));
    serviceTimes.push(await measureAsync(serviceNextStep));
  } else {
    serviceTimes.push(await measureAsync(serviceNextStep));
    coreTimes.push(await measureAsync(coreNextStep));
  }
}
const right = median(serviceTimes);
const core = median(coreTimes);

// The code of the step just used: the replay rule refuses it; nothing is written.
const replay = lib.generateTotp(secret, { now: clock });
const replayed = await mfa.verify('user-1', replay);
if (replayed.ok || replayed.reason !== 'replayed') throw new Error('service: a used code was not refused as replayed');
const replayTime = await measureAsync(async () => {
  const result = await mfa.verify('user-1', replay);
  if (result.reason !== 'replayed') throw new Error(`service: expected replayed, got ${result.reason}`);
  return result.ok;
});

if (process.argv.includes('--print')) {
  const us = (ns: number): string => `${(ns / 1000).toFixed(2)} µs`;
  console.log(`generateTotp + verifyTotp (right code, new step):        ${us(core)}`);
  console.log(`generateTotp + mfa.verify (memory store, right code):    ${us(right)}`);
  console.log(`mfa.verify replayed code (memory store, nothing written): ${us(replayTime)}`);
  const diff = right - core;
  console.log(`service overhead: ${us(diff)} (target <= 5 µs: ${diff <= 5000 ? 'met' : 'MISSED'}), ${rounds} alternating rounds`);
} else {
  report('service', {
    'verifyTotp right code (same process)': core,
    'mfa.verify right code (memory store)': right,
    'mfa.verify replayed code (memory store)': replayTime,
  });
}

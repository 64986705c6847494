// The service's sign-in path on the memory store: mfa.verify with a right code, one new step per call
// (so every call passes the replay rule and writes { lastStep, drift, failures } back), and with a
// replayed code (read, decide, nothing to write). Each right-code call includes one generateTotp.
import { pathToFileURL } from 'node:url';
import { measureAsync, report } from './harness.js';

interface Mfa {
  beginEnrollment(userId: string, options: { accountName: string }): Promise<{ secret: string }>;
  verifyPairing(userId: string, code1: string, code2: string): Promise<{ ok: boolean }>;
  enable(userId: string): Promise<unknown>;
  verify(userId: string, code: string): Promise<{ ok: boolean; reason?: string }>;
}
interface Root {
  createMfa(options: { store: unknown; issuer: string; now: () => number }): Mfa;
  memoryStore(): unknown;
  generateTotp(secret: string, options: { now: number }): string;
}

const modulePath = process.env.TOTP_ENROLL_BENCH_MODULE;
const lib = (modulePath ? await import(pathToFileURL(modulePath).href) : await import('../../src/index.js')) as unknown as Root;

let clock = 1_700_000_015_000;
const mfa = lib.createMfa({ store: lib.memoryStore(), issuer: 'Bench', now: () => clock });
const { secret } = await mfa.beginEnrollment('user-1', { accountName: 'user@example.com' });
const code1 = lib.generateTotp(secret, { now: clock });
const code2 = lib.generateTotp(secret, { now: clock + 30_000 });
clock += 30_000;
if (!(await mfa.verifyPairing('user-1', code1, code2)).ok) throw new Error('service: pairing failed');
await mfa.enable('user-1');

async function verifyNextStep(): Promise<boolean> {
  clock += 30_000;
  const result = await mfa.verify('user-1', lib.generateTotp(secret, { now: clock }));
  if (!result.ok) throw new Error(`service: a right code was refused (${result.reason})`);
  return result.ok;
}
const right = await measureAsync(verifyNextStep);
// The code of the step just used: the replay rule refuses it; nothing is written.
const replay = lib.generateTotp(secret, { now: clock });
const replayed = await mfa.verify('user-1', replay);
if (replayed.ok || replayed.reason !== 'replayed') throw new Error('service: a used code was not refused as replayed');

report('service', {
  'mfa.verify right code (memory store)': right,
  'mfa.verify replayed code (memory store)': await measureAsync(async () => {
    const result = await mfa.verify('user-1', replay);
    if (result.reason !== 'replayed') throw new Error(`service: expected replayed, got ${result.reason}`);
    return result.ok;
  }),
});

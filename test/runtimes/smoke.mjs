// The packed package's core, as any runtime runs it: Bun, Deno, a Cloudflare Worker (workerd), and
// Node as the control. Plain JavaScript importing `totp-enroll` and `totp-enroll/qr` the way a consumer
// does. Every time is injected (`now`); nothing reads the wall clock. `smoke()` returns facts the test
// compares with what RFC 6238 and the library's contract say, so a runtime that computes differently fails.
import {
  buildOtpauthUri,
  createMfa,
  encodeSecret,
  generateSecret,
  generateTotp,
  memoryStore,
  parseOtpauthUri,
  timeStep,
  verifyTotp,
  OtpError,
} from 'totp-enroll';
import { qrMatrix, qrSvg } from 'totp-enroll/qr';

const ascii = (text) => Uint8Array.from(text, (c) => c.charCodeAt(0));
// RFC 6238 Appendix B seeds: 20, 32 and 64 bytes of "1234567890..." for SHA-1, SHA-256, SHA-512.
const SEED = { SHA1: encodeSecret(ascii('12345678901234567890')), SHA256: encodeSecret(ascii('12345678901234567890123456789012')), SHA512: encodeSecret(ascii('1234567890'.repeat(6) + '1234')) };
const T0 = Date.UTC(2030, 0, 1, 12, 0, 0); // step-aligned

export async function smoke() {
  const out = {};
  // RFC 6238 Appendix B, 8 digits, at T = 59 s and T = 20000000000 s.
  out.vectors = [59, 1111111109, 20000000000].map((t) =>
    ['SHA1', 'SHA256', 'SHA512'].map((algorithm) => generateTotp(SEED[algorithm], { now: t * 1000, digits: 8, algorithm })),
  );
  const secret = generateSecret();
  const code = generateTotp(secret, { now: T0 });
  const accepted = verifyTotp(secret, code, { now: T0 });
  out.verify = {
    ok: accepted.ok,
    stepMatches: accepted.ok && accepted.step === timeStep(T0),
    replayed: verifyTotp(secret, code, { now: T0, afterStep: accepted.ok ? accepted.step : -1 }),
    malformed: verifyTotp(secret, '１２３４５６', { now: T0 }),
    secretLength: secret.length,
  };
  let thrown = null;
  try {
    generateTotp('not base32!');
  } catch (e) {
    thrown = { isOtpError: e instanceof OtpError, code: e.code };
  }
  out.error = thrown;

  const uri = buildOtpauthUri({ secret: SEED.SHA1, issuer: 'Acme Co', accountName: 'ann@example.com' });
  const parsed = parseOtpauthUri(uri);
  out.uri = { uri, issuer: parsed.issuer, accountName: parsed.accountName, secret: parsed.secret === SEED.SHA1 };
  const svg = qrSvg(uri);
  const matrix = qrMatrix(uri);
  out.qr = { svg: svg.startsWith('<svg') && svg.trimEnd().endsWith('</svg>'), size: matrix.length, square: matrix.every((row) => row.length === matrix.length) };

  // The service on the memory store, on an injected clock: enroll, pair with two consecutive codes,
  // enable, sign in, and see the same code refused.
  let now = T0;
  const events = [];
  const mfa = createMfa({ store: memoryStore(), issuer: 'Acme', now: () => now, onEvent: (e) => events.push(e.type) });
  const begun = await mfa.beginEnrollment('u1', { accountName: 'ann@example.com' });
  const at = (step) => generateTotp(begun.secret, { now: step * 30_000 });
  const s = timeStep(now);
  const flow = {};
  const enrolled = parseOtpauthUri(begun.uri);
  flow.uri = { issuer: enrolled.issuer, accountName: enrolled.accountName, secret: enrolled.secret === begun.secret };
  flow.sameCodeTwice = await mfa.verifyPairing('u1', at(s), at(s));
  flow.pairing = await mfa.verifyPairing('u1', at(s - 1), at(s));
  flow.enable = await mfa.enable('u1');
  now += 30_000;
  const signIn = at(s + 1);
  flow.signIn = await mfa.verify('u1', signIn);
  flow.replay = await mfa.verify('u1', signIn);
  flow.state = (await mfa.status('u1')).state;
  flow.leaks = JSON.stringify(events).includes(signIn) || JSON.stringify(events).includes(begun.secret);
  out.service = flow;
  return out;
}

/** What every runtime must produce. */
export const EXPECTED_VECTORS = [
  ['94287082', '46119246', '90693936'],
  ['07081804', '68084774', '25091201'],
  ['65353130', '77737706', '47863826'],
];

// Every reason the service can answer has a sentence in the examples (none falls through to the default).
import { describe, expect, it } from 'vitest';
import type {
  BeginEnrollmentResult,
  CancelEnrollmentResult,
  DisableResult,
  EnableResult,
  PairingResult,
  RecoveryCodesResult,
  RecoveryResult,
  ResyncResult,
  SignInResult,
  UnlockResult,
} from '../src/enrollment/results.js';
import { explainEnable, explainPairing, explainRecovery, explainSignIn } from '../examples/lib/messages.js';

type Reason<R> = Extract<R, { ok: false }> extends { reason: infer X } ? X & string : never;
// Records keyed by every reason: adding a reason to a result type without listing it here fails the typecheck.
const signIn: Record<Reason<SignInResult> | Reason<ResyncResult>, true> = {
  malformed: true, mismatch: true, replayed: true, 'not-enabled': true, busy: true, locked: true, suspended: true, 'not-consecutive': true,
};
const pairing: Record<Reason<PairingResult>, true> = {
  malformed: true, mismatch: true, 'not-consecutive': true, expired: true, 'too-many-attempts': true, 'no-pending': true, busy: true,
};
const recovery: Record<Reason<RecoveryResult>, true> = { malformed: true, mismatch: true, 'not-enabled': true, busy: true, locked: true };
const manage: Record<
  Reason<EnableResult | DisableResult | UnlockResult | BeginEnrollmentResult | RecoveryCodesResult | CancelEnrollmentResult>,
  true
> = {
  'not-verified': true, expired: true, busy: true, 'not-enabled': true, 'no-pending': true,
};

describe('examples: every reason has a sentence', () => {
  it.each([
    ['sign-in and resync', signIn, explainSignIn, 'The code was not accepted'],
    ['pairing', pairing, explainPairing, 'The codes were not accepted'],
    ['recovery codes', recovery, explainRecovery, 'The recovery code was not accepted'],
    ['enable, disable, unlock, cancel, begin, recovery codes', manage, explainEnable, 'The change was not made'],
  ] as const)('%s', (_name, reasons, explain, fallback) => {
    for (const reason of Object.keys(reasons)) {
      const { message } = explain(reason);
      expect(message.startsWith(fallback), `${reason} falls through to the default`).toBe(false);
      expect(message).not.toMatch(/\d{6}/);
    }
  });
});

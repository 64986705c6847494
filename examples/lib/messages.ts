/**
 * Words a person understands for every reason the enrollment service can give.
 * Shared by the terminal demo and the web example so both say the same thing.
 * None of these messages contains a code or a secret.
 * @module
 */

/** Where a message belongs on a form: next to one field, or for the whole step. */
export type MessageTarget = 'code' | 'code1' | 'code2' | 'form';

/** A reason turned into a sentence, with the field it should be shown next to. */
export interface Explained {
  reason: string;
  message: string;
  target: MessageTarget;
}

const minutes = (ms: number): string => {
  const m = Math.ceil(ms / 60_000);
  return m <= 1 ? 'about a minute' : `${m} minutes`;
};

/**
 * Explains a failed `verifyPairing` (seed steps 8-10).
 * @example
 * ```ts
 * explainPairing('not-consecutive').message; // "You entered the same code twice. ..."
 * ```
 */
export function explainPairing(reason: string): Explained {
  switch (reason) {
    case 'malformed':
      return { reason, target: 'code1', message: 'Enter each code as the 6 digits your app shows (a space or dash in the middle is fine).' };
    case 'mismatch':
      return {
        reason,
        target: 'code2',
        message:
          'These codes do not match the QR code. Check that the app shows the new account, and that your device sets its clock automatically.',
      };
    case 'not-consecutive':
      return {
        reason,
        target: 'code2',
        message:
          'You entered the same code twice. The two codes must be consecutive: enter one code, wait until the app shows the next one, and enter that one.',
      };
    case 'expired':
      return { reason, target: 'form', message: 'This QR code has expired. Click ENABLE again to get a new one.' };
    case 'too-many-attempts':
      return {
        reason,
        target: 'form',
        message: 'Too many wrong codes: this QR code is no longer valid. Click ENABLE again and scan the new one.',
      };
    case 'no-pending':
      return { reason, target: 'form', message: 'No enrollment is in progress. Click ENABLE to start one.' };
    case 'busy':
      return { reason, target: 'form', message: 'The server is busy. Please click Verify again.' };
    default:
      return { reason, target: 'form', message: `The codes were not accepted (${reason}).` };
  }
}

/**
 * Explains a failed sign-in `verify`.
 * @example
 * ```ts
 * explainSignIn('replayed').message; // "That code was already used. ..."
 * ```
 */
export function explainSignIn(reason: string, retryAfterMs?: number): Explained {
  switch (reason) {
    case 'malformed':
      return { reason, target: 'code', message: 'Enter the 6 digits your app shows (a space or dash in the middle is fine).' };
    case 'mismatch':
      return { reason, target: 'code', message: 'That authentication code is not right. Try the code your app shows now.' };
    case 'replayed':
      return {
        reason,
        target: 'code',
        message: 'That code was already used. Wait until your app shows a new code and enter that one.',
      };
    case 'locked':
      return {
        reason,
        target: 'code',
        message: `Too many wrong codes. Sign-in with a code is locked for ${minutes(retryAfterMs ?? 60_000)}.`,
      };
    case 'suspended':
      return {
        reason,
        target: 'form',
        message:
          'Too many wrong codes: sign-in with a code is suspended. Sign in with a recovery code, or ask an administrator to unlock it.',
      };
    case 'not-consecutive':
      return { reason, target: 'code2', message: 'You entered the same code twice. Enter two codes your app shows one after the other.' };
    case 'not-enabled':
      return { reason, target: 'form', message: 'Multi-factor authentication is not enabled for this user.' };
    case 'busy':
      return { reason, target: 'form', message: 'The server is busy. Please try again.' };
    default:
      return { reason, target: 'form', message: `The code was not accepted (${reason}).` };
  }
}

/**
 * Explains a failed `useRecoveryCode`. `locked` here is the recovery codes' own short lock.
 * @example
 * ```ts
 * explainRecovery('mismatch').message; // "That recovery code is not right. ..."
 * ```
 */
export function explainRecovery(reason: string, retryAfterMs?: number): Explained {
  switch (reason) {
    case 'malformed':
      return { reason, target: 'code', message: 'A recovery code has 16 letters and digits, like 7k2m-q9xd-4hne-tb1w.' };
    case 'mismatch':
      return { reason, target: 'code', message: 'That recovery code is not right, or it was already used. Each code works once.' };
    case 'locked':
      return { reason, target: 'code', message: `Too many wrong recovery codes. Try again in ${minutes(retryAfterMs ?? 60_000)}.` };
    case 'not-enabled':
      return { reason, target: 'form', message: 'Multi-factor authentication is not enabled for this user.' };
    case 'busy':
      return { reason, target: 'form', message: 'The server is busy. Please try again.' };
    default:
      return { reason, target: 'form', message: `The recovery code was not accepted (${reason}).` };
  }
}

/** `retryAfterMs` of a failed result, when it has one (a suspension has none). */
export const retryAfter = (result: object): number | undefined =>
  'retryAfterMs' in result && typeof result.retryAfterMs === 'number' ? result.retryAfterMs : undefined;

/**
 * Explains a failed `enable`, `disable`, `unlock`, `beginEnrollment` or `generateRecoveryCodes` (seed step 11).
 * @example
 * ```ts
 * explainEnable('not-verified').message; // "Verify two codes first..."
 * ```
 */
export function explainEnable(reason: string): Explained {
  switch (reason) {
    case 'not-verified':
      return { reason, target: 'form', message: 'Verify two codes from the app first, then click Enable.' };
    case 'expired':
      return { reason, target: 'form', message: 'This pairing has expired. Click ENABLE again to get a new QR code.' };
    case 'not-enabled':
      return { reason, target: 'form', message: 'Multi-factor authentication is not enabled for this user.' };
    case 'busy':
      return { reason, target: 'form', message: 'The server is busy. Please try again.' };
    default:
      return { reason, target: 'form', message: `The change was not made (${reason}).` };
  }
}

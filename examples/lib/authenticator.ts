/**
 * A simulated authenticator app for the demos: it "scans" an otpauth URI (parses it the
 * way an app would) and shows the code for any moment. Its clock is whatever `now` you
 * pass, so a demo can move time forward one period instead of waiting for the next code.
 * @module
 */
import { generateTotp, parseOtpauthUri } from 'totp-enroll';

/** What the app keeps after scanning: the account it shows and how to make its codes. */
export interface SimulatedAuthenticator {
  issuer: string | undefined;
  accountName: string;
  algorithm: string;
  digits: number;
  /** Step length in seconds, as the URI says. */
  period: number;
  /** The code this app shows at Unix time `now` (ms). */
  codeAt(now: number): string;
}

/**
 * Scans an otpauth URI like Google Authenticator would.
 * @example
 * ```ts
 * const app = scan(uri);
 * const first = app.codeAt(now);
 * const next = app.codeAt(now + app.period * 1000);
 * ```
 */
export function scan(uri: string): SimulatedAuthenticator {
  const p = parseOtpauthUri(uri);
  if (p.type !== 'totp') throw new Error(`the simulated app only does TOTP, not ${p.type}`);
  const { secret, algorithm, digits, period } = p;
  return {
    issuer: p.issuer,
    accountName: p.accountName,
    algorithm,
    digits,
    period,
    codeAt: (now) => generateTotp(secret, { algorithm, digits, period, now }),
  };
}

/**
 * A linter for otpauth settings that popular authenticator apps ignore or mishandle.
 * @module
 */
import { snapshotOptions } from '../options.js';
import { asciiUpperCase } from '../params.js';
import type { OtpType } from './types.js';

/** The apps {@link checkAppCompatibility} knows about. */
export type AuthenticatorApp = 'Google Authenticator' | 'Microsoft Authenticator' | 'Authy';

/** One finding of {@link checkAppCompatibility}. */
export interface CompatibilityWarning {
  app: AuthenticatorApp;
  /** The setting at fault. */
  field: 'type' | 'algorithm' | 'digits' | 'period' | 'issuer';
  /** What goes wrong, for an administrator. */
  message: string;
}

/** The settings {@link checkAppCompatibility} looks at; `OtpauthParams` and `ParsedOtpauthUri` both fit. */
export interface CompatibilityInput {
  type?: OtpType;
  algorithm?: string;
  digits?: number;
  period?: number;
  issuer?: string;
}

interface Rule {
  field: CompatibilityWarning['field'];
  applies: (p: Required<Omit<CompatibilityInput, 'issuer'>> & { issuer: string }) => boolean;
  apps: Partial<Record<AuthenticatorApp, string>>;
}

// Sources: Google's Key URI Format wiki and google-authenticator(-android) issues #29, #521, #696;
// Keycloak's per-app policies; privacyidea #1156 and #3812; python-vipaccess #53; android-otp-extractor #33.
const RULES: readonly Rule[] = [
  {
    field: 'type',
    applies: (p) => p.type === 'hotp',
    apps: { 'Microsoft Authenticator': 'supports time-based (totp) codes only' },
  },
  {
    field: 'algorithm',
    applies: (p) => asciiUpperCase(p.algorithm) !== 'SHA1',
    apps: {
      'Google Authenticator': 'ignored the algorithm for years (Android) and accepts such codes silently, then shows wrong codes',
      'Microsoft Authenticator': 'supports SHA1 only; other algorithms were reported to give wrong codes',
      Authy: 'supports SHA1 only',
    },
  },
  {
    field: 'digits',
    applies: (p) => p.digits !== 6,
    apps: {
      'Google Authenticator': 'ignores digits on Android (6-digit codes); the Key URI Format allows only 6 or 8',
      'Microsoft Authenticator': 'ignores digits and shows 6-digit codes',
    },
  },
  {
    field: 'period',
    applies: (p) => p.period !== 30,
    apps: {
      'Google Authenticator': 'ignores the period on Android and shows 30-second codes',
      'Microsoft Authenticator': 'supports a 30-second period only',
      Authy: 'is reported not to handle periods other than 30 seconds',
    },
  },
  {
    field: 'issuer',
    applies: (p) => p.issuer.includes(' '),
    apps: { Authy: 'was reported (Android) to reject an issuer containing a space' },
  },
];

/**
 * Lists the settings that popular authenticator apps ignore or mishandle, so an administrator learns
 * before users enroll that some of them would get wrong codes. SHA1, 6 digits, 30 seconds and TOTP
 * (the defaults) give no warnings except for an issuer with a space (Authy).
 *
 * @example
 * ```ts
 * import { checkAppCompatibility } from 'totp-enroll';
 * checkAppCompatibility({ algorithm: 'SHA256', digits: 8 });
 * // [{ app: 'Google Authenticator', field: 'algorithm', message: '...' }, ...]
 * checkAppCompatibility({}); // []
 * ```
 */
export function checkAppCompatibility(params: CompatibilityInput): CompatibilityWarning[] {
  const p = snapshotOptions(params, ['type', 'algorithm', 'digits', 'period', 'issuer'] as const, 'params');
  const text = (value: unknown, fallback: string): string => (typeof value === 'string' ? value : fallback);
  const filled = {
    type: p.type === 'hotp' ? ('hotp' as const) : ('totp' as const),
    algorithm: text(p.algorithm, 'SHA1'),
    digits: typeof p.digits === 'number' ? p.digits : 6,
    period: p.type === 'hotp' ? 30 : typeof p.period === 'number' ? p.period : 30,
    issuer: text(p.issuer, ''),
  };
  const warnings: CompatibilityWarning[] = [];
  for (const rule of RULES) {
    if (!rule.applies(filled)) continue;
    for (const [app, text] of Object.entries(rule.apps) as [AuthenticatorApp, string][]) {
      warnings.push({ app, field: rule.field, message: `${app} ${text}.` });
    }
  }
  return warnings;
}

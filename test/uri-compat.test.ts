// checkAppCompatibility warns an administrator, per app and per setting, before users enroll
// with settings that Google Authenticator, Microsoft Authenticator or Authy ignore or mishandle.
import { describe, expect, it } from 'vitest';
import { checkAppCompatibility, parseOtpauthUri, type CompatibilityInput } from '../src/index.js';

const pairs = (input: CompatibilityInput) =>
  checkAppCompatibility(input)
    .map((w) => `${w.app}/${w.field}`)
    .sort();

describe('checkAppCompatibility', () => {
  it.each<[string, CompatibilityInput, string[]]>([
    ['the defaults', {}, []],
    ['explicit defaults', { type: 'totp', algorithm: 'SHA1', digits: 6, period: 30, issuer: 'Acme' }, []],
    ['SHA256', { algorithm: 'SHA256' }, ['Authy/algorithm', 'Google Authenticator/algorithm', 'Microsoft Authenticator/algorithm']],
    ['lowercase sha512', { algorithm: 'sha512' }, ['Authy/algorithm', 'Google Authenticator/algorithm', 'Microsoft Authenticator/algorithm']],
    ['8 digits', { digits: 8 }, ['Google Authenticator/digits', 'Microsoft Authenticator/digits']],
    ['7 digits', { digits: 7 }, ['Google Authenticator/digits', 'Microsoft Authenticator/digits']],
    ['a 60-second period', { period: 60 }, ['Authy/period', 'Google Authenticator/period', 'Microsoft Authenticator/period']],
    ['hotp', { type: 'hotp', period: 60 }, ['Microsoft Authenticator/type']],
    ['an issuer with a space', { issuer: 'Acme Co' }, ['Authy/issuer']],
  ])('for %s', (_, input, expected) => {
    expect(pairs(input)).toEqual(expected);
  });

  it('gives structured warnings with a readable message naming the app', () => {
    for (const w of checkAppCompatibility({ algorithm: 'SHA512', digits: 8, period: 15, type: 'totp' })) {
      expect(Object.keys(w).sort()).toEqual(['app', 'field', 'message']);
      expect(w.message.startsWith(w.app)).toBe(true);
    }
  });

  it('takes a parsed URI directly', () => {
    const parsed = parseOtpauthUri('otpauth://totp/a?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&period=60');
    expect(pairs(parsed)).toEqual(['Authy/period', 'Google Authenticator/period', 'Microsoft Authenticator/period']);
  });
});

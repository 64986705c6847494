// Every export reads each option exactly once, before validating it: a getter that answers 1 when
// checked and 100000 when used cannot widen the window, and null options are INVALID_OPTION, never a
// TypeError. Inherited (polluted Object.prototype) values are not options.
import { describe, expect, it } from 'vitest';
import {
  OtpError,
  buildOtpauthUri,
  checkAppCompatibility,
  decodeSecret,
  generateHotp,
  generateSecret,
  generateTotp,
  parseOtpauthUri,
  timeStep,
  verifyHotp,
  verifyTotp,
} from '../../src/index.js';
import { qrSvg, qrTerminal } from '../../src/qr/index.js';

const SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const NOW = 1_700_000_000_000;
const URI = `otpauth://totp/Acme:alice?secret=${SECRET}&issuer=Acme`;

/** An options object whose every read of `key` is counted and answers `first`, then `later`. */
function twoFaced<T>(key: string, first: T, later: T, base: Record<string, unknown> = {}) {
  const reads = { count: 0 };
  const options = { ...base };
  Object.defineProperty(options, key, {
    enumerable: true,
    get: () => (reads.count++ === 0 ? first : later),
  });
  return { options, reads };
}

describe('options are read once', () => {
  it('a window getter that says 1 when checked and 100000 when used does not accept a code 100,000 steps ahead', () => {
    const ahead = generateTotp(SECRET, { now: NOW + 100_000 * 30_000 });
    const { options, reads } = twoFaced('window', 1, 100_000, { now: NOW });
    expect(verifyTotp(SECRET, ahead, options as never)).toEqual({ ok: false, reason: 'mismatch' });
    expect(reads.count).toBe(1);
  });

  it('a window { past, future } whose sides change after the check is read once too', () => {
    const ahead = generateTotp(SECRET, { now: NOW + 5_000 * 30_000 });
    const { options: window, reads } = twoFaced('future', 1, 5_000, { past: 1 });
    expect(verifyTotp(SECRET, ahead, { now: NOW, window: window as never })).toEqual({ ok: false, reason: 'mismatch' });
    expect(reads.count).toBe(1);
  });

  it.each([
    ['drift', 0, 2 ** 53],
    ['afterStep', 0, -1],
    ['digits', 6, 9],
    ['algorithm', 'SHA1', 'MD5'],
    ['period', 30, 0],
    ['now', NOW, Number.NaN],
    ['t0', 0, 0.5],
    ['minSecretBytes', 16, 1],
  ])('verifyTotp reads %s once', (key, first, later) => {
    const { options, reads } = twoFaced(key, first, later, key === 'now' ? {} : { now: NOW });
    verifyTotp(SECRET, '123456', options as never);
    expect(reads.count).toBe(1);
  });

  it('every export reads each of its options at most once', () => {
    const calls: [string, (o: object) => unknown, string[]][] = [
      ['generateTotp', (o) => generateTotp(SECRET, o), ['now', 'period', 't0', 'algorithm', 'digits', 'minSecretBytes']],
      ['generateHotp', (o) => generateHotp(SECRET, 1, o), ['algorithm', 'digits', 'minSecretBytes']],
      ['verifyHotp', (o) => verifyHotp(SECRET, '123456', { counter: 1, ...o }), ['algorithm', 'digits', 'minSecretBytes', 'lookAhead']],
      ['timeStep', (o) => timeStep(NOW, o), ['period', 't0']],
      ['generateSecret', (o) => generateSecret(o), ['bytes']],
      ['decodeSecret', (o) => decodeSecret(SECRET, o), ['minBytes']],
      ['parseOtpauthUri', (o) => parseOtpauthUri(URI, o), ['minSecretBytes']],
      ['buildOtpauthUri params', (o) => buildOtpauthUri({ secret: SECRET, issuer: 'Acme', accountName: 'a', ...o }), ['algorithm', 'digits', 'period']],
      ['buildOtpauthUri options', (o) => buildOtpauthUri({ secret: SECRET, issuer: 'Acme', accountName: 'a' }, o), ['minSecretBytes']],
      ['checkAppCompatibility', (o) => checkAppCompatibility(o), ['algorithm', 'digits', 'period', 'issuer', 'type']],
      ['qrSvg', (o) => qrSvg(URI, o), ['level', 'label', 'size']],
      ['qrTerminal', (o) => qrTerminal(URI, o), ['level', 'invert']],
    ];
    const defaults: Record<string, unknown> = {
      now: NOW, period: 30, t0: 0, algorithm: 'SHA1', digits: 6, minSecretBytes: 16, lookAhead: 0, bytes: 20,
      minBytes: 16, level: 'M', label: 'QR code', size: 300, invert: false, issuer: 'Acme', type: 'totp',
    };
    for (const [name, call, keys] of calls) {
      for (const key of keys) {
        const { options, reads } = twoFaced(key, defaults[key], 'changed after the check');
        call(options);
        expect(reads.count, `${name} reads ${key}`).toBeLessThanOrEqual(1);
      }
    }
  });
});

describe('null options are INVALID_OPTION, never a TypeError', () => {
  const calls: [string, () => unknown][] = [
    ['generateTotp', () => generateTotp(SECRET, null as never)],
    ['verifyTotp', () => verifyTotp(SECRET, '123456', null as never)],
    ['generateHotp', () => generateHotp(SECRET, 0, null as never)],
    ['verifyHotp', () => verifyHotp(SECRET, '123456', null as never)],
    ['timeStep', () => timeStep(NOW, null as never)],
    ['generateSecret', () => generateSecret(null as never)],
    ['decodeSecret', () => decodeSecret(SECRET, null as never)],
    ['buildOtpauthUri (params)', () => buildOtpauthUri(null as never)],
    ['buildOtpauthUri (options)', () => buildOtpauthUri({ secret: SECRET, issuer: 'A', accountName: 'b' }, null as never)],
    ['parseOtpauthUri', () => parseOtpauthUri(URI, null as never)],
    ['checkAppCompatibility', () => checkAppCompatibility(null as never)],
    ['qrSvg', () => qrSvg(URI, null as never)],
    ['qrTerminal', () => qrTerminal(URI, null as never)],
    ['verifyTotp window null', () => verifyTotp(SECRET, '123456', { window: null as never })],
  ];
  it.each(calls)('%s', (_, call) => {
    let error: unknown;
    try {
      call();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(OtpError);
    expect((error as OtpError).code).toBe('INVALID_OPTION');
  });
});

describe('a polluted Object.prototype is not an option', () => {
  it('Object.prototype.window, drift and digits change nothing', () => {
    const ahead = generateTotp(SECRET, { now: NOW + 8 * 30_000 });
    const proto = Object.prototype as Record<string, unknown>;
    try {
      proto['window'] = 10;
      proto['drift'] = 8;
      proto['afterStep'] = -1;
      expect(verifyTotp(SECRET, ahead, { now: NOW })).toEqual({ ok: false, reason: 'mismatch' });
      expect(generateTotp(SECRET, { now: NOW })).toBe(generateTotp(SECRET, Object.assign(Object.create(null), { now: NOW })));
    } finally {
      delete proto['window'];
      delete proto['drift'];
      delete proto['afterStep'];
    }
  });
});

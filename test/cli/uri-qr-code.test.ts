// uri, qr and code: the commands about one secret. uri hides it unless --show-secret; qr draws a code
// that decodes to the URI; code prints RFC 6238's values; invalid input is exit 1 without echoing it.
import { describe, expect, it } from 'vitest';
import { decodeGrid } from '../helpers/qr-raster.js';
import { terminalToGrid } from '../helpers/qr-terminal.js';
import { cli, cliProblem } from './cli.js';

const problem = cliProblem();
const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const URI = `otpauth://totp/Acme%20Co:alice@example.com?secret=${SECRET}&issuer=Acme%20Co&algorithm=SHA256&digits=8&period=60`;
// RFC 6238 Appendix B seeds, base32.
const SHA1_SEED = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const SHA256_SEED = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZA';

describe.runIf(!problem)('totp-enroll uri', () => {
  it('prints the fields and the app warnings, not the secret', async () => {
    const r = await cli(['uri', URI]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^issuer: +Acme Co$/m);
    expect(r.stdout).toMatch(/^account: +alice@example\.com$/m);
    expect(r.stdout).toMatch(/^algorithm: +SHA256$/m);
    expect(r.stdout).toMatch(/^digits: +8$/m);
    expect(r.stdout).toMatch(/^period: +60 s$/m);
    expect(r.stdout).toMatch(/^secret: +\(20 bytes; --show-secret to print it\)$/m);
    expect(r.stdout).toMatch(/^App-compatibility warnings \(\d+\):$/m);
    expect(r.stdout).toContain('algorithm: Microsoft Authenticator supports SHA1 only');
    expect(r.stdout).toContain('issuer: Authy was reported (Android) to reject an issuer containing a space.');
    expect(r.all).not.toContain(SECRET);
    expect(r.all.toLowerCase()).not.toContain(SECRET.toLowerCase());
  });

  it('--show-secret prints it; --json is one object with the warnings, without the secret', async () => {
    const shown = await cli(['uri', URI, '--show-secret']);
    expect(shown.stdout).toMatch(new RegExp(`^secret: +${SECRET}$`, 'm'));
    const j = await cli(['uri', URI, '--json']);
    const parsed = JSON.parse(j.stdout) as Record<string, unknown>;
    expect(parsed).toMatchObject({ type: 'totp', issuer: 'Acme Co', accountName: 'alice@example.com', algorithm: 'SHA256', digits: 8, period: 60 });
    expect(parsed).not.toHaveProperty('secret');
    expect((parsed['warnings'] as unknown[]).length).toBeGreaterThan(3);
  });

  it('defaults give no warnings; - reads the URI from stdin', async () => {
    const r = await cli(['uri', '-'], { stdin: `otpauth://totp/Acme:bob?secret=${SECRET}&issuer=Acme\n` });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^No app-compatibility warnings\.$/m);
    expect(r.all).not.toContain(SECRET);
  });

  it.each([
    ['https://example.com/', 'scheme'],
    [`otpauth://totp/Acme:bob?secret=${SECRET}&digits=9`, 'digits'],
    [`otpauth://totp/Acme:bob?secret=${SECRET.slice(0, 20)}1`, 'secret'],
    [`otpauth://totp/Acme:bob?secret=${SECRET.slice(0, 16)}`, 'secret'],
  ])('%s is exit 1 naming the field, never echoing the secret', async (uri, field) => {
    const r = await cli(['uri', uri]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^totp-enroll uri: invalid otpauth URI \\(${field}\\): .+\\.\\n$`));
    expect(r.all).not.toContain(SECRET.slice(0, 16));
  });
});

describe.runIf(!problem)('totp-enroll qr', () => {
  it('draws a QR code that decodes to the URI, with the label underneath', async () => {
    for (const invert of [false, true]) {
      const r = await cli(['qr', URI, ...(invert ? ['--invert'] : [])]);
      expect(r.code).toBe(0);
      const lines = r.stdout.trimEnd().split('\n');
      expect(lines.at(-1)).toBe('Acme Co: alice@example.com');
      expect(decodeGrid(terminalToGrid(lines.slice(0, -1).join('\n'), invert), 4)).toBe(URI);
    }
  });

  it('an invalid URI is exit 1 and draws nothing', async () => {
    const r = await cli(['qr', 'otpauth://totp/x?secret=&issuer=A']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^totp-enroll qr: invalid otpauth URI \(secret\)/);
  });
});

describe.runIf(!problem)('totp-enroll code', () => {
  it.each([
    [['--at', '59000', '--digits', '8'], SHA1_SEED, '94287082'],
    [['--at', '1111111109000', '--digits', '8'], SHA1_SEED, '07081804'],
    [['--at', '2005-03-18T01:58:29Z', '--digits', '8', '--algorithm', 'sha256'], SHA256_SEED, '68084774'],
    [['--at', '20000000000000', '--digits', '8', '--algorithm', 'SHA256'], SHA256_SEED, '77737706'],
  ])('%o prints RFC 6238 value', async (options, secret, code) => {
    const r = await cli(['code', secret, ...options]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${code}\n`);
    expect(r.stderr).toMatch(/^valid until \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC \(\d+ s left\); next code \d{8}\n$/);
  });

  it('--json, --period and the secret from stdin', async () => {
    const r = await cli(['code', '-', '--at', '59000', '--period', '60', '--json'], { stdin: `${SHA1_SEED}\n` });
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as { code: string; next: string; validUntil: number };
    expect(j.validUntil).toBe(60_000);
    expect(j.code).toMatch(/^\d{6}$/);
  });

  it('a secret that is not base32, or too short, is exit 1 without echoing it', async () => {
    for (const secret of ['NOT-BASE32-0189!!', 'JBSWY3DPEHPK3PXP']) {
      const r = await cli(['code', secret]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^totp-enroll code: .+\.\n$/);
      expect(r.all).not.toContain(secret);
    }
    const legacy = await cli(['code', 'JBSWY3DPEHPK3PXP', '--min-secret-bytes', '10', '--at', '0']);
    expect(legacy.code).toBe(0);
  });
});

// An issuer or account name that cannot fit in the 2,048-character URI is refused by its length
// alone, before anything proportional to it runs (a 20-million-character name took 11 s and 2.4 GB
// to percent-encode before the URI limit was checked).
import { describe, expect, it, vi } from 'vitest';

const encoded = vi.hoisted(() => ({ chars: 0 }));
vi.mock('../../src/uri/percent.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/uri/percent.js')>();
  return {
    ...real,
    encodeComponent: (text: string, field: string) => {
      encoded.chars += text.length;
      return real.encodeComponent(text, field);
    },
  };
});

const { OtpError, buildOtpauthUri } = await import('../../src/index.js');
const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

function refused(params: Record<string, unknown>): InstanceType<typeof OtpError> {
  try {
    buildOtpauthUri({ secret: SECRET, issuer: 'Acme', accountName: 'alice', ...params } as never);
  } catch (e) {
    expect(e).toBeInstanceOf(OtpError);
    return e as InstanceType<typeof OtpError>;
  }
  throw new Error('expected an OtpError');
}

describe('over-long names are refused before encoding', () => {
  it('a 20-million-character account name is INVALID_OPTION without encoding a character', () => {
    encoded.chars = 0;
    const err = refused({ accountName: 'a'.repeat(20_000_000) });
    expect(err.code).toBe('INVALID_OPTION');
    expect(err.field).toBe('accountName');
    expect(encoded.chars).toBe(0);
  });

  it('a 20-million-character issuer too, even one full of characters that would be escaped', () => {
    encoded.chars = 0;
    const err = refused({ issuer: '\u00e9'.repeat(20_000_000) });
    expect(err.field).toBe('issuer');
    expect(encoded.chars).toBe(0);
  });

  it('names that fit one by one but not together are refused before encoding (the issuer is written twice)', () => {
    encoded.chars = 0;
    const err = refused({ issuer: 'i'.repeat(700), accountName: 'a'.repeat(700) });
    expect(err.field).toBe('uri');
    expect(encoded.chars).toBe(0);
  });

  it('a name that fits by length but not once escaped is still refused by the final URI check', () => {
    const err = refused({ accountName: '\u00e9'.repeat(600) }); // 600 characters, 3,600 once escaped
    expect(err.field).toBe('uri');
  });

  it('the longest names that fit still build', () => {
    const uri = buildOtpauthUri({ secret: SECRET, issuer: 'I'.repeat(600), accountName: 'a'.repeat(700) });
    expect(uri.length).toBeLessThanOrEqual(2048);
  });
});

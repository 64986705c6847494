// A byte secret is copied once, by its real byte length (read from the typed array itself), and
// only the copy is checked and used: a lying `length`, a Proxy, or changes made afterwards cannot
// key the HMAC with an empty or 1-byte key.
import { describe, expect, it } from 'vitest';
import { OtpError, buildOtpauthUri, encodeSecret, generateHotp, generateTotp, verifyTotp } from '../../src/index.js';

const KEY = new TextEncoder().encode('12345678901234567890');
const NOW = 59_000;
const EXPECTED = generateTotp(KEY, { now: NOW, digits: 8 }); // '94287082' (RFC 6238)

function withLength(bytes: Uint8Array, length: () => number): Uint8Array {
  const copy = bytes.slice();
  Object.defineProperty(copy, 'length', { get: length });
  return copy;
}

describe('key bytes are copied once, by their real length', () => {
  it('a Uint8Array whose length says NaN still keys the HMAC with all its bytes', () => {
    expect(EXPECTED).toBe('94287082');
    expect(generateTotp(withLength(KEY, () => Number.NaN), { now: NOW, digits: 8 })).toBe(EXPECTED);
  });

  it('a length that says 16 when checked and 1 when used changes nothing', () => {
    let reads = 0;
    const lying = withLength(KEY, () => (reads++ === 0 ? 16 : 1));
    expect(generateTotp(lying, { now: NOW, digits: 8 })).toBe(EXPECTED);
    expect(verifyTotp(lying, EXPECTED, { now: NOW, digits: 8 }).ok).toBe(true);
    expect(reads).toBe(0);
  });

  it('a short key that claims to be long is still refused as short', () => {
    const short = withLength(new Uint8Array(4).fill(7), () => 20);
    for (const call of [() => generateTotp(short), () => verifyTotp(short, '123456'), () => generateHotp(short, 0)]) {
      expect(call).toThrowError(OtpError);
      try {
        call();
      } catch (e) {
        expect((e as OtpError).code).toBe('INVALID_SECRET');
      }
    }
  });

  it('a Proxy around a Uint8Array is not a key (its reads would run caller code)', () => {
    let trapped = 0;
    const proxy = new Proxy(KEY.slice(), {
      get(target, key, receiver) {
        trapped++;
        return Reflect.get(target, key, receiver);
      },
    });
    expect(() => generateTotp(proxy, { now: NOW })).toThrowError(/Uint8Array/);
    expect(() => encodeSecret(proxy)).toThrowError(OtpError);
    expect(trapped).toBe(0);
  });

  it('arrays, ArrayBuffers, other typed arrays and DataViews are refused', () => {
    for (const secret of [[...KEY], KEY.buffer, new Uint16Array(10), new Int8Array(20), new DataView(KEY.buffer)]) {
      expect(() => generateTotp(secret as never, { now: NOW })).toThrowError(OtpError);
    }
  });

  it("a subarray is keyed by its own bytes, not its buffer's", () => {
    const padded = new Uint8Array(40).fill(0xee);
    padded.set(KEY, 10);
    expect(generateTotp(padded.subarray(10, 30), { now: NOW, digits: 8 })).toBe(EXPECTED);
  });

  it('a Buffer and a Uint8Array from another realm work', async () => {
    expect(generateTotp(Buffer.from(KEY), { now: NOW, digits: 8 })).toBe(EXPECTED);
    const { runInNewContext } = await import('node:vm');
    const foreign = runInNewContext('new Uint8Array([...bytes])', { bytes: [...KEY] }) as Uint8Array;
    expect(generateTotp(foreign, { now: NOW, digits: 8 })).toBe(EXPECTED);
  });

  it('the caller changing the array after a call does not change earlier results, and the URI builder copies too', () => {
    const key = KEY.slice();
    const uri = buildOtpauthUri({ secret: key, issuer: 'Acme', accountName: 'a' });
    key.fill(0);
    expect(uri).toContain(`secret=${encodeSecret(KEY)}`);
  });
});

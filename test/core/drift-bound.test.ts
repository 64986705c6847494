// `drift` is bounded (MAX_DRIFT steps either way), so no input makes verifyTotp compute more than
// past + future + 1 steps or step past 2^53, where `step++` stops changing and the loop never ends.
import { describe, expect, it, vi } from 'vitest';

const truncations = vi.hoisted(() => ({ count: 0 }));
vi.mock('../../src/hmac.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/hmac.js')>();
  return {
    ...real,
    keyHotpHmac: (...args: Parameters<typeof real.keyHotpHmac>) => {
      const mac = real.keyHotpHmac(...args);
      return { truncate: (hi: number, lo: number) => (truncations.count++, mac.truncate(hi, lo)), destroy: () => mac.destroy() };
    },
  };
});

const { MAX_DRIFT, MAX_WINDOW, OtpError, generateTotp, verifyTotp } = await import('../../src/index.js');

const SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const NOW = 1_700_000_000_000;

function refusal(fn: () => unknown): InstanceType<typeof OtpError> {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(OtpError);
    return e as InstanceType<typeof OtpError>;
  }
  throw new Error('expected an OtpError');
}

describe('drift cannot make verify loop or step past 2^53', () => {
  it.each([
    ['Number.MAX_SAFE_INTEGER', Number.MAX_SAFE_INTEGER],
    ['2**53 - 5e7', 2 ** 53 - 5e7],
    ['-Number.MAX_SAFE_INTEGER', -Number.MAX_SAFE_INTEGER],
    ['MAX_DRIFT + 1', MAX_DRIFT + 1],
    ['-(MAX_DRIFT + 1)', -(MAX_DRIFT + 1)],
    ['Infinity', Infinity],
    ['1.5', 1.5],
    ['a string', '3'],
  ])('drift %s is INVALID_OPTION before any HMAC', (_, drift) => {
    truncations.count = 0;
    const err = refusal(() => verifyTotp(SECRET, '123456', { now: NOW, drift: drift as number }));
    expect(err.code).toBe('INVALID_OPTION');
    expect(err.field).toBe('drift');
    expect(truncations.count).toBe(0);
  });

  it('the bound itself works and is documented as steps either way', () => {
    const ahead = generateTotp(SECRET, { now: NOW + MAX_DRIFT * 30_000 });
    expect(verifyTotp(SECRET, ahead, { now: NOW, drift: MAX_DRIFT })).toMatchObject({ ok: true, delta: MAX_DRIFT });
    const behind = generateTotp(SECRET, { now: NOW - MAX_DRIFT * 30_000 });
    expect(verifyTotp(SECRET, behind, { now: NOW, drift: -MAX_DRIFT })).toMatchObject({ ok: true, delta: -MAX_DRIFT });
  });

  it('whatever the options, at most past + future + 1 steps are computed', () => {
    for (const [past, future] of [[0, 0], [1, 1], [MAX_WINDOW, MAX_WINDOW], [3, 7]] as const) {
      for (const drift of [0, MAX_DRIFT, -MAX_DRIFT]) {
        truncations.count = 0;
        verifyTotp(SECRET, '000000', { now: NOW, drift, window: { past, future } });
        expect(truncations.count).toBe(past + future + 1);
      }
    }
    // Near step 0 the window is cut, never widened.
    truncations.count = 0;
    verifyTotp(SECRET, '000000', { now: 0, drift: -MAX_DRIFT, window: MAX_WINDOW });
    expect(truncations.count).toBe(0);
  });

  it('a t0 far in the past cannot push the step beyond the safe integers', () => {
    const err = refusal(() => verifyTotp(SECRET, '123456', { now: Number.MAX_SAFE_INTEGER, t0: -Number.MAX_SAFE_INTEGER, period: 1 }));
    expect(err.code).toBe('INVALID_OPTION');
  });

  it('the largest time accepted still computes exactly the window', () => {
    truncations.count = 0;
    const result = verifyTotp(SECRET, '000000', { now: Number.MAX_SAFE_INTEGER, period: 1, drift: MAX_DRIFT, window: MAX_WINDOW });
    expect(result.ok === false || Number.isSafeInteger(result.step)).toBe(true);
    expect(truncations.count).toBe(2 * MAX_WINDOW + 1);
  });
});

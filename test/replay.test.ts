// One-time use (RFC 6238 §5.2): no code, and no step, is accepted twice.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PERIOD_MS, codeAtStep, enroll, harness } from './helpers/enrollment.js';

describe('replay', () => {
  it('the same code twice: ok, then replayed', async () => {
    const h = harness();
    const secret = await enroll(h);
    const code = codeAtStep(secret, h.step());
    expect(await h.mfa.verify('u1', code)).toEqual({ ok: true, delta: 0 });
    expect(await h.mfa.verify('u1', code)).toEqual({ ok: false, reason: 'replayed' });
  });

  it('an older code still inside the window is replayed once a newer one was used', async () => {
    const h = harness();
    const secret = await enroll(h);
    const s = h.step();
    expect((await h.mfa.verify('u1', codeAtStep(secret, s + 1))).ok).toBe(true);
    expect(await h.mfa.verify('u1', codeAtStep(secret, s))).toEqual({ ok: false, reason: 'replayed' });
  });

  it('the trailing-step reuse of devise-two-factor CVE-2021-43177 is refused', async () => {
    const h = harness();
    const secret = await enroll(h);
    const s = h.step();
    expect((await h.mfa.verify('u1', codeAtStep(secret, s))).ok).toBe(true);
    h.advance(PERIOD_MS); // the used code is now the previous step, still inside the window
    expect(await h.mfa.verify('u1', codeAtStep(secret, s))).toEqual({ ok: false, reason: 'replayed' });
  });

  it('a replay is not counted as a failure and does not lock', async () => {
    const h = harness();
    const secret = await enroll(h);
    const code = codeAtStep(secret, h.step());
    await h.mfa.verify('u1', code);
    for (let i = 0; i < 20; i++) expect((await h.mfa.verify('u1', code)).ok).toBe(false);
    expect(await h.mfa.status('u1')).toMatchObject({ failures: 0, lockedUntil: null });
  });

  it('a used code in a display form is the same use, a prefix never passes: no bypass of the used-step check (Vault CVE-2025-6014)', async () => {
    const h = harness();
    const secret = await enroll(h);
    const code = codeAtStep(secret, h.step());
    expect((await h.mfa.verify('u1', code)).ok).toBe(true);
    for (const variant of [` ${code}`, `${code} `, `${code.slice(0, 3)} ${code.slice(3)}`, `${code.slice(0, 3)}-${code.slice(3)}`, `${code}\n`]) {
      expect(await h.mfa.verify('u1', variant)).toEqual({ ok: false, reason: 'replayed' });
    }
    for (const variant of [`+${code}`, `0${code}`, `${code.slice(0, 3)}  ${code.slice(3)}`, `${code.slice(0, 2)} ${code.slice(2)}`]) {
      expect(await h.mfa.verify('u1', variant)).toEqual({ ok: false, reason: 'malformed' });
    }
  });

  it('property: over any schedule of sign-ins, each step is accepted at most once', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 3 * PERIOD_MS }), fc.integer({ min: -1, max: 1 })), { minLength: 1, maxLength: 30 }),
        async (schedule) => {
          const h = harness();
          const secret = await enroll(h);
          const accepted: number[] = [];
          for (const [wait, offset] of schedule) {
            h.advance(wait);
            const step = h.step() + offset;
            const result = await h.mfa.verify('u1', codeAtStep(secret, step));
            if (result.ok) accepted.push(step);
          }
          expect(new Set(accepted).size).toBe(accepted.length);
          expect([...accepted].sort((a, b) => a - b)).toEqual(accepted);
        },
      ),
      { numRuns: 60 },
    );
  });
});

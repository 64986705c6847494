/**
 * Matching two consecutive TOTP codes (pairing and resync), in constant time per window.
 * @module
 */
import { parseCode } from '../params.js';
import { totpCodes } from '../totp.js';
import type { CodeParams } from './record.js';

/** How two submitted codes relate to the authenticator's codes around a centre step. */
export type PairMatch =
  | { ok: true; step: number }
  | { ok: false; reason: 'malformed' | 'mismatch' | 'not-consecutive' | 'replayed' };

/**
 * Compares two equal-length strings without an early exit. Internal.
 * @example
 * ```ts
 * sameText('123456', '123456'); // true
 * ```
 */
export function sameText(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/**
 * Finds a step `s` in `[centre - past, centre + future]` where `code2` is the code of `s` and `code1`
 * the code of `s - 1`. Both steps must be after `afterStep` when it is given.
 * Reasons: `malformed` (either code is not exactly `digits` ASCII digits), `not-consecutive` (the two
 * submissions are the same text: known without looking at the secret), `replayed` (they match, but at or
 * before `afterStep`), else `mismatch`. Whether a wrong code is the code of some other step is never
 * told apart from `mismatch`: that would be an oracle for codes of future steps.
 * @example
 * ```ts
 * matchConsecutive(secret, params, c1, c2, { centre: timeStep(now), past: 1, future: 1 }); // { ok: true, step }
 * ```
 */
export function matchConsecutive(
  secret: string,
  params: CodeParams,
  code1: unknown,
  code2: unknown,
  range: { centre: number; past: number; future: number; afterStep?: number },
): PairMatch {
  if (parseCode(code1, params.digits) < 0 || parseCode(code2, params.digits) < 0) {
    return { ok: false, reason: 'malformed' };
  }
  const c1 = code1 as string;
  const c2 = code2 as string;
  if (c1 === c2) return { ok: false, reason: 'not-consecutive' };
  const first = Math.max(0, range.centre - range.past - 1);
  const last = range.centre + range.future;
  // One keying of the HMAC for the whole window.
  const codes = totpCodes(secret, params, first, last - first + 1);
  const at = (step: number): string => codes[step - first] ?? '';
  let found = -1;
  let foundDistance = Infinity;
  let replayed = false;
  for (let step = first + 1; step <= last; step++) {
    const m2 = sameText(at(step), c2);
    const m1 = sameText(at(step - 1), c1);
    if (step < range.centre - range.past || !m2 || !m1) continue;
    if (range.afterStep !== undefined && step - 1 <= range.afterStep) {
      replayed = true;
      continue;
    }
    const distance = Math.abs(step - range.centre);
    if (distance < foundDistance) {
      found = step;
      foundDistance = distance;
    }
  }
  if (found >= 0) return { ok: true, step: found };
  if (replayed) return { ok: false, reason: 'replayed' };
  return { ok: false, reason: 'mismatch' };
}

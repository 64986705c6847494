/**
 * `importFactor`: an existing authenticator (a user of otplib, speakeasy or another system) becomes an
 * enabled factor without pairing. The secret is checked strictly and stored in canonical base32 (sealed
 * by the cipher when one is configured); a short legacy key is accepted only through an explicit
 * `minSecretBytes`, and the factor records its length so that sign-in accepts exactly that key.
 * @module
 */
import { MAX_SECRET_BYTES } from '../base32.js';
import { OtpError, assertOption } from '../errors.js';
import { snapshotOptions } from '../options.js';
import { checkAlgorithm, checkDigits, checkPeriod } from '../params.js';
import { MIN_SECRET_BYTES, copyBytes, decodeSecret, encodeSecret } from '../secret.js';
import { MAX_WINDOW, timeStep } from '../totp.js';
import { BUSY, type Decision } from './cas.js';
import { ownOption, type ServiceContext } from './context.js';
import type { Mfa } from './mfa.js';
import { type ActiveFactor, MIN_LEGACY_SECRET_BYTES, type PlainRecord, emptyRecord, parseRecord } from './record.js';
import type { ImportFactorResult } from './results.js';

const EXISTS: ImportFactorResult = /* @__PURE__ */ Object.freeze({ ok: false, reason: 'exists' });
const BUSY_RESULT: ImportFactorResult = /* @__PURE__ */ Object.freeze({ ok: false, reason: 'busy' });
const ENABLED: ImportFactorResult = /* @__PURE__ */ Object.freeze({ ok: true, state: 'enabled' });

/**
 * The key bytes of an imported secret (a fresh copy the caller zeroes), `minBytes` to 1024 bytes long
 * in either form: base32 text may spell up to 2560 bytes, which the length check here refuses too.
 */
function importedKey(secret: unknown, minBytes: number): Uint8Array {
  const key = typeof secret === 'string' ? decodeSecret(secret, { minBytes: 1 }) : copyBytes(secret); // INVALID_SECRET for anything else
  if (key.length < minBytes || key.length > MAX_SECRET_BYTES) {
    const length = key.length;
    key.fill(0);
    throw new OtpError('INVALID_SECRET', `secret is ${length} bytes; from ${minBytes} to ${MAX_SECRET_BYTES} are accepted (pass minSecretBytes to accept legacy short keys)`);
  }
  return key;
}

/**
 * Whether a stored record holds an enabled factor or a live pending enrollment. It is parsed, never opened:
 * deciding needs no key. A record that does not parse counts as occupied when replacing (so an administrator
 * can replace a damaged record, as `disable` can delete one) and throws `INVALID_RECORD` otherwise.
 */
function isOccupied(json: unknown, now: number, replace: boolean): boolean {
  let old;
  try {
    old = parseRecord(json);
  } catch (e) {
    if (replace) return true;
    throw e;
  }
  return old.active !== null || (old.pending !== null && now < old.pending.expiresAt);
}

/**
 * The `importFactor` method of a service.
 * @example
 * ```ts
 * const mfa = createMfa({ store, issuer: 'Acme', cipher });
 * await mfa.importFactor('u1', { secret: row.totp_secret, lastStep: row.totp_last_step }, { minSecretBytes: 10 });
 * // { ok: true, state: 'enabled' }: u1 signs in with the authenticator app they already have
 * ```
 */
export function importMethods(ctx: ServiceContext): Pick<Mfa, 'importFactor'> {
  return {
    async importFactor(userId, factor, options) {
      // Everything is checked before the store is read, inside this async function: bad input rejects.
      ctx.checkUser(userId);
      const actor = ctx.actorOf(options);
      const replace = ownOption(options, 'replace') ?? false;
      assertOption(typeof replace === 'boolean', 'replace', 'a boolean');
      const minBytes = ownOption(options, 'minSecretBytes') ?? MIN_SECRET_BYTES;
      assertOption(
        typeof minBytes === 'number' && Number.isInteger(minBytes) && minBytes >= MIN_LEGACY_SECRET_BYTES && minBytes <= MAX_SECRET_BYTES,
        'minSecretBytes',
        `an integer from ${MIN_LEGACY_SECRET_BYTES} to ${MAX_SECRET_BYTES} (RFC 4226 requires 16; 10 only for legacy keys)`,
      );
      assertOption(typeof factor === 'object' && factor !== null, 'factor', 'an object with a secret');
      const f = snapshotOptions(factor, ['secret', 'algorithm', 'digits', 'period', 'lastStep'] as const, 'factor');
      const algorithm = checkAlgorithm(f.algorithm ?? 'SHA1');
      const digits = checkDigits(f.digits ?? 6);
      const period = checkPeriod(f.period ?? 30);
      const now = ctx.readNow();
      const current = timeStep(now, { period });
      const lastStep = f.lastStep ?? current;
      assertOption(
        typeof lastStep === 'number' && Number.isSafeInteger(lastStep) && lastStep >= 0 && lastStep <= current + MAX_WINDOW,
        'lastStep',
        `an integer step from 0 to the current step + ${MAX_WINDOW} (floor(unixSeconds / period), not a time)`,
      );
      if (f.secret === undefined) throw new OtpError('INVALID_SECRET', 'factor.secret is required');
      const key = importedKey(f.secret, minBytes);
      let secret: string;
      const keyLength = key.length;
      try {
        secret = encodeSecret(key); // canonical: uppercase, no separators, no padding
      } finally {
        key.fill(0);
      }

      const active: ActiveFactor<string> = { secret, algorithm, digits, period, lastStep, drift: 0, enabledAt: now };
      if (keyLength < MIN_SECRET_BYTES) active.minSecretBytes = keyLength;
      const plain: PlainRecord = { ...emptyRecord<string>(), active };

      const r = await ctx.write(userId, async (loaded): Promise<Decision<ImportFactorResult | { replaced: boolean }>> => {
        const occupied = loaded !== null && isOccupied(loaded.record, now, replace);
        if (occupied && !replace) return { write: false, next: null, result: EXISTS };
        return { write: true, next: await ctx.codec.seal(plain, null, userId), result: { replaced: occupied } };
      });
      if (r === BUSY) return BUSY_RESULT;
      if (!('replaced' in r)) return r;
      ctx.emit(userId, actor, now, [{ type: 'factor.imported', replaced: r.replaced }]);
      return ENABLED;
    },
  };
}

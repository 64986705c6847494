/**
 * `createMfa`: the enrollment and sign-in service. Each call loads the user's record, runs the pure
 * machine at `now()`, writes the result with compare-and-set and reports only an outcome it wrote.
 * @module
 */
import { OtpError, assertOption } from '../errors.js';
import { checkAlgorithm, checkDigits } from '../hotp.js';
import { generateSecret } from '../secret.js';
import type { Json, MfaStore, Versioned } from '../storage/types.js';
import { checkPeriod } from '../totp.js';
import { buildOtpauthUri } from '../uri/build.js';
import type { SecretCipher } from './cipher.js';
import type { MfaEvent, MfaEventDetail } from './events.js';
import {
  type DisableResult,
  type EnableResult,
  type MachineEvent,
  type Outcomes,
  type PairingResult,
  type RecoveryResult,
  type ResyncResult,
  type SignInResult,
  transition,
} from './machine.js';
import { type MfaPolicy, resolvePolicy } from './policy.js';
import { hashRecoveryCode, makeRecoveryCodes } from './recovery.js';
import { type CodeParams, type MfaState, type PlainRecord, type StoredSecret, parseRecord, stateOf } from './record.js';

/** Options of {@link createMfa}. */
export interface CreateMfaOptions {
  /** Where records live: `memoryStore()` or an adapter from `totp-enroll/storage/*`. */
  store: MfaStore;
  /** The service name authenticator apps show (otpauth `issuer`). */
  issuer: string;
  /** The clock, Unix ms; default `Date.now`. Inject it in tests. */
  now?: () => number;
  /** Code parameters for new enrollments; default SHA1, 6 digits, 30 s (the only ones every app honours). */
  totp?: Partial<CodeParams>;
  /** Limits; see {@link MfaPolicy} for the defaults. */
  policy?: Partial<MfaPolicy>;
  /** Encrypts secrets at rest, e.g. `aesGcmCipher(...)`. Without it secrets are stored as base32. */
  cipher?: SecretCipher;
  /** Receives audit events after their change was written. Must not throw (errors are ignored). */
  onEvent?: (event: MfaEvent) => void;
}

/** Who performs a call, for the audit events. */
export interface ActorOption {
  actor?: string;
}

/** What `status` reports. Never a secret. */
export interface MfaStatus {
  state: MfaState;
  /** A pairing waiting for codes (or, once verified, for Enable); beside an enabled factor during rotation. */
  pending: { expiresAt: number; verified: boolean } | null;
  failures: number;
  lockedUntil: number | null;
  /** Drift of the enabled factor, in steps. */
  drift: number | null;
  recoveryCodesLeft: number;
}

/** The service returned by {@link createMfa}. */
export type Mfa = ReturnType<typeof createMfa>;

const isUserId = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 512;

/**
 * Creates the MFA service over a store.
 *
 * @throws OtpError `INVALID_OPTION` for a bad issuer, totp parameters or policy.
 * @example
 * ```ts
 * import { createMfa, memoryStore } from 'totp-enroll';
 * const mfa = createMfa({ store: memoryStore(), issuer: 'Acme' });
 * const { uri } = await mfa.beginEnrollment('u1', { accountName: 'alice@example.com' }); // show as a QR code
 * await mfa.verifyPairing('u1', firstCode, nextCode);  // { ok: true, state: 'verified' }
 * await mfa.enable('u1');                              // { ok: true, state: 'enabled' }
 * await mfa.verify('u1', codeAtSignIn);                // { ok: true, delta: 0 }
 * ```
 */
export function createMfa(options: CreateMfaOptions) {
  assertOption(typeof options === 'object' && options !== null, 'options', 'an object');
  const { store, issuer, cipher, onEvent } = options;
  assertOption(typeof issuer === 'string' && issuer.length > 0, 'issuer', 'a non-empty string');
  assertOption(
    typeof store?.get === 'function' && typeof store.put === 'function' && typeof store.delete === 'function',
    'store',
    'an MfaStore with get, put and delete',
  );
  const clock = options.now ?? Date.now;
  const params: CodeParams = {
    algorithm: checkAlgorithm(options.totp?.algorithm ?? 'SHA1'),
    digits: checkDigits(options.totp?.digits ?? 6),
    period: checkPeriod(options.totp?.period ?? 30),
  };
  const policy = resolvePolicy(options.policy);

  const storeCall = async <T>(fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (cause) {
      throw new OtpError('STORE_UNAVAILABLE', 'the MFA store failed; nothing was accepted', { cause });
    }
  };
  const readNow = (): number => {
    const now = clock();
    assertOption(Number.isSafeInteger(now) && now >= 0, 'now', 'a function returning Unix time in whole ms');
    return now;
  };

  async function open(secret: StoredSecret, userId: string): Promise<string> {
    if (cipher) {
      if (typeof secret === 'string') throw new OtpError('DECRYPT_FAILED', 'stored secret is not encrypted but a cipher is configured');
      return cipher.decrypt(secret, userId);
    }
    if (typeof secret !== 'string') throw new OtpError('DECRYPT_FAILED', 'stored secret is encrypted but no cipher is configured');
    return secret;
  }
  async function seal(secret: string, userId: string): Promise<StoredSecret> {
    return cipher ? cipher.encrypt(secret, userId) : secret;
  }
  async function decode(stored: Json, userId: string): Promise<PlainRecord> {
    const r = parseRecord(stored);
    const { active: _a, pending: _p, ...rest } = r;
    const plain: PlainRecord = rest;
    if (r.active) plain.active = { ...r.active, secret: await open(r.active.secret, userId) };
    if (r.pending) plain.pending = { ...r.pending, secret: await open(r.pending.secret, userId) };
    return plain;
  }
  async function encode(plain: PlainRecord, userId: string): Promise<Json> {
    const r = { ...plain } as Record<string, unknown>;
    if (plain.active) r['active'] = { ...plain.active, secret: await seal(plain.active.secret, userId) };
    if (plain.pending) r['pending'] = { ...plain.pending, secret: await seal(plain.pending.secret, userId) };
    return r as Json;
  }
  function emit(userId: string, actor: string | undefined, at: number, events: MfaEventDetail[]): void {
    if (!onEvent) return;
    for (const detail of events) {
      try {
        onEvent({ ...detail, userId, ...(actor === undefined ? {} : { actor }), at });
      } catch {
        // An audit sink failing must not turn a written outcome into an error the caller cannot interpret.
      }
    }
  }

  /** load -> machine -> compare-and-set, retried on conflict; `busy` when retries run out. */
  async function run<E extends MachineEvent>(
    userId: string,
    event: E,
    actor: string | undefined,
    busy: () => Outcomes[E['type']],
  ): Promise<Outcomes[E['type']]> {
    assertOption(isUserId(userId), 'userId', 'a non-empty string of at most 512 characters');
    assertOption(actor === undefined || typeof actor === 'string', 'actor', 'a string');
    for (let attempt = 0; attempt < policy.maxAttempts; attempt++) {
      if (attempt > 0) await backoff(attempt);
      const loaded: Versioned<Json> | null = await storeCall(() => store.get(userId));
      const plain = loaded ? await decode(loaded.record, userId) : null;
      const at = readNow();
      const t = transition(plain, event, at, policy);
      if (t.write) {
        let written: boolean;
        if (t.record === null) {
          written = loaded === null || (await storeCall(() => store.delete(userId, loaded.version))) === true;
        } else {
          const stored = await encode(t.record, userId);
          written = (await storeCall(() => store.put(userId, stored, loaded?.version ?? null))) === true;
        }
        if (!written) continue;
      }
      emit(userId, actor, at, t.events);
      return t.outcome;
    }
    return busy();
  }

  return {
    /**
     * Seed step 6 (Enable): issues a fresh secret and its otpauth URI (show it as a QR code). Restarts a
     * pending enrollment; beside an enabled factor it starts a rotation (the old secret works until Enable).
     */
    async beginEnrollment(userId: string, opts: { accountName: string } & ActorOption) {
      const secret = generateSecret();
      const uri = buildOtpauthUri({ secret, issuer, accountName: opts?.accountName, ...params });
      const result = await run(userId, { type: 'begin', secret, params }, opts.actor, () => {
        throw new OtpError('BUSY', 'the enrollment could not be written under contention; try again');
      });
      return { secret, uri, expiresAt: result.expiresAt };
    },
    /** Seed steps 8-10: the code shown now and the next one (steps s and s+1). */
    verifyPairing(userId: string, code1: string, code2: string, opts: ActorOption = {}): Promise<PairingResult> {
      return run(userId, { type: 'pair', code1, code2 }, opts.actor, () => ({ ok: false, reason: 'busy' }));
    },
    /** Seed step 11: a verified pairing becomes the enabled factor (replacing the old one in a rotation). */
    enable(userId: string, opts: ActorOption = {}): Promise<EnableResult> {
      return run(userId, { type: 'enable' }, opts.actor, () => ({ ok: false, reason: 'busy' }));
    },
    /** Removes the factor, any pending enrollment, recovery codes and counters. */
    disable(userId: string, opts: ActorOption = {}): Promise<DisableResult> {
      return run(userId, { type: 'disable' }, opts.actor, () => ({ ok: false, reason: 'busy' }));
    },
    /** Sign-in: checks a code once, inside the window centred on the stored drift. */
    verify(userId: string, code: string, opts: ActorOption = {}): Promise<SignInResult> {
      return run(userId, { type: 'verify', code }, opts.actor, () => ({ ok: false, reason: 'busy' }));
    },
    /** Re-measures drift from two consecutive codes searched over a wide window (`policy.resyncWindow`). */
    resync(userId: string, code1: string, code2: string, opts: ActorOption = {}): Promise<ResyncResult> {
      return run(userId, { type: 'resync', code1, code2 }, opts.actor, () => ({ ok: false, reason: 'busy' }));
    },
    /**
     * Replaces the user's recovery codes with new ones and returns them in plaintext, to show once.
     * @throws OtpError `INVALID_STATE` unless MFA is enabled; `BUSY` under endless contention.
     */
    async generateRecoveryCodes(userId: string, opts: { count?: number } & ActorOption = {}): Promise<string[]> {
      const count = opts.count ?? policy.recoveryCodes;
      assertOption(Number.isInteger(count) && count >= 1 && count <= 100, 'count', 'an integer from 1 to 100');
      assertOption(isUserId(userId), 'userId', 'a non-empty string of at most 512 characters');
      const codes = makeRecoveryCodes(count);
      const hashes = codes.map((c) => hashRecoveryCode(userId, c) as string);
      const result = await run(userId, { type: 'generate-recovery', hashes }, opts.actor, () => {
        throw new OtpError('BUSY', 'the recovery codes could not be written under contention; try again');
      });
      if (!result.ok) throw new OtpError('INVALID_STATE', 'recovery codes need enabled MFA');
      return codes;
    },
    /** Signs in with a recovery code, consuming it; failures count toward the lockout. */
    useRecoveryCode(userId: string, code: string, opts: ActorOption = {}): Promise<RecoveryResult> {
      assertOption(isUserId(userId), 'userId', 'a non-empty string of at most 512 characters');
      const hash = hashRecoveryCode(userId, code);
      return run(userId, { type: 'use-recovery', hash }, opts.actor, () => ({ ok: false, reason: 'busy' }));
    },
    /** The user's MFA state for display and decisions. Never contains a secret. */
    async status(userId: string): Promise<MfaStatus> {
      assertOption(isUserId(userId), 'userId', 'a non-empty string of at most 512 characters');
      const loaded = await storeCall(() => store.get(userId));
      const r = loaded ? parseRecord(loaded.record) : null;
      const now = readNow();
      const pending = r?.pending && now < r.pending.expiresAt ? r.pending : undefined;
      const view = r ? { ...r, ...(pending ? { pending } : {}) } : null;
      if (view && !pending) delete view.pending;
      const locked = r?.lockedUntil !== undefined && now < r.lockedUntil;
      return {
        state: stateOf(view?.active || view?.pending ? view : null),
        pending: pending ? { expiresAt: pending.expiresAt, verified: pending.verifiedStep !== undefined } : null,
        // Consecutive failures survive an expired lock (only a success resets them).
        failures: r?.active ? r.failures : 0,
        lockedUntil: locked ? (r?.lockedUntil ?? null) : null,
        drift: r?.active?.drift ?? null,
        recoveryCodesLeft: r?.active ? r.recovery.length : 0,
      };
    },
  };
}

/** Jittered exponential backoff between compare-and-set attempts, so contenders spread out. */
function backoff(attempt: number): Promise<void> {
  const ms = Math.random() * Math.min(2 ** attempt, 25);
  return new Promise((resolve) => setTimeout(resolve, ms));
}

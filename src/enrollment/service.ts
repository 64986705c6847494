/**
 * `createMfa`: the enrollment and sign-in service. Each call loads the user's record, opens it
 * (`codec.ts`), runs the pure machine at `now()`, seals the result and writes it with compare-and-set
 * (`cas.ts`), and reports only an outcome it wrote.
 * @module
 */
import { assertOption } from '../errors.js';
import { snapshotOptions } from '../options.js';
import { checkAlgorithm, checkDigits, checkPeriod } from '../params.js';
import { generateSecret } from '../secret.js';
import { buildOtpauthUri } from '../uri/build.js';
import { OtpError } from '../errors.js';
import { checkUserId, isReservedId } from '../user-id.js';
import type { Json, MfaStore, Versioned } from '../storage/types.js';
import type { SecretCipher } from './cipher.js';
import { BUSY, type Decision, compareAndSet, readMany, storeCall, storedOrNull } from './cas.js';
import { type OpenedRecord, recordCodec } from './codec.js';
import type { MfaEvent, MfaEventDetail } from './events.js';
import { type MachineEvent, type MachineEvents, type Outcomes, SECRETS_READ, type Transition, transition } from './machine.js';
import { ownOption, type ServiceContext } from './context.js';
import { importMethods } from './import.js';
import type { CreateMfaOptions, Mfa, MfaStatus } from './mfa.js';
import { type MfaPolicy, resolvePolicy } from './policy.js';
import { type CodeParams, parseRecord } from './record.js';
import { statusOf } from './status.js';
import { readUserIds } from '../storage/list-options.js';
import { hashRecoveryCode, makeRecoveryCodes } from './recovery.js';
import { tenantMethods } from './tenant.js';

export type { ActorOption, CreateMfaOptions, Mfa, MfaStatus } from './mfa.js';

type Busy = { ok: false; reason: 'busy' };
const BUSY_RESULT: Busy = /* @__PURE__ */ Object.freeze({ ok: false, reason: 'busy' });

function checkUser(userId: unknown): asserts userId is string {
  checkUserId(userId);
  if (isReservedId(userId)) {
    throw new OtpError('INVALID_OPTION', 'userId must not begin with U+FDD0: those ids name the library\'s own records', { field: 'userId' });
  }
}
function actorOf(options: unknown): string | undefined {
  const actor = ownOption(options, 'actor');
  assertOption(actor === undefined || typeof actor === 'string', 'actor', 'a string');
  return actor as string | undefined;
}

/**
 * Creates the MFA service over a store.
 *
 * @throws OtpError `INVALID_OPTION` for a bad issuer, totp parameters or policy.
 * @example
 * ```ts
 * import { createMfa, memoryStore } from 'totp-enroll';
 * const mfa = createMfa({ store: memoryStore(), issuer: 'Acme' });
 * const started = await mfa.beginEnrollment('u1', { accountName: 'alice@example.com' }); // show started.uri as a QR code
 * await mfa.verifyPairing('u1', firstCode, nextCode);  // { ok: true, state: 'verified' }
 * await mfa.enable('u1');                              // { ok: true, state: 'enabled' }
 * await mfa.verify('u1', codeAtSignIn);                // { ok: true, delta: 0 }
 * ```
 */
export function createMfa(options: CreateMfaOptions): Mfa {
  assertOption(typeof options === 'object' && options !== null, 'options', 'an object');
  // Every option is read once, before it is checked.
  const o = snapshotOptions(options, ['store', 'issuer', 'now', 'totp', 'policy', 'cipher', 'onEvent', 'acceptPlaintext'] as const);
  const store = o.store as MfaStore;
  const issuer = o.issuer;
  const cipher = o.cipher as SecretCipher | undefined;
  const onEvent = o.onEvent as ((event: MfaEvent) => void) | undefined;
  assertOption(onEvent === undefined || typeof onEvent === 'function', 'onEvent', 'a function');
  assertOption(typeof issuer === 'string' && issuer.length > 0, 'issuer', 'a non-empty string');
  assertOption(
    typeof store?.get === 'function' && typeof store.put === 'function' && typeof store.delete === 'function',
    'store',
    'an MfaStore with get, put and delete',
  );
  const clock = (o.now ?? Date.now) as () => number;
  assertOption(typeof clock === 'function', 'now', 'a function returning Unix time in whole ms');
  const totp = snapshotOptions(o.totp, ['algorithm', 'digits', 'period'] as const, 'totp');
  const params: CodeParams = {
    algorithm: checkAlgorithm(totp.algorithm ?? 'SHA1'),
    digits: checkDigits(totp.digits ?? 6),
    period: checkPeriod(totp.period ?? 30),
  };
  const policy = resolvePolicy(o.policy as Partial<MfaPolicy> | undefined);
  const acceptPlaintext = o.acceptPlaintext ?? false;
  assertOption(typeof acceptPlaintext === 'boolean', 'acceptPlaintext', 'a boolean');
  const codec = recordCodec(cipher, { acceptPlaintext });

  const readNow = (): number => {
    const now = clock();
    assertOption(Number.isSafeInteger(now) && now >= 0, 'now', 'a function returning Unix time in whole ms');
    return now;
  };
  function emit(userId: string, actor: string | undefined, at: number, events: MfaEventDetail[]): void {
    if (!onEvent) return;
    for (const detail of events) {
      try {
        onEvent(actor === undefined ? { ...detail, userId, at } : { ...detail, userId, actor, at });
      } catch {
        // An audit sink failing must not turn a written outcome into an error the caller cannot interpret.
      }
    }
  }

  const ctx: ServiceContext = {
    store,
    issuer,
    params,
    policy,
    cipher,
    codec,
    onEvent,
    readNow,
    emit,
    write: (id, decide) => compareAndSet(store, id, policy.maxWriteAttempts, decide),
    checkUser,
    actorOf,
  };

  interface Call {
    userId: string;
    event: MachineEvent;
  }
  type Decided = { t: Transition<unknown>; at: number };
  /** machine -> seal, on an opened record (or none). Made once per service: the sign-in path allocates no closure. */
  function decide(opened: OpenedRecord | null, call: Call): Decision<Decided> | Promise<Decision<Decided>> {
    const at = readNow();
    const t: Transition<unknown> = transition(opened === null ? null : opened.plain, call.event, at, policy);
    const result = { t, at };
    if (!t.write || t.record === null) return { write: t.write, next: null, result };
    const next = codec.seal(t.record, opened, call.userId);
    return next instanceof Promise ? next.then((json) => ({ write: true, next: json, result })) : { write: true, next, result };
  }
  function openAndDecide(loaded: Versioned<Json> | null, call: Call): Decision<Decided> | Promise<Decision<Decided>> {
    if (loaded === null) return decide(null, call);
    const opened = codec.open(parseRecord(loaded.record), call.userId, SECRETS_READ[call.event.type]);
    return opened instanceof Promise ? opened.then((o) => decide(o, call)) : decide(opened, call);
  }

  /** open -> machine -> seal, under compare-and-set; `busy` when every write attempt lost. */
  async function run<K extends keyof MachineEvents>(
    userId: string,
    event: MachineEvent<K>,
    options: unknown,
  ): Promise<Outcomes[K] | Busy> {
    checkUser(userId);
    const actor = actorOf(options); // inside this async function: a bad option rejects, never throws
    const r = await compareAndSet(store, userId, policy.maxWriteAttempts, openAndDecide, { userId, event: event as MachineEvent });
    if (r === BUSY) return BUSY_RESULT;
    if (r.t.events.length > 0) emit(userId, actor, r.at, r.t.events);
    return r.t.outcome as Outcomes[K];
  }

  return {
    ...importMethods(ctx),
    async beginEnrollment(userId, opts) {
      checkUser(userId);
      actorOf(opts); // checked before a secret is made
      const secret = generateSecret();
      const uri = buildOtpauthUri({ secret, issuer, accountName: ownOption(opts, 'accountName') as string, ...params });
      const result = await run(userId, { type: 'begin', secret, params }, opts);
      return result.ok ? { ok: true, secret, uri, expiresAt: result.expiresAt } : { ok: false, reason: 'busy' };
    },
    verifyPairing(userId, code1, code2, opts) {
      return run(userId, { type: 'pair', code1, code2 }, opts);
    },
    enable(userId, opts) {
      return run(userId, { type: 'enable' }, opts);
    },
    async disable(userId, opts) {
      // Deletes without parsing or decrypting, so a lost key, a wrong key or a damaged record cannot
      // keep an administrator from resetting the user.
      checkUser(userId);
      const actor = actorOf(opts);
      const r = await compareAndSet(store, userId, policy.maxWriteAttempts, (loaded) => ({
        write: loaded !== null,
        next: null,
        result: { existed: loaded !== null, at: readNow() },
      }));
      if (r === BUSY) return BUSY_RESULT;
      if (r.existed) emit(userId, actor, r.at, [{ type: 'factor.disabled' }]);
      return { ok: true, state: 'disabled' };
    },
    verify(userId, code, opts) {
      return run(userId, { type: 'verify', code }, opts);
    },
    resync(userId, code1, code2, opts) {
      return run(userId, { type: 'resync', code1, code2 }, opts);
    },
    async generateRecoveryCodes(userId, opts) {
      checkUser(userId);
      const count = ownOption(opts, 'count') ?? policy.recoveryCodes;
      assertOption(Number.isInteger(count) && (count as number) >= 1 && (count as number) <= 100, 'count', 'an integer from 1 to 100');
      const codes = makeRecoveryCodes(count as number);
      const hashes = codes.map((c) => hashRecoveryCode(userId, c) as string);
      const result = await run(userId, { type: 'generate-recovery', hashes }, opts);
      return result.ok ? { ok: true, codes } : result;
    },
    async useRecoveryCode(userId, code, opts) {
      checkUser(userId); // before the id goes into the hash
      return run(userId, { type: 'use-recovery', hash: hashRecoveryCode(userId, code) }, opts);
    },
    unlock(userId, opts) {
      return run(userId, { type: 'unlock' }, opts);
    },
    ...tenantMethods(ctx),
    cancelEnrollment(userId, opts) {
      return run(userId, { type: 'cancel' }, opts);
    },
    async status(userId): Promise<MfaStatus> {
      checkUser(userId);
      const loaded = storedOrNull(await storeCall(() => store.get(userId)));
      return statusOf(loaded ? parseRecord(loaded.record) : null, readNow(), policy);
    },
    async statusMany(userIds): Promise<MfaStatus[]> {
      const ids = readUserIds(userIds);
      for (const id of ids) checkUser(id);
      const loaded = await readMany(store, ids);
      const now = readNow();
      return loaded.map((l) => statusOf(l ? parseRecord(l.record) : null, now, policy));
    },
  };
}

/**
 * What one service's methods share: its store, limits, codec, clock and event sink. `createMfa` builds it
 * once; each group of methods (`service.ts`'s life cycle and sign-in, and the files beside it) is a function
 * of it, so no method reaches for module-level state.
 * @module
 */
import type { Json, MfaStore, Versioned } from '../storage/types.js';
import type { SecretCipher } from './cipher.js';
import type { Decision } from './cas.js';
import type { RecordCodec } from './codec.js';
import type { MfaEvent, MfaEventDetail } from './events.js';
import type { MfaPolicy } from './policy.js';
import type { CodeParams } from './record.js';

/** The shared parts of one service. */
export interface ServiceContext {
  store: MfaStore;
  issuer: string;
  /** Code parameters of new enrollments. */
  params: CodeParams;
  policy: MfaPolicy;
  cipher: SecretCipher | undefined;
  codec: RecordCodec;
  onEvent: ((event: MfaEvent) => void) | undefined;
  /** The injected clock, checked: Unix ms as a safe non-negative integer. */
  readNow(): number;
  /** Sends events after their change was written; a throwing sink is ignored. */
  emit(userId: string, actor: string | undefined, at: number, events: MfaEventDetail[]): void;
  /** `compareAndSet` on this service's store and `policy.maxWriteAttempts`; `BUSY` when every attempt lost. */
  write<T>(id: string, decide: (loaded: Versioned<Json> | null) => Decision<T> | Promise<Decision<T>>): Promise<T | typeof import('./cas.js').BUSY>;
  /** Checks a user id passed to the service: `checkUserId`, and not in the library's reserved namespace. */
  checkUser(userId: unknown): asserts userId is string;
  /** Reads and checks `options.actor` (own property only). */
  actorOf(options: unknown): string | undefined;
}

/**
 * Reads an option's own property only, so a polluted `Object.prototype` cannot supply it.
 * @example
 * ```ts
 * ownOption({ replace: true }, 'replace'); // true
 * ```
 */
export function ownOption<K extends string>(options: unknown, key: K): unknown {
  return typeof options === 'object' && options !== null && Object.hasOwn(options, key) ? (options as Record<K, unknown>)[key] : undefined;
}

/**
 * The record codec around the pure machine: opens a parsed record into plaintext secrets (decrypting
 * only the secrets the event reads) and seals the machine's result back into stored JSON, reusing each
 * stored envelope unless its secret changed or the cipher says it is not current. So a sign-in writes
 * the same ciphertext back: no fresh IV per write, and no key needed for calls that read no secret.
 * @module
 */
import { OtpError } from '../errors.js';
import type { Json } from '../storage/types.js';
import type { SecretBinding, SecretCipher } from './cipher.js';
import { type MfaRecord, type PlainRecord, type StoredSecret, recordToJson } from './record.js';

type Slot = 'active' | 'pending';
/** Which secrets an event reads. */
export type SecretsRead = Readonly<Record<Slot, boolean>>;

/** A stored secret the event does not read stands in as this text: not base32, so no TOTP function accepts it. */
const SEALED: Readonly<Record<Slot, string>> = { active: '\u0000sealed active secret', pending: '\u0000sealed pending secret' };

interface OpenedSlot {
  createdAt: number;
  /** The plaintext, or the {@link SEALED} stand-in. */
  secret: string;
  stored: StoredSecret;
}

/** A record opened for the machine, with what is needed to seal it again without re-encrypting. */
export interface OpenedRecord {
  plain: PlainRecord;
  slots: Partial<Record<Slot, OpenedSlot>>;
}

/** The codec for one service: its cipher (or none) and the user id every binding names. */
/** Synchronous (no promise) when no cipher call is needed: the common sign-in pays for no extra await. */
export interface RecordCodec {
  open(record: MfaRecord, userId: string, reads: SecretsRead): OpenedRecord | Promise<OpenedRecord>;
  seal(plain: PlainRecord, opened: OpenedRecord | null, userId: string): Json | Promise<Json>;
}

/** Options of {@link recordCodec}. */
export interface RecordCodecOptions {
  /**
   * With a cipher: open base32 text secrets (records written before encryption was turned on) instead of
   * failing with `DECRYPT_FAILED`. Text is never current, so the next write seals it.
   */
  acceptPlaintext?: boolean;
}

/**
 * Creates the codec of a service.
 * @example
 * ```ts
 * const codec = recordCodec(cipher, { acceptPlaintext: true });
 * const opened = await codec.open(parseRecord(json), 'u1', { active: true, pending: false });
 * const json2 = await codec.seal(machineResult, opened, 'u1');
 * ```
 */
export function recordCodec(cipher: SecretCipher | undefined, options: RecordCodecOptions = {}): RecordCodec {
  const acceptPlaintext = options.acceptPlaintext === true;
  /** The plaintext of a stored secret: a string, or a promise when the cipher must decrypt. */
  function openSecret(stored: StoredSecret, binding: SecretBinding): string | Promise<string> {
    if (cipher) {
      if (typeof stored === 'string' && acceptPlaintext) return stored;
      if (typeof stored === 'string') throw new OtpError('DECRYPT_FAILED', 'stored secret is not encrypted but a cipher is configured');
      return cipher.decrypt(stored, binding);
    }
    if (typeof stored !== 'string') throw new OtpError('DECRYPT_FAILED', 'stored secret is encrypted but no cipher is configured');
    return stored;
  }

  /** The stored form of a slot's secret: the old one when nothing about it changed, else sealed anew. */
  function sealSecret(slot: Slot, secret: string, createdAt: number, old: OpenedSlot | undefined, userId: string) {
    if (old !== undefined && old.createdAt === createdAt && old.secret === secret) {
      // Text is current only without a cipher: with one (acceptPlaintext) it is sealed on this write.
      const current = typeof old.stored === 'string' ? !cipher : (cipher?.isCurrent(old.stored) ?? true);
      // A stand-in cannot be sealed again; it is written back as it was and renewed when next read.
      if (current || secret === SEALED[slot]) return old.stored;
    }
    if (secret === SEALED.active || secret === SEALED.pending) {
      throw new OtpError('INVALID_STATE', 'internal: a secret the event did not read was moved');
    }
    return cipher ? cipher.encrypt(secret, { userId, factor: slot, createdAt }) : secret;
  }

  /** Without a cipher a record whose secrets are all base32 text is its own plaintext: nothing to copy. */
  const isPlainText = (r: MfaRecord): r is PlainRecord =>
    !cipher && (r.active === null || typeof r.active.secret === 'string') && (r.pending === null || typeof r.pending.secret === 'string');

  return {
    open(record, userId, reads) {
      if (isPlainText(record)) return { plain: record, slots: {} };
      const slots: OpenedRecord['slots'] = {};
      const { active, pending } = record;
      let activeSecret: string | Promise<string> | undefined;
      let pendingSecret: string | Promise<string> | undefined;
      if (active !== null) {
        activeSecret = reads.active ? openSecret(active.secret, { userId, factor: 'active', createdAt: active.enabledAt }) : SEALED.active;
      }
      if (pending !== null) {
        pendingSecret = reads.pending ? openSecret(pending.secret, { userId, factor: 'pending', createdAt: pending.createdAt }) : SEALED.pending;
      }
      const build = (a: string | undefined, p: string | undefined): OpenedRecord => {
        if (active !== null) slots.active = { createdAt: active.enabledAt, secret: a as string, stored: active.secret };
        if (pending !== null) slots.pending = { createdAt: pending.createdAt, secret: p as string, stored: pending.secret };
        const plain: PlainRecord = {
          ...record,
          active: active === null ? null : { ...active, secret: a as string },
          pending: pending === null ? null : { ...pending, secret: p as string },
        };
        return { plain, slots };
      };
      if (activeSecret instanceof Promise || pendingSecret instanceof Promise) {
        return Promise.all([activeSecret, pendingSecret]).then(([a, p]) => build(a, p));
      }
      return build(activeSecret, pendingSecret);
    },
    seal(plain, opened, userId) {
      if (!cipher && (opened === null || (opened.slots.active === undefined && opened.slots.pending === undefined))) {
        return recordToJson(plain) as Json;
      }
      const { active, pending } = plain;
      const a = active === null ? null : sealSecret('active', active.secret, active.enabledAt, opened?.slots.active, userId);
      const p = pending === null ? null : sealSecret('pending', pending.secret, pending.createdAt, opened?.slots.pending, userId);
      const build = (as: StoredSecret | null, ps: StoredSecret | null): Json => {
        const stored: MfaRecord = {
          ...plain,
          active: active === null ? null : { ...active, secret: as as StoredSecret },
          pending: pending === null ? null : { ...pending, secret: ps as StoredSecret },
        };
        return recordToJson(stored) as Json;
      };
      if (a instanceof Promise || p instanceof Promise) return Promise.all([a, p]).then(([x, y]) => build(x, y));
      return build(a, p);
    },
  };
}

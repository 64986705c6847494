/**
 * Encryption of stored secrets: AES-256-GCM via WebCrypto, bound to the user id and to the factor,
 * with key rotation.
 * @module
 */
import { OtpError, assertOption } from '../errors.js';
import { snapshotOptions } from '../options.js';
import type { SecretEnvelope } from './record.js';

/**
 * Which secret an envelope belongs to: the user, the factor slot and that factor's creation time
 * (`enabledAt` of the active factor, `createdAt` of the pending one). A cipher binds all three to the
 * ciphertext, so an envelope moved to another user, to the other slot or to another enrollment fails.
 */
export interface SecretBinding {
  userId: string;
  factor: 'active' | 'pending';
  createdAt: number;
}

/** Encrypts and decrypts stored secrets, bound to a {@link SecretBinding} (e.g. as AEAD data). */
export interface SecretCipher {
  encrypt(secret: string, binding: SecretBinding): Promise<SecretEnvelope>;
  /** @throws OtpError `DECRYPT_FAILED` for an unknown key id, another binding or tampering. */
  decrypt(envelope: SecretEnvelope, binding: SecretBinding): Promise<string>;
  /**
   * Whether an envelope is sealed as `encrypt` seals today (the current key id, the current binding).
   * The service seals a secret again only when it changed or this is false, so sign-ins spend no IVs.
   */
  isCurrent(envelope: SecretEnvelope): boolean;
}

/** The additional data of a bound (`v: 2`) envelope. */
function boundData(b: SecretBinding): Uint8Array<ArrayBuffer> {
  return te.encode(`totp-enroll/secret/v2\u0000${b.userId}\u0000${b.factor}\u0000${b.createdAt}`);
}

/** Options of {@link aesGcmCipher}. */
export interface AesGcmCipherOptions {
  /** Key id -> 32-byte key, as bytes or base64 (standard or url-safe). Keep old ids to read old records. */
  keys: Record<string, Uint8Array | string>;
  /** The id of the key new writes use. */
  currentKeyId: string;
}

const te = /* @__PURE__ */ new TextEncoder();
const td = /* @__PURE__ */ new TextDecoder('utf-8', { fatal: true });

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Decodes standard or url-safe base64, padded or not; undefined when it is not base64. */
function decodeBase64(text: string): Uint8Array<ArrayBuffer> | undefined {
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(text)) return undefined;
  const plain = text.replace(/=+$/, '').replace(/-/g, '+').replace(/_/g, '/');
  if (plain.length % 4 === 1) return undefined;
  const binary = atob(plain + '='.repeat((4 - (plain.length % 4)) % 4));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

function fromBase64(text: string, field: string): Uint8Array<ArrayBuffer> {
  const bytes = decodeBase64(text);
  if (!bytes) throw new OtpError('DECRYPT_FAILED', `${field} is not base64`, { field });
  return bytes;
}

function keyBytes(kid: string, key: Uint8Array | string): Uint8Array {
  let bytes: Uint8Array | undefined;
  if (key instanceof Uint8Array) bytes = key;
  else if (typeof key === 'string') bytes = decodeBase64(key);
  assertOption(bytes?.length === 32, `keys.${kid}`, 'a 32-byte AES-256 key, as bytes or base64');
  return bytes;
}

/**
 * An AES-256-GCM {@link SecretCipher} on WebCrypto. Each secret gets a fresh 96-bit IV and its
 * {@link SecretBinding} (user id, factor slot, creation time) as additional authenticated data, so an
 * envelope copied to another user or factor fails to decrypt. Envelopes name their key id: old keys
 * keep decrypting, and the service seals again with `currentKeyId` on the next write (rotation by
 * re-writing). Envelopes from 0.1.0 (no `v`, bound to the user id only) still decrypt and are sealed
 * again with the full binding on the next write; a bound envelope never decrypts as an unbound one.
 *
 * @throws OtpError `INVALID_OPTION` for a key that is not 32 bytes or a missing `currentKeyId`.
 * @example
 * ```ts
 * import { aesGcmCipher, createMfa, memoryStore } from 'totp-enroll';
 * const cipher = aesGcmCipher({
 *   keys: { '2025-01': process.env.MFA_KEY_OLD!, '2025-06': process.env.MFA_KEY! }, // base64, 32 bytes
 *   currentKeyId: '2025-06',
 * });
 * const mfa = createMfa({ store: memoryStore(), issuer: 'Example', cipher });
 * ```
 */
export function aesGcmCipher(options: AesGcmCipherOptions): SecretCipher {
  assertOption(typeof options === 'object' && options !== null, 'options', 'an object with keys and currentKeyId');
  // Read once: a getter cannot pass the check with one key id and encrypt under another.
  const o = snapshotOptions(options, ['keys', 'currentKeyId'] as const);
  const keys = o.keys ?? {};
  assertOption(typeof keys === 'object' && keys !== null, 'keys', 'an object of key id -> base64 key');
  const raw = new Map<string, Uint8Array<ArrayBuffer>>();
  for (const [kid, key] of Object.entries(keys)) raw.set(kid, new Uint8Array(keyBytes(kid, key as string)));
  const currentKeyId = o.currentKeyId;
  assertOption(typeof currentKeyId === 'string' && raw.has(currentKeyId), 'currentKeyId', 'the id of one of the keys');
  const imported = new Map<string, Promise<CryptoKey>>();
  const cryptoKey = (kid: string): Promise<CryptoKey> => {
    const bytes = raw.get(kid);
    if (!bytes) throw new OtpError('DECRYPT_FAILED', 'stored secret uses an unknown key id', { field: 'kid' });
    let key = imported.get(kid);
    if (!key) {
      key = globalThis.crypto.subtle.importKey('raw', bytes, 'AES-GCM', false, ['encrypt', 'decrypt']);
      imported.set(kid, key);
    }
    return key;
  };

  return {
    async encrypt(secret, binding) {
      const kid = currentKeyId;
      const iv = globalThis.crypto.getRandomValues(new Uint8Array(12));
      const ct = await globalThis.crypto.subtle.encrypt(
        { name: 'AES-GCM', iv, additionalData: boundData(binding) },
        await cryptoKey(kid),
        te.encode(secret),
      );
      return { kid, iv: toBase64Url(iv), ct: toBase64Url(new Uint8Array(ct)), v: 2 };
    },
    isCurrent(envelope) {
      return envelope.v === 2 && envelope.kid === currentKeyId;
    },
    async decrypt(envelope, binding) {
      const key = await cryptoKey(envelope.kid);
      const iv = fromBase64(envelope.iv, 'iv');
      if (iv.length !== 12) throw new OtpError('DECRYPT_FAILED', 'stored secret has a bad IV', { field: 'iv' });
      try {
        const plain = await globalThis.crypto.subtle.decrypt(
          // 0.1.0 envelopes (no `v`) were bound to the user id alone.
          { name: 'AES-GCM', iv, additionalData: envelope.v === 2 ? boundData(binding) : te.encode(binding.userId) },
          key,
          fromBase64(envelope.ct, 'ct'),
        );
        return td.decode(plain);
      } catch (cause) {
        if (cause instanceof OtpError) throw cause;
        throw new OtpError('DECRYPT_FAILED', 'stored secret failed to decrypt (wrong key, another user or factor, or tampered)');
      }
    },
  };
}

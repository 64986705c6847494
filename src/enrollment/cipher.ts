/**
 * Encryption of stored secrets: AES-256-GCM via WebCrypto, bound to the user id, with key rotation.
 * @module
 */
import { OtpError, assertOption } from '../errors.js';
import type { SecretEnvelope } from './record.js';

/** Encrypts and decrypts stored secrets. `userId` must be bound to the ciphertext (e.g. as AEAD data). */
export interface SecretCipher {
  encrypt(secret: string, userId: string): Promise<SecretEnvelope>;
  /** @throws OtpError `DECRYPT_FAILED` for an unknown key id, another user's record or tampering. */
  decrypt(envelope: SecretEnvelope, userId: string): Promise<string>;
}

/** Options of {@link aesGcmCipher}. */
export interface AesGcmCipherOptions {
  /** Key id -> 32-byte key, as bytes or base64 (standard or url-safe). Keep old ids to read old records. */
  keys: Record<string, Uint8Array | string>;
  /** The id of the key new writes use. */
  currentKeyId: string;
}

const te = new TextEncoder();
const td = new TextDecoder('utf-8', { fatal: true });

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
 * An AES-256-GCM {@link SecretCipher} on WebCrypto. Each secret gets a fresh 96-bit IV and the user id
 * as additional authenticated data, so a record copied to another user fails to decrypt. Envelopes name
 * their key id: old keys keep decrypting, every write uses `currentKeyId` (rotation by re-writing).
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
  const raw = new Map<string, Uint8Array<ArrayBuffer>>();
  for (const [kid, key] of Object.entries(options.keys ?? {})) raw.set(kid, new Uint8Array(keyBytes(kid, key)));
  assertOption(raw.has(options.currentKeyId), 'currentKeyId', 'the id of one of the keys');
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
    async encrypt(secret, userId) {
      const kid = options.currentKeyId;
      const iv = globalThis.crypto.getRandomValues(new Uint8Array(12));
      const ct = await globalThis.crypto.subtle.encrypt(
        { name: 'AES-GCM', iv, additionalData: te.encode(userId) },
        await cryptoKey(kid),
        te.encode(secret),
      );
      return { kid, iv: toBase64Url(iv), ct: toBase64Url(new Uint8Array(ct)) };
    },
    async decrypt(envelope, userId) {
      const key = await cryptoKey(envelope.kid);
      const iv = fromBase64(envelope.iv, 'iv');
      if (iv.length !== 12) throw new OtpError('DECRYPT_FAILED', 'stored secret has a bad IV', { field: 'iv' });
      try {
        const plain = await globalThis.crypto.subtle.decrypt(
          { name: 'AES-GCM', iv, additionalData: te.encode(userId) },
          key,
          fromBase64(envelope.ct, 'ct'),
        );
        return td.decode(plain);
      } catch (cause) {
        if (cause instanceof OtpError) throw cause;
        throw new OtpError('DECRYPT_FAILED', 'stored secret failed to decrypt (wrong key, wrong user or tampered)');
      }
    },
  };
}

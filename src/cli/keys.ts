/**
 * The cipher key from the environment, for stores whose secrets are encrypted (`aesGcmCipher`):
 *
 *   TOTP_ENROLL_KEYS="2025-06:BASE64KEY,2025-01:OLDBASE64KEY"   key id ':' base64 32-byte key, comma-separated
 *   TOTP_ENROLL_KEY_ID=2025-06                                  the id new writes use (default: the first listed)
 *
 * The ids are the ones the application's `aesGcmCipher({ keys, currentKeyId })` uses: stored envelopes
 * name their key id. Keep old ids listed to read records sealed under them. Messages never show a key.
 * @module
 */
import { aesGcmCipher, type SecretCipher } from '../enrollment/cipher.js';
import { OtpError } from '../errors.js';
import { CliError, EXIT } from './exit.js';

/** The variables {@link readCipher} reads. */
export const KEY_ENV = { keys: 'TOTP_ENROLL_KEYS', current: 'TOTP_ENROLL_KEY_ID' } as const;

/**
 * Whether an id is in fact a key: 32 bytes of base64 (standard or url-safe, padded or not), as the cipher
 * reads keys. Written the wrong way round (`key:id`), or put in `TOTP_ENROLL_KEY_ID`, a key would
 * otherwise be quoted in the message that names the id.
 */
function looksLikeKey(id: string): boolean {
  return /^[A-Za-z0-9+/_-]{43}(?:[A-Za-z0-9+/_-]|=)?$/.test(id) && Buffer.from(id, 'base64').length === 32;
}

/** The key ids and the current one, from the environment's text; undefined when no keys are set. */
export function parseKeyEnv(env: Readonly<Record<string, string | undefined>>): { keys: Record<string, string>; currentKeyId: string } | undefined {
  const text = env[KEY_ENV.keys]?.trim();
  const chosen = env[KEY_ENV.current]?.trim();
  if (text === undefined || text === '') {
    if (chosen) throw new CliError(EXIT.usage, `${KEY_ENV.current} is set but ${KEY_ENV.keys} is not.`);
    return undefined;
  }
  const keys: Record<string, string> = Object.create(null) as Record<string, string>;
  let first: string | undefined;
  for (const [i, entry] of text.split(',').entries()) {
    const item = entry.trim();
    const colon = item.indexOf(':');
    const id = colon < 0 ? '' : item.slice(0, colon).trim();
    if (id === '' || colon === item.length - 1) {
      throw new CliError(EXIT.usage, `${KEY_ENV.keys}: entry ${i + 1} is not of the form keyId:base64key.`);
    }
    if (looksLikeKey(id)) {
      throw new CliError(EXIT.usage, `${KEY_ENV.keys}: entry ${i + 1} has a key where its key id belongs: the form is keyId:base64key.`);
    }
    if (Object.hasOwn(keys, id)) throw new CliError(EXIT.usage, `${KEY_ENV.keys}: key id '${id}' appears twice.`);
    keys[id] = item.slice(colon + 1).trim();
    first ??= id;
  }
  if (chosen && looksLikeKey(chosen)) {
    throw new CliError(EXIT.usage, `${KEY_ENV.current} holds a key, not a key id: set it to one of the ids in ${KEY_ENV.keys}.`);
  }
  const currentKeyId = chosen || first!;
  if (!Object.hasOwn(keys, currentKeyId)) {
    throw new CliError(EXIT.usage, `${KEY_ENV.current} names '${currentKeyId}', which is not one of the ids in ${KEY_ENV.keys}.`);
  }
  return { keys: { ...keys }, currentKeyId };
}

/**
 * The cipher the environment describes, or undefined when `TOTP_ENROLL_KEYS` is unset.
 * @throws CliError exit 2 for a malformed variable or a key that is not 32 bytes of base64.
 * @example
 * ```ts
 * const cipher = readCipher({ TOTP_ENROLL_KEYS: `k1:${base64Key}` });
 * ```
 */
export function readCipher(env: Readonly<Record<string, string | undefined>>): SecretCipher | undefined {
  const parsed = parseKeyEnv(env);
  if (parsed === undefined) return undefined;
  try {
    return aesGcmCipher(parsed);
  } catch (error) {
    if (error instanceof OtpError && error.field?.startsWith('keys.')) {
      // The field names the key id, never the key.
      throw new CliError(EXIT.usage, `${KEY_ENV.keys}: key '${error.field.slice(5)}' is not a 32-byte key in base64.`);
    }
    throw error;
  }
}

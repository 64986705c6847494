/**
 * `STORE_UNAVAILABLE` errors that cannot leak a record. Driver errors carry what was sent: ioredis's
 * `ReplyError.command.args` holds the whole record JSON, pg's errors carry `detail`, `where` and
 * parameters. Error trackers serialise deeply, so the `cause` the caller receives is a fresh `Error`
 * with the driver error's name, code and message only: no other property, no nested cause, and a
 * stack that is only its own first line.
 * @module
 */
import { OtpError } from '../errors.js';

/**
 * A copy of a driver error that keeps its `name`, string `code` and `message`, nothing else.
 * @example
 * ```ts
 * const safe = scrubCause(replyError); // Error { name: 'ReplyError', code?: 'OOM', message: 'OOM command not allowed ...' }
 * ```
 */
export function scrubCause(cause: unknown): Error {
  const source = typeof cause === 'object' && cause !== null ? (cause as Record<string, unknown>) : {};
  const name = readString(source, 'name') ?? 'Error';
  const message = readString(source, 'message') ?? (typeof cause === 'string' ? cause : 'unknown error');
  const code = readString(source, 'code');
  const copy = new Error(message.length > 500 ? `${message.slice(0, 500)}...` : message);
  copy.name = name;
  if (code !== undefined) Object.defineProperty(copy, 'code', { value: code, enumerable: true });
  copy.stack = `${copy.name}: ${copy.message}`;
  return copy;
}

/**
 * The `STORE_UNAVAILABLE` error for a failed store call, its cause scrubbed by {@link scrubCause};
 * an `OtpError` (a bad record, a bad option) is returned unchanged.
 * @example
 * ```ts
 * try { await client.eval(...) } catch (e) { throw storeUnavailable('Redis', e); }
 * ```
 */
export function storeUnavailable(engine: string, cause: unknown): OtpError {
  if (cause instanceof OtpError) return cause;
  return new OtpError('STORE_UNAVAILABLE', `${engine} store: the call failed; nothing was accepted`, {
    cause: scrubCause(cause),
  });
}

function readString(source: Record<string, unknown>, key: string): string | undefined {
  try {
    const value = source[key];
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined; // a throwing getter on a foreign error object
  }
}

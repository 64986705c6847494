/**
 * `STORE_UNAVAILABLE` errors that cannot leak a record. Driver errors carry what was sent: ioredis's
 * `ReplyError.command.args` holds the whole record JSON, pg's errors carry `detail` ("Failing row
 * contains ..."), `where` and the query. Error trackers serialise deeply, so the `cause` the caller
 * receives is a fresh `Error` with the driver error's name, code and message only: no other property,
 * no nested cause, and a stack that is only its own first line. A message can still echo a value
 * (a trigger raising with the row, a server quoting an argument), so every run of 8 or more
 * characters it shares with a value the call sent is replaced by `[redacted]`.
 * @module
 */
import { OtpError } from '../errors.js';

/** Shortest run of characters shared with a sent value that is redacted from a message. */
const ECHO = 8;
/** Longest message kept, in characters. */
const MAX_MESSAGE = 500;

/**
 * A copy of a driver error that keeps its `name`, string `code` and `message`, nothing else; any
 * part of the message that echoes one of the `sent` values is redacted.
 * @example
 * ```ts
 * const safe = scrubCause(replyError, [recordJson]); // Error { name: 'ReplyError', message: 'OOM command not allowed ...' }
 * ```
 */
export function scrubCause(cause: unknown, sent: readonly string[] = []): Error {
  const source = typeof cause === 'object' && cause !== null ? (cause as Record<string, unknown>) : {};
  const name = readString(source, 'name') ?? 'Error';
  const code = readString(source, 'code');
  // Redacted before it is shortened, so a value cut at the end of the message is still found.
  const message = redact(messageOf(cause, source).slice(0, 4 * MAX_MESSAGE), sent);
  const copy = new Error(message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE)}...` : message);
  copy.name = redact(name.slice(0, 100), sent);
  if (code !== undefined) Object.defineProperty(copy, 'code', { value: redact(code.slice(0, 100), sent), enumerable: true });
  copy.stack = `${copy.name}: ${copy.message}`;
  return copy;
}

/**
 * The `STORE_UNAVAILABLE` error for a failed store call, its cause scrubbed by {@link scrubCause}
 * (pass the values the call sent, such as the record JSON, as `sent`); an `OtpError` (a bad record,
 * a bad option) is returned unchanged.
 * @example
 * ```ts
 * try { await client.eval(script, 1, key, json) } catch (e) { throw storeUnavailable('Redis', e, [json]); }
 * ```
 */
export function storeUnavailable(engine: string, cause: unknown, sent: readonly string[] = []): OtpError {
  if (cause instanceof OtpError) return cause;
  return new OtpError('STORE_UNAVAILABLE', `${engine} store: the call failed; nothing was accepted`, {
    cause: scrubCause(cause, sent),
  });
}

/** The message, or for an `AggregateError` without one (Node's failed dual-stack connect) its errors' messages. */
function messageOf(cause: unknown, source: Record<string, unknown>): string {
  const own = readString(source, 'message');
  if (own) return own;
  const errors = read(source, 'errors');
  if (Array.isArray(errors)) {
    const inner = errors
      .slice(0, 5)
      .map((e) => (typeof e === 'object' && e !== null ? readString(e as Record<string, unknown>, 'message') : undefined))
      .filter((m): m is string => m !== undefined && m !== '');
    if (inner.length > 0) return inner.join('; ');
  }
  if (typeof cause === 'string') return cause;
  return own ?? 'unknown error';
}

/** Replaces every run of at least {@link ECHO} characters of `text` that also occurs in one of `sent`. */
function redact(text: string, sent: readonly string[]): string {
  if (text.length < ECHO || sent.length === 0) return text;
  const starts = new Map<string, number[]>();
  for (let i = 0; i + ECHO <= text.length; i++) {
    const gram = text.slice(i, i + ECHO);
    const list = starts.get(gram);
    if (list) list.push(i);
    else starts.set(gram, [i]);
  }
  const hidden = new Uint8Array(text.length);
  for (const value of sent) {
    for (let i = 0; i + ECHO <= value.length; i++) {
      const at = starts.get(value.slice(i, i + ECHO));
      if (!at) continue;
      for (const p of at) hidden.fill(1, p, p + ECHO);
    }
  }
  let out = '';
  for (let i = 0; i < text.length; i++) {
    if (!hidden[i]) out += text[i];
    else if (i === 0 || !hidden[i - 1]) out += '[redacted]';
  }
  return out;
}

function read(source: Record<string, unknown>, key: string): unknown {
  try {
    return source[key];
  } catch {
    return undefined; // a throwing getter on a foreign error object
  }
}

function readString(source: Record<string, unknown>, key: string): string | undefined {
  const value = read(source, key);
  return typeof value === 'string' ? value : undefined;
}

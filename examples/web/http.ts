/**
 * The HTTP plumbing of the web example: security headers, JSON in and out, cookies.
 * Plain `node:http`; nothing here knows about MFA.
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Sent with every answer: no inline script or style, no framing, no referrer. */
export const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

/** An error with the HTTP status to answer, and a message safe to show. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Writes a complete answer with the security headers.
 * @example
 * ```ts
 * send(res, 302, '', { location: '/signin' });
 * ```
 */
export function send(res: ServerResponse, status: number, body: string | Buffer, headers: Record<string, string>): void {
  res.writeHead(status, { ...SECURITY_HEADERS, ...headers });
  res.end(body);
}

/**
 * Writes a JSON answer that no cache keeps.
 * @example
 * ```ts
 * sendJson(res, 200, { ok: true });
 * ```
 */
export function sendJson(res: ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}): void {
  send(res, status, JSON.stringify(body), { 'content-type': 'application/json', 'cache-control': 'no-store', ...extra });
}

/**
 * Reads a JSON object body of at most 10 kB; anything else is an {@link HttpError}.
 * @example
 * ```ts
 * const body = await readJson(req); // { username: 'alice', ... }
 * ```
 */
export async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  if (!(req.headers['content-type'] ?? '').startsWith('application/json')) throw new HttpError(415, 'Send JSON.');
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 10_000) throw new HttpError(413, 'Request too large.');
    chunks.push(chunk as Buffer);
  }
  if (size === 0) return {};
  const value: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new HttpError(400, 'Send a JSON object.');
  return value as Record<string, unknown>;
}

/**
 * One cookie's value from the request, or undefined.
 * @example
 * ```ts
 * const sid = cookie(req, 'sid');
 * ```
 */
export const cookie = (req: IncomingMessage, name: string): string | undefined =>
  (req.headers.cookie ?? '')
    .split(';')
    .map((p) => p.trim().split('='))
    .find(([k]) => k === name)?.[1];

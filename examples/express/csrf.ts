/**
 * Cross-site request forgery defence for a JSON API, in one middleware: every request that can change
 * something (anything but GET, HEAD and OPTIONS) must
 *
 * 1. carry `Content-Type: application/json`. An HTML form can only send urlencoded, multipart or
 *    text/plain bodies, and a cross-site `fetch` with a JSON body needs a CORS preflight, which this app
 *    never answers with an allow, so the browser does not send the request at all; and
 * 2. come from this app's own origin: a browser sends `Origin` with every cross-origin POST (and modern
 *    browsers with same-origin ones too), and `Sec-Fetch-Site`; a request whose `Origin` is another site
 *    or `null`, or that the browser marks `cross-site` or `same-site`, is refused. A request without those
 *    headers is not from a browser (curl, a server), so it carries no victim's cookie to abuse.
 *
 * No token to keep in step with the page, and the session cookie is SameSite=Strict as a third layer.
 * @module
 */
import type { NextFunction, Request, Response } from 'express';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The middleware. `allowedOrigins` lists the origins pages are served from (`https://app.example.com`);
 * without it the request's own `Host` is the one allowed origin (over `req.protocol`).
 * @example
 * ```ts
 * app.use(sameOriginJson({ allowedOrigins: ['https://app.example.com'] }));
 * ```
 */
export function sameOriginJson(options: { allowedOrigins?: readonly string[] } = {}) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (SAFE_METHODS.has(req.method)) return next();
    const refuse = (status: number, reason: string, message: string): void => {
      res.status(status).json({ ok: false, reason, message });
    };
    const site = req.get('sec-fetch-site');
    if (site !== undefined && site !== 'same-origin' && site !== 'none') {
      return refuse(403, 'cross-site', 'Cross-site requests are refused.');
    }
    const origin = req.get('origin');
    if (origin !== undefined) {
      const allowed = options.allowedOrigins ?? [`${req.protocol}://${req.get('host') ?? ''}`];
      if (!allowed.includes(origin)) return refuse(403, 'cross-site', 'Cross-site requests are refused.');
    }
    if (!req.is('application/json')) {
      return refuse(415, 'json-only', 'Send the request as JSON (Content-Type: application/json).');
    }
    next();
  };
}

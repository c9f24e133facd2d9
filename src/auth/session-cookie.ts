import type { FastifyReply, FastifyRequest } from 'fastify';

// The console's session cookie. HttpOnly: no script reads it; SameSite=Strict: no other site's
// page sends it; Path=/v1: only the API receives it. No Max-Age: it ends with the browser, and
// earlier when its server-side session is revoked or expires.

const SESSION_COOKIE = 'title_review_session';

/** The session cookie's value from a Cookie header, if one is there. */
export function sessionCookieOf(req: FastifyRequest): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === SESSION_COOKIE) return value.join('=') || undefined;
  }
  return undefined;
}

const attributes = (req: FastifyRequest) => `Path=/v1; HttpOnly; SameSite=Strict${req.protocol === 'https' ? '; Secure' : ''}`;

export function setSessionCookie(req: FastifyRequest, reply: FastifyReply, value: string): void {
  reply.header('set-cookie', `${SESSION_COOKIE}=${value}; ${attributes(req)}`);
}

export function clearSessionCookie(req: FastifyRequest, reply: FastifyReply): void {
  reply.header('set-cookie', `${SESSION_COOKIE}=; ${attributes(req)}; Max-Age=0`);
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Whether a request made with the cookie may change something. SameSite=Strict already keeps
 * other sites' pages from sending it; besides, the request must carry `X-Requested-With`
 * (a header no form or link can add, and that a cross-origin script may not send without a
 * CORS permission this service never grants), and its `Origin`, when the browser sends one,
 * must be this service's own.
 */
export function sameSiteWrite(req: FastifyRequest): boolean {
  if (SAFE_METHODS.has(req.method)) return true;
  if (!req.headers['x-requested-with']) return false;
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

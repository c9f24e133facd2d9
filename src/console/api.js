import { lang } from './i18n.js';

// The console's only way to the service: the public /v1 API with the bearer token of this
// browser tab's session.

const TOKEN = 'title-review.token';
const ACTOR = 'title-review.actor';

export const session = {
  get token() {
    return sessionStorage.getItem(TOKEN);
  },
  get actor() {
    return JSON.parse(sessionStorage.getItem(ACTOR) ?? 'null');
  },
  signIn(token, actor) {
    sessionStorage.setItem(TOKEN, token);
    sessionStorage.setItem(ACTOR, JSON.stringify(actor));
  },
  signOut() {
    sessionStorage.removeItem(TOKEN);
    sessionStorage.removeItem(ACTOR);
  },
};

/** A refusal: the problem document the API answered with. */
export class Problem extends Error {
  constructor(status, body) {
    super(body?.detail ?? `HTTP ${status}`);
    this.status = status;
    this.body = body ?? { status, code: 'HTTP', detail: `HTTP ${status}` };
  }
}

/** Calls /v1; answers the parsed JSON or throws a Problem. */
export async function api(path, { method = 'GET', body, headers = {}, token = session.token } = {}) {
  const res = await fetch(`/v1${path}`, {
    method,
    headers: {
      'accept-language': lang(),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = res.headers.get('content-type')?.includes('json') ? await res.json() : undefined;
  if (!res.ok) throw new Problem(res.status, json);
  return json;
}

/** A query string from the set values of an object. */
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const text = q.toString();
  return text ? `?${text}` : '';
}

/** What the claims of a pasted token say, for the header and the menu; the API decides what they allow. */
export function claimsOf(token) {
  const part = token.split('.')[1] ?? '';
  const json = atob(
    part
      .replace(/-/g, '+')
      .replace(/_/g, '/')
      .padEnd(Math.ceil(part.length / 4) * 4, '='),
  );
  const bytes = Uint8Array.from(json, (c) => c.charCodeAt(0));
  const claims = JSON.parse(new TextDecoder().decode(bytes));
  return { role: claims.role, sub: claims.sub, unitId: claims.unitId ?? null };
}

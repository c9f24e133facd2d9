import { lang } from './i18n.js';

// The console's only way to the service: the public /v1 API, signed in by the session cookie
// the service sets at sign-in (HttpOnly: no script here ever holds the token afterwards).

/** Tabs of this browser tell each other when the person signs in or out. */
const tabs = typeof BroadcastChannel === 'function' ? new BroadcastChannel('title-review.session') : null;

export const session = {
  /** Who is signed in ({ sub, role, unitId, label }), as GET /v1/session said; null when nobody. */
  actor: null,
  /** Asks the service who this browser is signed in as. */
  async load() {
    try {
      session.actor = await api('/session');
    } catch (err) {
      if (!(err instanceof Problem) || err.status !== 401) throw err;
      session.actor = null;
    }
    return session.actor;
  },
  /** Exchanges a bearer token for the session cookie; the token is not kept. */
  async signIn(token) {
    session.actor = await api('/session', { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    tabs?.postMessage('changed');
  },
  /** Ends every session of this person, in this browser and any other. */
  async signOut() {
    await api('/session', { method: 'DELETE' }).catch((err) => {
      if (!(err instanceof Problem) || err.status !== 401) throw err;
    });
    session.actor = null;
    tabs?.postMessage('changed');
  },
  /** Called when another tab signed in or out. */
  set onChange(listener) {
    if (tabs) tabs.onmessage = listener;
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

/**
 * Calls /v1; answers the parsed JSON or throws a Problem. Every request says it comes from
 * the console (X-Requested-With): the service refuses a write made with the cookie without it.
 */
export async function api(path, { method = 'GET', body, headers = {}, form } = {}) {
  const res = await fetch(`/v1${path}`, {
    method,
    credentials: 'same-origin',
    headers: {
      'accept-language': lang(),
      'x-requested-with': 'title-review-console',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    body: form ?? (body === undefined ? undefined : JSON.stringify(body)),
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

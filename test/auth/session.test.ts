import { afterAll, beforeAll, expect, it } from 'vitest';
import { auth, createDraft, createPlan, type TestApp, testApp, tokensFor } from '../support/app';
import { idNumberFor } from '../support/factories';

// The console's session cookie (issue 27): opened with a bearer token, HttpOnly and
// SameSite=Strict, revoked everywhere at once, and no writes from another site.

let t: TestApp;
let tokens: ReturnType<typeof tokensFor>;
let appId: string;
const idNumber = idNumberFor(27);
const HOST = 'console.example';

beforeAll(async () => {
  t = await testApp();
  tokens = tokensFor(t, idNumber);
  appId = await createDraft(t, await createPlan(t), idNumber);
});
afterAll(() => t.close());

/** Signs in with a bearer token; answers the Cookie header a browser would send back. */
async function signIn(token: string) {
  const res = await t.app.inject({ method: 'POST', url: '/v1/session', headers: { ...auth(token), host: HOST } });
  expect(res.statusCode, res.body).toBe(201);
  const set = String(res.headers['set-cookie']);
  expect(set).toMatch(/^title_review_session=[\w-]{43}; Path=\/v1; HttpOnly; SameSite=Strict$/);
  return { cookie: set.split(';')[0]!, body: res.json() };
}

const get = (url: string, cookie: string) => t.app.inject({ url, headers: { cookie, host: HOST } });

it('a bearer token opens a session the cookie then speaks for, and the bearer header keeps working', async () => {
  const { cookie, body } = await signIn(tokens.unit);
  expect(body).toMatchObject({ sub: 'unit-reviewer', role: 'unit', session: true });
  const me = await get('/v1/session', cookie);
  expect(me.json()).toMatchObject({ sub: 'unit-reviewer', role: 'unit', session: true });
  expect((await get(`/v1/applications/${appId}`, cookie)).statusCode).toBe(200);
  const bearer = await t.app.inject({ url: '/v1/session', headers: auth(tokens.unit) });
  expect(bearer.json()).toMatchObject({ role: 'unit', session: false });
  // An applicant is greeted by the name on their application.
  const applicant = await signIn(tokens.applicant);
  expect(applicant.body.label).toBe((await get(`/v1/applications/${appId}`, applicant.cookie)).json().context.facts.name);
});

it('refuses a write made with the cookie unless it carries X-Requested-With and, if sent, its own Origin', async () => {
  const { cookie } = await signIn(tokens.applicant);
  const send = (headers: Record<string, string>) =>
    t.app.inject({
      method: 'POST',
      url: `/v1/applications/${appId}/events`,
      headers: { cookie, host: HOST, ...headers },
      payload: { type: 'WITHDRAW' },
    });
  const bare = await send({});
  expect(bare.statusCode).toBe(403);
  expect(bare.json().code).toBe('CROSS_SITE_REQUEST');
  const foreign = await send({ 'x-requested-with': 'x', origin: 'https://evil.example' });
  expect(foreign.json().code).toBe('CROSS_SITE_REQUEST');
  expect((await t.app.inject({ url: `/v1/applications/${appId}`, headers: auth(tokens.applicant) })).json().state).toBe('draft');
  const own = await send({ 'x-requested-with': 'x', origin: `http://${HOST}` });
  expect(own.statusCode).toBe(200);
  expect(own.json().state).toBe('withdrawn');
});

it('a session cookie cannot open another session, and nonsense cookies are nobody', async () => {
  const { cookie } = await signIn(tokens.hr);
  const again = await t.app.inject({ method: 'POST', url: '/v1/session', headers: { cookie, host: HOST, 'x-requested-with': 'x' } });
  expect(again.statusCode).toBe(401);
  expect((await get('/v1/session', 'title_review_session=forged')).statusCode).toBe(401);
  expect((await get('/v1/session', '')).statusCode).toBe(401);
});

it('signing out ends every session of that person at once, and no one else’s', async () => {
  const first = await signIn(tokens.committee);
  const second = await signIn(tokens.committee);
  const other = await signIn(tokens.admin);
  const out = await t.app.inject({
    method: 'DELETE',
    url: '/v1/session',
    headers: { cookie: first.cookie, host: HOST, 'x-requested-with': 'x' },
  });
  expect(out.statusCode).toBe(200);
  expect(out.json()).toEqual({ revoked: 2 });
  expect(String(out.headers['set-cookie'])).toContain('Max-Age=0');
  expect((await get('/v1/session', first.cookie)).statusCode).toBe(401);
  expect((await get('/v1/session', second.cookie)).statusCode).toBe(401);
  expect((await get('/v1/session', other.cookie)).statusCode).toBe(200);
  // The bearer token itself is not revoked: API clients hold their own credential.
  expect((await t.app.inject({ url: '/v1/session', headers: auth(tokens.committee) })).statusCode).toBe(200);
});

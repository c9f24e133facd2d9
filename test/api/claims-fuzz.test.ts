import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Role } from '../../machines/events';
import { MAX_CLAIM_LENGTH } from '../../src/auth/jwt';
import { errorRegistry } from '../../src/errors';
import { auth, createDraft, createPlan, send, type TestApp, testApp, tokensFor } from '../support/app';
import { idNumberFor, unitId, validPayloads } from '../support/factories';
import { fingerprint } from '../support/fingerprint';

// Issue 25: a correctly signed token whose `sub` or `unitId` held U+0000 or a lone surrogate
// got 500 from PostgreSQL on every route that wrote or filtered by it; an 8,000-character `sub`
// was stored. Claims are checked like bodies: such a token is 401 with reason `claims`
// naming the claim, before any statement runs, and a claim the service accepts is stored as sent.

const RUNS = 600;

let t: TestApp;
let planId: string;
let applicationId: string;
type Route = { method: string; path: string };
let routes: Route[];

beforeAll(async () => {
  t = await testApp();
  planId = await createPlan(t);
  applicationId = await createDraft(t, planId, idNumberFor(951));
  const tk = tokensFor(t, idNumberFor(951));
  await send(t, applicationId, tk.applicant, 'SUBMIT', { commitmentSigned: true });
  const openapi = t.app.swagger() as { paths: Record<string, Record<string, unknown>> };
  routes = Object.entries(openapi.paths).flatMap(([path, methods]) =>
    Object.keys(methods).map((method) => ({ method: method.toUpperCase(), path })),
  );
  // An event stream that opens never ends by itself: test/api/feed.test.ts drives it over HTTP.
  routes = routes.filter((r) => r.path !== '/v1/feed/stream');
});
afterAll(async () => {
  await t?.close();
});

const storable = (s: string) => !s.includes('\u0000') && !/\p{Cs}/u.test(s);

/** Claim text weighted towards what PostgreSQL refuses, with lengths on both sides of the limit. */
const hostile = fc.oneof(
  fc.string({
    unit: fc.oneof(
      { arbitrary: fc.constantFrom('\u0000', '\ud800', '\udfff', '\ud83d', '😀', '张', '%', "'", '\\', '"'), weight: 1 },
      { arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), weight: 2 },
    ),
    minLength: 1,
    maxLength: 30,
  }),
  fc.constantFrom('x'.repeat(MAX_CLAIM_LENGTH), 'x'.repeat(MAX_CLAIM_LENGTH + 1), '张'.repeat(8_000), unitId),
);

/** The bodies that reached the database with a hostile claim in the report. */
function bodyFor(route: Route): Record<string, unknown> {
  if (route.path === '/v1/units') return { id: 'U-CLAIMS', name: '声明测试单位', inCixi: true, unitType: 'enterprise' };
  if (route.path === '/v1/webhooks') return { url: 'http://127.0.0.1:9/hook' };
  if (route.path.endsWith('/events')) return { type: 'UNIT_VERIFY_FACT', ...validPayloads.UNIT_VERIFY_FACT };
  return {};
}

it(`answers ${RUNS} signed tokens with hostile claims on every route with 401 (reason claims) or a registered answer, never 5xx`, async () => {
  let last = await fingerprint(t.database.db);
  const seen = new Map<number, number>();
  await fc.assert(
    fc.asyncProperty(
      fc.record({
        role: fc.constantFrom<Role>('unit', 'hr', 'committee', 'admin'),
        sub: hostile,
        unitId: fc.oneof(hostile, fc.constant(unitId)),
        route: fc.nat(),
      }),
      async (r) => {
        await new Promise((resolve) => setImmediate(resolve));
        const route = routes[r.route % routes.length]!;
        const url = route.path.replace(/\{[^}]+\}/g, (name) => (name === '{planId}' ? planId : applicationId));
        const claims = r.role === 'unit' ? { sub: r.sub, role: r.role, unitId: r.unitId } : { sub: r.sub, role: r.role };
        const res = await t.app.inject({
          method: route.method as 'GET',
          url,
          headers: auth(t.token(claims)),
          ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { payload: bodyFor(route) }),
        });
        seen.set(res.statusCode, (seen.get(res.statusCode) ?? 0) + 1);
        const context = `${route.method} ${url} ${JSON.stringify(claims).slice(0, 200)} → ${res.statusCode} ${res.body.slice(0, 300)}`;
        expect(res.statusCode, context).toBeLessThan(500);
        const usable = (s: string) => storable(s) && s.length <= MAX_CLAIM_LENGTH;
        const bad = !usable(r.sub) || (r.role === 'unit' && !usable(r.unitId));
        const authenticated = (route.path.startsWith('/v1/') && !route.path.startsWith('/v1/public/')) || route.path === '/metrics';
        const now = await fingerprint(t.database.db);
        if (res.statusCode >= 400) {
          expect(res.headers['content-type'], context).toMatch(/^application\/problem\+json/);
          const code: keyof typeof errorRegistry = res.json().code;
          expect(errorRegistry[code]?.status, context).toBe(res.statusCode);
          expect(now, context).toEqual(last);
        }
        if (bad && authenticated) {
          expect(res.statusCode, context).toBe(401);
          expect(res.json(), context).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'claims' });
          const named = res.json().claims.map((c: { claim: string }) => c.claim);
          expect(named, context).toContain(usable(r.sub) ? 'unitId' : 'sub');
        }
        last = now;
      },
    ),
    { numRuns: RUNS },
  );
  // The generator reaches both sides of the check.
  expect(seen.get(401) ?? 0).toBeGreaterThan(50);
  expect([...seen].filter(([status]) => status < 300).reduce((n, [, count]) => n + count, 0)).toBeGreaterThan(20);
}, 240_000);

it('stores an accepted claim as sent, astral characters included, and names the claim it refuses', async () => {
  const sub = '管理员😀'.repeat(20).slice(0, MAX_CLAIM_LENGTH);
  const created = await t.app.inject({
    method: 'POST',
    url: '/v1/units',
    headers: auth(t.token({ sub, role: 'admin' })),
    payload: { id: 'U-ASTRAL', name: '星光单位', inCixi: true, unitType: 'enterprise' },
  });
  expect(created.statusCode).toBe(201);
  const audit = await t.app.inject({ url: '/v1/audit?target=U-ASTRAL', headers: auth(t.token({ sub: 'admin', role: 'admin' })) });
  expect(audit.json().items.map((e: { actor: string }) => e.actor)).toEqual([sub]);

  for (const [claims, claim] of [
    [{ sub: 'admin\u0000', role: 'admin' }, 'sub'],
    [{ sub: 'a\ud800b', role: 'hr' }, 'sub'],
    [{ sub: 'x'.repeat(8_000), role: 'committee' }, 'sub'],
    [{ sub: 'reviewer', role: 'unit', unitId: `${unitId}\u0000` }, 'unitId'],
    [{ sub: 'reviewer', role: 'unit', unitId: '\udc00' }, 'unitId'],
  ] as const) {
    const res = await t.app.inject({ url: '/v1/stats', headers: { ...auth(t.token(claims)), 'accept-language': 'en' } });
    expect(res.statusCode, claim).toBe(401);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'claims', claims: [{ claim }] });
  }
  const unregistered = await t.app.inject({ url: '/v1/stats', headers: auth(t.token({ sub: 'r', role: 'unit', unitId: 'U-NOWHERE' })) });
  expect(unregistered.json()).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'unregistered unit' });
  expect((await t.app.inject({ url: '/v1/stats' })).json()).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'missing' });
  expect((await t.app.inject({ url: '/v1/stats', headers: { authorization: 'Bearer a.b.c' } })).json()).toMatchObject({
    reason: 'malformed',
  });
});

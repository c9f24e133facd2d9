import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { eventTypes } from '../../machines/events';
import { errorRegistry } from '../../src/errors';
import { auth, createDraft, createPlan, send, type TestApp, testApp, tokensFor } from '../support/app';
import { factsFor, idNumberFor, planBody, unitId, validPayloads } from '../support/factories';
import { fingerprint } from '../support/fingerprint';

// Issue 9: hostile input must never give a 5xx. Every route, thousands of generated
// requests (bodies, query strings, path parameters, headers): each answer is a documented
// success or a registered 4xx problem, and a refused request writes nothing.

const RUNS = 2_000;

let t: TestApp;
type Route = { method: string; path: string; success: string[] };
let routes: Route[];
let events: Route;
let ids: string[];
let planId: string;
let tk: ReturnType<typeof tokensFor>;

beforeAll(async () => {
  t = await testApp();
  planId = await createPlan(t);
  tk = tokensFor(t, idNumberFor(901));
  const draft = await createDraft(t, planId, idNumberFor(901));
  const other = await createDraft(t, planId, idNumberFor(902));
  await send(t, other, t.token({ sub: idNumberFor(902), role: 'applicant' }), 'SUBMIT', { commitmentSigned: true });
  ids = [draft, other];
  const openapi = t.app.swagger() as { paths: Record<string, Record<string, { responses?: Record<string, unknown> }>> };
  routes = Object.entries(openapi.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      success: Object.keys(op.responses ?? { 200: {} }).filter((s) => s.startsWith('2')),
    })),
  );
  // An event stream that opens never ends by itself: test/api/feed.test.ts drives it over HTTP.
  routes = routes.filter((r) => r.path !== '/v1/feed/stream');
  routes.push({ method: 'GET', path: '/metrics', success: ['200'] });
  events = routes.find((r) => r.method === 'POST' && r.path.endsWith('/events'))!;
});
afterAll(async () => {
  await t?.close();
});

/** Strings weighted towards what breaks things: NUL, lone surrogates, separators, escapes. */
const nasty = fc.string({
  unit: fc.oneof(
    { arbitrary: fc.constantFrom('\u0000', '\ud800', '\udfff', '/', '%', '~', '"', '\\', '?', '&', '=', '#', ' ', '张'), weight: 1 },
    { arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), weight: 3 },
  ),
  maxLength: 40,
});

/** Built once the fixtures exist: ids, plan and tokens are part of what is generated. */
function requests() {
  const token = fc.oneof(
    { arbitrary: fc.constantFrom<string | undefined>(tk.applicant, tk.unit, tk.hr, tk.committee, tk.admin), weight: 6 },
    { arbitrary: fc.constantFrom<string | undefined>(undefined, 'Bearer x.y.z', 'garbage'), weight: 1 },
  );

  const pathValue = fc.oneof(
    { arbitrary: fc.constantFrom(...ids), weight: 6 },
    fc.constantFrom('00000000-0000-7000-8000-000000000000', '2021', '2027', '1999'),
    fc.uuid(),
    // A URL cannot carry a lone surrogate; malformed escapes it can.
    fc.constantFrom('%00', '%ZZ', '%', '..', '%2F', '%ED%A0%80'),
    nasty.map((s) => encodeURIComponent(s.replace(/\p{Cs}/gu, '\ufffd'))),
  );

  const queryValue = fc.oneof(
    fc.constantFrom('draft', 'submitted', '50', '0', '-1', 'mermaid', 'json', planId, unitId, idNumberFor(901)),
    nasty,
  );
  const query = fc
    .dictionary(fc.oneof(fc.constantFrom('state', 'planId', 'unitId', 'cursor', 'limit', 'idNumber', 'format'), nasty), queryValue, {
      maxKeys: 4,
    })
    .map((q) => new URLSearchParams(q).toString());

  /** Valid payloads, the same with fields removed, replaced or added, and arbitrary JSON. */
  const body = fc.oneof(
    // Well-formed events whose free text is hostile: these pass the schema and reach the database.
    { arbitrary: fc.record({ type: fc.constant('UPDATE_DRAFT'), facts: fc.record({ name: nasty }) }), weight: 4 },
    fc.record({ type: fc.constantFrom('WITHDRAW', 'RETURN_TO_APPLICANT', 'AUDIT_REJECT'), reason: nasty }),
    fc.record({ type: fc.constantFrom('FLAG_FALSIFIED', 'REVOKE'), finding: nasty }),
    fc.constantFrom(...eventTypes).chain((type) =>
      fc
        .dictionary(
          fc.oneof(fc.constantFrom(...Object.keys(validPayloads[type]), 'facts', 'extra'), nasty),
          fc.jsonValue({ maxDepth: 3 }),
          {
            maxKeys: 3,
          },
        )
        .chain((extra) => fc.constantFrom({ ...validPayloads[type], type }, { ...validPayloads[type], ...extra, type })),
    ),
    fc
      .constant(planBody('junior'))
      .chain((plan) =>
        fc
          .dictionary(fc.constantFrom(...Object.keys(plan)), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 2 })
          .map((over) => ({ ...plan, ...over })),
      ),
    fc.record({ planId: fc.constantFrom(planId), unitId: nasty, facts: fc.constant(factsFor('junior')) }),
    fc.record({ reason: nasty }),
    fc.record({
      now: fc.oneof(
        nasty,
        fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
      ),
    }),
    fc.jsonValue({ maxDepth: 4 }),
    fc.record({ holidays: fc.array(nasty, { maxLength: 3 }), workdays: fc.array(nasty, { maxLength: 3 }) }),
  );

  const headers = fc.record(
    {
      'content-type': fc.constantFrom(
        'application/json',
        'application/json; charset=utf-8',
        'text/plain',
        'application/xml',
        'multipart/form-data',
      ),
      'idempotency-key': nasty,
      'if-match': fc.oneof(fc.constantFrom('0', '1', '"1"', 'W/"2"', '*'), nasty),
      'accept-language': fc.constantFrom('en', 'zh-CN', 'fr'),
    },
    { requiredKeys: [] },
  );

  return fc.record({
    // Half of them to the events route, where most of the logic is.
    route: fc.oneof(fc.constant(-1), fc.integer({ min: 0, max: 1_000 })),
    params: fc.array(pathValue, { minLength: 2, maxLength: 2 }),
    query: fc.option(query, { nil: undefined }),
    token,
    body: fc.option(fc.oneof(body, nasty), { nil: undefined }),
    headers,
    rawBody: fc.boolean(),
  });
}

const headerSafe = (v: string) => [...v].every((c) => c >= ' ' && c <= '~');

it(`answers ${RUNS} generated requests over every route with a documented 2xx or a registered 4xx, never 5xx, and refusals write nothing`, async () => {
  let last = await fingerprint(t.database.db);
  const seen = new Map<number, number>();
  await fc.assert(
    fc.asyncProperty(requests(), async (r) => {
      // Let the event loop turn between requests, as it does between network reads: back-to-back
      // in-process requests would otherwise starve its timers, and the load shedder would see a stalled loop.
      await new Promise((resolve) => setImmediate(resolve));
      const route = r.route < 0 ? events : routes[r.route % routes.length]!;
      let i = 0;
      const url = route.path.replace(/\{[^}]+\}/g, () => r.params[i++]!) + (r.query ? `?${r.query}` : '');
      const hdrs: Record<string, string> = Object.fromEntries(Object.entries(r.headers).filter(([, v]) => headerSafe(v)));
      if (r.token) hdrs.authorization = r.token.startsWith('Bearer') || r.token === 'garbage' ? r.token : auth(r.token).authorization;
      const hasBody = r.body !== undefined && route.method !== 'GET';
      const res = await t.app.inject({
        method: route.method as 'GET',
        url,
        headers: hdrs,
        ...(hasBody ? { payload: typeof r.body === 'string' && r.rawBody ? r.body : JSON.stringify(r.body) } : {}),
      });
      seen.set(res.statusCode, (seen.get(res.statusCode) ?? 0) + 1);
      const context = `${route.method} ${url} → ${res.statusCode} ${res.body.slice(0, 300)}`;
      expect(res.statusCode, context).toBeLessThan(500);
      const now = await fingerprint(t.database.db);
      if (res.statusCode >= 400) {
        expect(res.headers['content-type'], context).toMatch(/^application\/problem\+json/);
        const code: keyof typeof errorRegistry = res.json().code;
        expect(errorRegistry[code]?.status, context).toBe(res.statusCode);
        expect(now, context).toEqual(last);
      } else {
        expect(route.success, context).toContain(String(res.statusCode));
      }
      last = now;
    }),
    { numRuns: RUNS },
  );
  // The generator reaches past authentication and validation, into the handlers.
  expect(seen.get(200) ?? 0).toBeGreaterThan(50);
  for (const status of [400, 401, 403, 404, 415]) expect(seen.get(status) ?? 0, `status ${status}`).toBeGreaterThan(0);
  expect((seen.get(409) ?? 0) + (seen.get(422) ?? 0), 'a refusal by the machine').toBeGreaterThan(0);
}, 240_000);

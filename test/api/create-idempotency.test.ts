import { afterAll, beforeAll, expect, it } from 'vitest';
import { auth, createPlan, type TestApp, testApp } from '../support/app';
import { factsFor, idNumberFor, planBody, unitId } from '../support/factories';
import { fingerprint } from '../support/fingerprint';
import { expectProblem } from './support/problem';

// Issue 25: a retried POST /v1/applications got 409 DUPLICATE_APPLICATION, and a retried plan
// or webhook registration made a second one. Every POST that creates something takes an
// Idempotency-Key with the semantics README gives for events: only an accepted request is
// recorded; the same key and body answer as the first time and create nothing; the same key
// with another body is 422 IDEMPOTENCY_KEY_REUSED and writes nothing.

let t: TestApp;
let planId: string;
beforeAll(async () => {
  t = await testApp();
  planId = await createPlan(t);
});
afterAll(async () => {
  await t?.close();
});

const admin = () => t.token({ sub: 'admin', role: 'admin' });
const applicantOf = (n: number) => t.token({ sub: idNumberFor(n), role: 'applicant' });
const post = (url: string, token: string, payload: object, key?: string) =>
  t.app.inject({ method: 'POST', url, headers: { ...auth(token), ...(key ? { 'idempotency-key': key } : {}) }, payload });

type Case = { url: string; token: () => string; body: () => object; other: () => object };
const cases: Record<string, Case> = {
  application: {
    url: '/v1/applications',
    token: () => applicantOf(611),
    body: () => ({ planId, unitId, facts: factsFor('junior') }),
    other: () => ({ planId, unitId: 'U-TEST-2', facts: factsFor('junior') }),
  },
  plan: { url: '/v1/plans', token: admin, body: () => planBody('junior'), other: () => ({ ...planBody('junior'), specialty: '水利工程' }) },
  unit: {
    url: '/v1/units',
    token: admin,
    body: () => ({ id: 'U-ONCE', name: '一次单位', inCixi: true, unitType: 'enterprise' }),
    other: () => ({ id: 'U-ONCE-2', name: '另一单位', inCixi: true, unitType: 'enterprise' }),
  },
  webhook: {
    url: '/v1/webhooks',
    token: admin,
    body: () => ({ url: 'http://127.0.0.1:9/once', secret: 'once-secret-once-secret-once' }),
    other: () => ({ url: 'http://127.0.0.1:9/other' }),
  },
};

for (const [what, c] of Object.entries(cases)) {
  it(`creates one ${what} per Idempotency-Key: a repeat answers the same, another body is refused`, async () => {
    const key = `create-${what}`;
    const first = await post(c.url, c.token(), c.body(), key);
    expect(first.statusCode, first.body).toBe(201);
    const after = await fingerprint(t.database.db);

    const repeat = await post(c.url, c.token(), c.body(), key);
    expect(repeat.statusCode, repeat.body).toBe(201);
    expect(repeat.json()).toEqual(first.json());
    expect(await fingerprint(t.database.db)).toEqual(after);
    // What it made is read where Location says; a plan has no address of its own (the list has it).
    const location = first.headers.location;
    expect(repeat.headers.location).toBe(location);
    if (what === 'plan') expect(location).toBeUndefined();
    else expect((await t.app.inject({ url: String(location), headers: auth(c.token()) })).json().id).toBe(first.json().id);

    expectProblem(await post(c.url, c.token(), c.other(), key), 422, 'IDEMPOTENCY_KEY_REUSED');
    expect(await fingerprint(t.database.db)).toEqual(after);
  });
}

it('records only an accepted request: a refused one leaves its key free for the corrected request', async () => {
  const token = applicantOf(612);
  const facts = factsFor('junior');
  const before = await fingerprint(t.database.db);
  expectProblem(await post('/v1/applications', token, { planId, unitId: 'U-NOWHERE', facts }, 'fix-me'), 422, 'UNKNOWN_UNIT');
  expect(await fingerprint(t.database.db)).toEqual(before);
  const fixed = await post('/v1/applications', token, { planId, unitId, facts }, 'fix-me');
  expect(fixed.statusCode, fixed.body).toBe(201);
  // Without a key a repeat is what it always was: a second application of the person in the plan.
  expectProblem(await post('/v1/applications', token, { planId, unitId, facts }), 409, 'DUPLICATE_APPLICATION');
});

it('creates once when the same request arrives twice at the same time', async () => {
  const body = planBody('intermediate');
  const before = (await t.app.inject({ url: '/v1/plans', headers: auth(admin()) })).json().items.length;
  const [a, b] = await Promise.all([post('/v1/plans', admin(), body, 'race'), post('/v1/plans', admin(), body, 'race')]);
  expect([a.statusCode, b.statusCode]).toEqual([201, 201]);
  expect(a.json().id).toBe(b.json().id);
  expect((await t.app.inject({ url: '/v1/plans', headers: auth(admin()) })).json().items).toHaveLength(before + 1);
});

it('keeps the keys of different callers apart', async () => {
  const mine = await post('/v1/units', admin(), { id: 'U-MINE', name: '甲', inCixi: true, unitType: 'enterprise' }, 'shared-key');
  const theirs = await post(
    '/v1/units',
    t.token({ sub: 'admin-2', role: 'admin' }),
    { id: 'U-THEIRS', name: '乙', inCixi: true, unitType: 'enterprise' },
    'shared-key',
  );
  expect([mine.statusCode, theirs.statusCode]).toEqual([201, 201]);
  expect(theirs.json().id).toBe('U-THEIRS');
});

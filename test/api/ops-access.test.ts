import { afterAll, beforeAll, expect, it } from 'vitest';
import { auth, createPlan, type TestApp, testApp } from '../support/app';
import { idNumberFor, unitId } from '../support/factories';
import { expectProblem } from './support/problem';
import { replayAllThenClose } from './support/replay';
import { T0 } from './support/walk';

// Issue 11: every route it adds, for every role and for no token at all. Which rows each
// role sees is tested with each route; here: who may call it.

let t: TestApp;
let planId: string;
const roles = ['applicant', 'unit', 'hr', 'committee', 'admin'] as const;
const token = (role: (typeof roles)[number]) =>
  role === 'applicant' ? t.token({ sub: idNumberFor(1), role }) : t.token({ sub: role, role, ...(role === 'unit' ? { unitId } : {}) });
const someId = '01900000-0000-7000-8000-000000000000';

beforeAll(async () => {
  t = await testApp(T0);
  planId = await createPlan(t);
});
afterAll(async () => {
  await replayAllThenClose(t);
});

const reads = () => [
  '/v1/applications?q=张伟',
  '/v1/units',
  `/v1/units/${unitId}`,
  '/v1/stats?by=plan,unit',
  '/v1/publicities',
  '/v1/incidents/timers',
  '/v1/incidents/messages',
  '/v1/incidents/idle',
  `/v1/plans/${planId}/history`,
];
/** Admin only; the bodies are valid, so what answers is the role check (or, for the admin, the missing record). */
const adminWrites = (): ['POST' | 'PATCH', string, object][] => [
  ['POST', '/v1/units', { id: 'U-NEW', name: '新单位', inCixi: true, unitType: 'enterprise' }],
  ['PATCH', `/v1/units/${unitId}`, { name: '改名' }],
  ['PATCH', `/v1/plans/${planId}`, { closesAt: '2021-10-31', reason: '顺延' }],
  ['POST', '/v1/incidents/timers/1/retry', { reason: 'x' }],
  ['POST', '/v1/incidents/messages/1/retry', { reason: 'x' }],
  ['POST', '/v1/incidents/messages/1/dismiss', { reason: 'x' }],
  ['POST', `/v1/applications/${someId}/end-publicity`, { reason: 'x' }],
];

it('lets every role read what it may see', async () => {
  for (const role of roles) {
    for (const url of reads()) expect((await t.app.inject({ url, headers: auth(token(role)) })).statusCode, `${role} ${url}`).toBe(200);
  }
});

it('keeps the audit trail and the admin actions to the admin', async () => {
  for (const role of roles.filter((r) => r !== 'admin')) {
    expectProblem(await t.app.inject({ url: '/v1/audit', headers: auth(token(role)) }), 403, 'FORBIDDEN');
    for (const [method, url, payload] of adminWrites()) {
      expectProblem(await t.app.inject({ method, url, headers: auth(token(role)), payload }), 403, 'FORBIDDEN');
    }
  }
  expect((await t.app.inject({ url: '/v1/audit', headers: auth(token('admin')) })).statusCode).toBe(200);
});

it('refuses a role before reading the body: a bad body from a role that may not call gets 403, not 400', async () => {
  for (const role of roles.filter((r) => r !== 'admin')) {
    for (const [method, url] of adminWrites()) {
      expectProblem(await t.app.inject({ method, url, headers: auth(token(role)), payload: { nonsense: true } }), 403, 'FORBIDDEN');
    }
    expectProblem(await t.app.inject({ url: '/v1/audit?limit=many', headers: auth(token(role)) }), 403, 'FORBIDDEN');
  }
  for (const role of ['applicant', 'unit'] as const) {
    expectProblem(await t.app.inject({ url: '/v1/publicity-lists?planId=bad', headers: auth(token(role)) }), 403, 'FORBIDDEN');
    expectProblem(
      await t.app.inject({ url: '/v1/publicities/bad/unit/2021-13-01/list.csv', headers: auth(token(role)) }),
      403,
      'FORBIDDEN',
    );
  }
  // The admin's bad body is the validation's to answer.
  expectProblem(
    await t.app.inject({ method: 'POST', url: '/v1/units', headers: auth(token('admin')), payload: { nonsense: true } }),
    400,
    'VALIDATION_FAILED',
  );
});

it('answers 401 without a token on every new route', async () => {
  for (const url of [...reads(), '/v1/audit']) expectProblem(await t.app.inject({ url }), 401, 'UNAUTHENTICATED');
  for (const [method, url, payload] of adminWrites()) {
    expectProblem(await t.app.inject({ method, url, payload }), 401, 'UNAUTHENTICATED');
  }
  expectProblem(
    await t.app.inject({
      method: 'POST',
      url: '/v1/applications/bulk-events',
      payload: { type: 'SUBMIT', items: [{ applicationId: someId }] },
    }),
    401,
    'UNAUTHENTICATED',
  );
});

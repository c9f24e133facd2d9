import { afterAll, beforeAll, expect, it } from 'vitest';
import type { z } from 'zod';
import * as documented from '../../src/http/responses';
import { auth, createDraft, createPlan, send, setClock, type TestApp, testApp, tokensFor } from '../support/app';
import { idNumberFor, validPayload, validPayloads } from '../support/factories';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => {
  await t?.close();
});

/** The answer has exactly the documented shape: nothing missing, nothing undocumented. */
function expectDocumented(schema: z.ZodType, body: unknown) {
  const parsed = schema.safeParse(body);
  expect(parsed.error?.issues ?? []).toEqual([]);
  expect(JSON.parse(JSON.stringify(parsed.data))).toEqual(body);
}

it('answers every route in the shape its response schema documents', async () => {
  const idNumber = idNumberFor(11);
  const tk = tokensFor(t, idNumber);
  const get = async (url: string, token = tk.admin) => (await t.app.inject({ url, headers: auth(token) })).json();

  const planId = await createPlan(t);
  expectDocumented(documented.PlanRecord, (await get('/v1/plans')).items[0]);
  const id = await createDraft(t, planId, idNumber);
  expectDocumented(documented.ApplicationView, await get(`/v1/applications/${id}`, tk.applicant));
  const steps: [string, Parameters<typeof send>[3]][] = [
    [tk.applicant, 'SUBMIT'],
    [tk.unit, 'START_UNIT_PUBLICITY'],
    [tk.unit, 'UNIT_VERIFY_FACT'],
    ['clock:2021-08-09T02:00:00.000Z', 'UNIT_APPROVE'],
    [tk.hr, 'HR_VERIFY_FACT'],
    [tk.hr, 'AUDIT_APPROVE'],
    [tk.committee, 'PAPER_RECEIVED'],
    [tk.committee, 'RAISE_OBJECTION'],
    [tk.committee, 'RESOLVE_OBJECTION'],
  ];
  for (const [who, type] of steps) {
    if (who.startsWith('clock:')) await setClock(t, who.slice(6));
    const { context } = await get(`/v1/applications/${id}`);
    const res = await send(t, id, who.startsWith('clock:') ? tk.unit : who, type, validPayload(type, context));
    expect(res.statusCode, res.body).toBe(200);
    expectDocumented(documented.TransitionResult, res.json());
  }
  await setClock(t, '2021-08-20T02:00:00.000Z');
  for (const [token, type] of [
    [tk.applicant, 'PAY_FEE'],
    [tk.committee, 'SCHEDULE_INTERVIEW'],
    [tk.committee, 'RECORD_ATTENDANCE'],
    [tk.committee, 'REVIEW_PASS'],
  ] as const) {
    // Issue 24: attendance is recorded from the interview's time on.
    if (type === 'RECORD_ATTENDANCE') await setClock(t, validPayloads.SCHEDULE_INTERVIEW.time as string);
    expect((await send(t, id, token, type, validPayloads[type])).statusCode).toBe(200);
  }
  await setClock(t, '2021-11-10T02:00:00.000Z');
  expectDocumented(documented.Certificate, await get(`/v1/applications/${id}/certificate`, tk.applicant));
  expectDocumented(documented.TransitionResult, (await send(t, id, tk.hr, 'REVOKE', validPayloads.REVOKE)).json());

  expectDocumented(documented.ApplicationView, await get(`/v1/applications/${id}`));
  expectDocumented(documented.ApplicationPage, await get('/v1/applications'));
  expectDocumented(documented.History, await get(`/v1/applications/${id}/history`));
  const bans = await get(`/v1/bans?idNumber=${idNumber}`);
  expectDocumented(documented.BanRow, bans.items[0]);
  const lifted = await t.app.inject({
    method: 'POST',
    url: `/v1/bans/${bans.items[0].id}/lift`,
    headers: auth(tk.admin),
    payload: { reason: '复核' },
  });
  expectDocumented(documented.Ban, lifted.json());
  expectDocumented(documented.Problem, await get(`/v1/applications/${id}/certificate`, tk.applicant));
  expectDocumented(documented.CalendarYear, await get('/v1/calendar/2021'));
  const loaded = await t.app.inject({
    method: 'PUT',
    url: '/v1/calendar/2027',
    headers: auth(tk.admin),
    payload: { holidays: ['2027-01-01'], workdays: [] },
  });
  expectDocumented(documented.CalendarYear, loaded.json());
  expectDocumented(documented.CalendarYear, await get('/v1/calendar/2027'));
});

it('publishes those schemas in the OpenAPI document', async () => {
  const doc = (await t.app.inject({ url: '/openapi.json' })).json();
  const events = doc.paths['/v1/applications/{id}/events'].post.responses;
  expect(Object.keys(events)).toEqual(expect.arrayContaining(['200', '403', '404', '409', '422']));
  expect(events['409'].content['application/problem+json'].schema.anyOf).toContainEqual({
    $ref: '#/components/schemas/Problem_ILLEGAL_TRANSITION',
  });
  const view = events['200'].content['application/json'].schema;
  expect(view.properties.createdAt).toMatchObject({ type: 'string', format: 'date-time' });
  expect(view.properties.allowedEvents.items.enum).toContain('SUBMIT');
});

it('names every operation once, from its method and path, for generated clients', async () => {
  const doc = (await t.app.inject({ url: '/openapi.json' })).json();
  const operations = Object.entries(doc.paths as Record<string, Record<string, { operationId?: string }>>).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ key: `${method} ${path}`, id: op.operationId })),
  );
  expect(operations.filter((o) => !o.id)).toEqual([]);
  const ids = operations.map((o) => o.id);
  expect(new Set(ids).size).toBe(ids.length);
  expect(doc.paths['/v1/applications/{id}/events'].post.operationId).toBe('postApplicationsByIdEvents');
  expect(doc.paths['/v1/feed/stream'].get.operationId).toBe('getFeedStream');
});

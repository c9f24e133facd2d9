import { afterAll, beforeAll, expect, it } from 'vitest';
import { z } from 'zod';
import * as documented from '../../src/http/responses';
import { deliverOutbox } from '../../src/workflow/outbox';
import { replayAllThenClose } from '../api/support/replay';
import { applicationIn, T0 } from '../api/support/walk';
import { auth, createPlan, send, type TestApp, testApp } from '../support/app';

// The issue 11 routes answer in exactly the shape their response schemas (and so the
// OpenAPI document) describe: nothing missing, nothing undocumented.

let t: TestApp;
beforeAll(async () => {
  t = await testApp(T0);
});
afterAll(async () => {
  await replayAllThenClose(t);
});

function expectDocumented(schema: z.ZodType, body: unknown) {
  const parsed = schema.safeParse(body);
  expect(parsed.error?.issues ?? []).toEqual([]);
  expect(JSON.parse(JSON.stringify(parsed.data))).toEqual(body);
}

it('answers every operations route in its documented shape', async () => {
  const admin = t.token({ sub: 'admin', role: 'admin' });
  const call = async (url: string, method: 'GET' | 'POST' | 'PATCH' = 'GET', payload?: object, headers: object = {}) => {
    const res = await t.app.inject({ method, url, headers: { ...auth(admin), ...headers }, ...(payload ? { payload } : {}) });
    expect(res.statusCode, `${url}: ${res.body}`).toBeLessThan(300);
    return res.json();
  };
  const planId = await createPlan(t);
  const paid = await applicationIn(t, planId, 'feePayment');
  const held = await applicationIn(t, planId, 'qualificationPublicity');
  expect((await send(t, held.id, held.tk.committee, 'RAISE_OBJECTION', { objection: '存疑' })).statusCode).toBe(200);
  const waiting = await applicationIn(t, planId, 'qualificationPublicity');
  // Past the timer's due time without letting it fire: an overdue timer.
  const { endsAt } = (await call(`/v1/applications/${waiting.id}`)).context.publicity;
  t.clock.set(new Date(Date.parse(endsAt) + 3600_000));
  const failing = async () => {
    throw new Error('down');
  };
  for (let i = 0; i < 10; i++) await deliverOutbox(t.database.db, t.clock, failing);

  expectDocumented(documented.ApplicationPage, await call('/v1/applications?q=张伟&sort=-updatedAt&limit=1'));
  expectDocumented(documented.page(documented.UnitRecord), await call('/v1/units'));
  expectDocumented(
    documented.UnitRecord,
    await call('/v1/units', 'POST', { id: 'U-X', name: '某单位', inCixi: false, unitType: 'enterprise' }),
  );
  expectDocumented(documented.UnitRecord, await call('/v1/units/U-X', 'PATCH', { unitType: 'publicInstitution' }));
  expectDocumented(documented.Stats, await call('/v1/stats?by=plan,unit'));
  expectDocumented(documented.countedPage(documented.Publicity), await call('/v1/publicities'));
  const timers = await call('/v1/incidents/timers');
  expect(timers.items).toHaveLength(1);
  expectDocumented(documented.countedPage(documented.TimerIncident), timers);
  const messages = await call('/v1/incidents/messages');
  expect(messages.items).toHaveLength(1);
  expectDocumented(documented.countedPage(documented.MessageIncident), messages);
  const idle = await call('/v1/incidents/idle?workingDays=1');
  expect(idle.items.length).toBeGreaterThan(0);
  expectDocumented(documented.IdlePage, idle);
  expectDocumented(documented.AuditEntry, await call(`/v1/incidents/messages/${messages.items[0].id}/retry`, 'POST', { reason: '重发' }));
  expectDocumented(documented.TransitionResult, await call(`/v1/incidents/timers/${timers.items[0].id}/retry`, 'POST', { reason: '补发' }));
  expectDocumented(documented.PlanRecord, await call(`/v1/plans/${planId}`, 'PATCH', { closesAt: '2021-10-31', reason: '顺延' }));
  expectDocumented(z.object({ items: z.array(documented.AuditEntry) }), await call(`/v1/plans/${planId}/history`));
  expectDocumented(documented.page(documented.AuditEntry), await call('/v1/audit?limit=2'));
  const bulk = await call(
    '/v1/applications/bulk-events',
    'POST',
    { type: 'PAY_FEE', payload: { amount: 999 }, items: [{ applicationId: paid.id }, { applicationId: held.id }] },
    { authorization: `Bearer ${paid.tk.applicant}`, 'idempotency-key': 'k1' },
  );
  expect(bulk.summary).toEqual({ applied: 0, refused: 1, notFound: 1 });
  expectDocumented(documented.BulkResult, bulk);
  const payNow = await call(
    '/v1/applications/bulk-events',
    'POST',
    { type: 'PAY_FEE', payload: { amount: 100 }, items: [{ applicationId: paid.id }] },
    { authorization: `Bearer ${paid.tk.applicant}`, 'idempotency-key': 'k2' },
  );
  expectDocumented(documented.BulkResult, payNow);
});

import { afterAll, beforeAll, expect, it } from 'vitest';
import type { OutboxMessage } from '../../src/store/outbox';
import { deliverOutbox } from '../../src/workflow/outbox';
import { auth, createDraft, createPlan, send, setClock, type TestApp, testApp, tokensFor } from '../support/app';
import { idNumberFor, validPayload, validPayloads } from '../support/factories';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => {
  await t?.close();
});

it('delivers the 12333 fee notice once, after the transition, and retries a failed send', async () => {
  const idNumber = idNumberFor(77);
  const tk = tokensFor(t, idNumber);
  const id = await createDraft(t, await createPlan(t), idNumber);
  const steps: [string, Parameters<typeof send>[3]][] = [
    [tk.applicant, 'SUBMIT'],
    [tk.unit, 'START_UNIT_PUBLICITY'],
    [tk.unit, 'UNIT_VERIFY_FACT'],
  ];
  for (const [token, type] of steps) expect((await send(t, id, token, type, validPayloads[type])).statusCode).toBe(200);
  await setClock(t, '2021-08-09T02:00:00.000Z');
  for (const [token, type] of [
    [tk.unit, 'UNIT_APPROVE'],
    [tk.hr, 'HR_VERIFY_FACT'],
    [tk.hr, 'AUDIT_APPROVE'],
    [tk.committee, 'PAPER_RECEIVED'],
  ] as const) {
    const { context } = (await t.app.inject({ url: `/v1/applications/${id}`, headers: auth(tk.admin) })).json();
    expect((await send(t, id, token, type, validPayload(type, context))).statusCode).toBe(200);
  }
  await setClock(t, '2021-08-20T02:00:00.000Z');

  const failing = async () => {
    throw new Error('gateway down');
  };
  expect(await deliverOutbox(t.database.db, t.clock, failing)).toBe(1);
  const sent: OutboxMessage[] = [];
  const capture = async (m: OutboxMessage) => {
    sent.push(m);
  };
  expect(await deliverOutbox(t.database.db, t.clock, capture)).toBe(1);
  expect(await deliverOutbox(t.database.db, t.clock, capture)).toBe(0);
  expect(sent).toHaveLength(1);
  expect(sent[0]).toMatchObject({ applicationId: id, kind: 'feeDue', payload: { idNumber, amount: 100 } });
});

import { afterAll, beforeAll, expect, it } from 'vitest';
import { createDraft, createPlan, send, type TestApp, testApp, tokensFor } from '../support/app';
import { idNumberFor } from '../support/factories';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => {
  await t?.close();
});

it('counts requests by route and status, and application events by type and status', async () => {
  const idNumber = idNumberFor(5);
  const tk = tokensFor(t, idNumber);
  const id = await createDraft(t, await createPlan(t), idNumber);
  expect((await send(t, id, tk.applicant, 'SUBMIT', { commitmentSigned: true })).statusCode).toBe(200);
  expect((await send(t, id, tk.applicant, 'SUBMIT', { commitmentSigned: true })).statusCode).toBe(409);
  const res = await t.app.inject({ url: '/metrics' });
  expect(res.headers['content-type']).toContain('text/plain');
  expect(res.body).toContain('application_events_total{type="SUBMIT",status="200"} 1');
  expect(res.body).toContain('application_events_total{type="SUBMIT",status="409"} 1');
  expect(res.body).toMatch(/http_requests_total\{method="POST",route="\/v1\/applications",status="201"\} 1/);
  expect(res.body).toMatch(/process_resident_memory_bytes \d+/);
});

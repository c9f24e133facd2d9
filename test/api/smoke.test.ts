import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validFacts } from '../machines/rules/fixtures';
import { auth, createDraft, createPlan, send, setClock, type TestApp, testApp, tokensFor } from '../support/app';
import { idNumberFor, unitId, validPayload, validPayloads } from '../support/factories';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => {
  await t?.close();
});

describe('happy path', () => {
  it('walks an application from draft to certified', async () => {
    const planId = await createPlan(t);
    const idNumber = idNumberFor(1);
    const tk = tokensFor(t, idNumber);
    const plans = (await t.app.inject({ url: '/v1/plans', headers: auth(tk.applicant) })).json().items;
    expect(plans).toEqual([expect.objectContaining({ id: planId, fee: 100, createdBy: 'admin', createdAt: '2021-08-02T02:00:00.000Z' })]);
    const id = await createDraft(t, planId, idNumber);
    const listed = (await t.app.inject({ url: '/v1/applications', headers: auth(tk.admin) })).json().items;
    expect(listed).toEqual([expect.objectContaining({ id, state: 'draft', createdAt: '2021-08-02T02:00:00.000Z' })]);
    let context = (await t.app.inject({ url: `/v1/applications/${id}`, headers: auth(tk.applicant) })).json().context;
    const step = async (token: string, type: Parameters<typeof send>[3], expected: string) => {
      const res = await send(t, id, token, type, validPayload(type, context));
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().state).toBe(expected);
      context = res.json().context;
    };
    await step(tk.applicant, 'SUBMIT', 'submitted');
    await step(tk.unit, 'START_UNIT_PUBLICITY', 'unitPublicity');
    await step(tk.unit, 'UNIT_VERIFY_FACT', 'unitPublicity');
    await setClock(t, '2021-08-09T02:00:00.000Z');
    await step(tk.unit, 'UNIT_APPROVE', 'municipalAudit');
    await step(tk.hr, 'HR_VERIFY_FACT', 'municipalAudit');
    await step(tk.hr, 'AUDIT_APPROVE', 'paperSubmission');
    await step(tk.committee, 'PAPER_RECEIVED', 'qualificationPublicity');
    expect(await setClock(t, '2021-08-20T02:00:00.000Z')).toBe(1);
    const after = await t.app.inject({ url: `/v1/applications/${id}`, headers: auth(tk.applicant) });
    expect(after.json().state).toBe('feePayment');
    await step(tk.applicant, 'PAY_FEE', 'interview.awaitingSchedule');
    await step(tk.committee, 'SCHEDULE_INTERVIEW', 'interview.scheduled');
    await setClock(t, context.interview!.time);
    await step(tk.committee, 'RECORD_ATTENDANCE', 'interview.deliberation');
    await step(tk.committee, 'REVIEW_PASS', 'resultPublicity');
    expect(await setClock(t, '2021-11-01T02:00:00.000Z')).toBe(1);
    const cert = await t.app.inject({ url: `/v1/applications/${id}/certificate`, headers: auth(tk.applicant) });
    expect(cert.statusCode, cert.body).toBe(200);
    await step(tk.hr, 'REVOKE', 'revoked');
    const gone = await t.app.inject({ url: `/v1/applications/${id}/certificate`, headers: auth(tk.applicant) });
    expect(gone.statusCode).toBe(410);
    expect(gone.json().code).toBe('CERTIFICATE_REVOKED');
  });
});

describe('one application per person and plan', () => {
  it('refuses a second open application for the same plan with 409 DUPLICATE_APPLICATION, and allows one after a withdrawal', async () => {
    const planId = await createPlan(t);
    const idNumber = idNumberFor(2);
    const tk = tokensFor(t, idNumber);
    const first = await createDraft(t, planId, idNumber);
    const again = await t.app.inject({
      method: 'POST',
      url: '/v1/applications',
      headers: auth(tk.applicant),
      payload: { planId, unitId, facts: validFacts() },
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('DUPLICATE_APPLICATION');
    expect((await send(t, first, tk.applicant, 'WITHDRAW', validPayloads.WITHDRAW)).statusCode).toBe(200);
    expect(await createDraft(t, planId, idNumber)).not.toBe(first);
  });
});

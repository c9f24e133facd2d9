import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outbox } from '../../src/db/schema';
import { auth, createPlan, send, setClock, type TestApp, testApp } from '../support/app';
import { planBody, validPayloads } from '../support/factories';
import { footprint, view } from './support/inspect';
import { pdfFile, upload } from './support/materials';
import { expectOk, expectProblem } from './support/problem';
import { replayAllThenClose } from './support/replay';
import { createPlanWith, freshDraft, T0, verifyFacts, walkTo } from './support/walk';

// Issue 10: where the service narrowed or contradicted the notice, in the steps after
// submission. Expected values come from the notice's clauses and the issue, not from the code.

let t: TestApp;
let junior: string;
beforeAll(async () => {
  t = await testApp(T0);
  junior = await createPlan(t);
});
afterAll(async () => {
  await replayAllThenClose(t);
});

const draft = (planId = junior) => freshDraft(t, planId);

describe('a draft returned after the window closed', () => {
  it("may be resubmitted within the plan's working days after the return, and not after", async () => {
    // The factory plan closes 2021-09-30; returned on Thursday 2021-09-30, 3 working days: 10-08, 10-09 (调休), 10-11.
    const planId = await createPlanWith(t, { ...planBody('junior'), resubmitWorkingDays: 3 });
    const { id, tk } = await draft(planId);
    expectOk(await send(t, id, tk.applicant, 'SUBMIT', { commitmentSigned: true }));
    await setClock(t, '2021-09-30T02:00:00.000Z');
    const returned = expectOk(await send(t, id, tk.unit, 'RETURN_TO_APPLICANT', { reason: '缺少附件' }));
    expect(returned.context.returned).toEqual({ at: '2021-09-30T02:00:00.000Z', resubmitBy: '2021-10-11' });
    await setClock(t, '2021-10-11T09:00:00.000Z');
    expect(expectOk(await send(t, id, tk.applicant, 'SUBMIT', { commitmentSigned: true })).state).toBe('submitted');

    expectOk(await send(t, id, tk.unit, 'RETURN_TO_APPLICANT', { reason: '仍缺少附件' }));
    await setClock(t, '2021-10-25T02:00:00.000Z');
    const before = await footprint(t, id);
    const closed = expectProblem(await send(t, id, tk.applicant, 'SUBMIT', { commitmentSigned: true }), 422, 'PLAN_CLOSED');
    // Returned again on Monday 10-11: 10-12, 10-13, 10-14.
    expect(closed).toMatchObject({ closesAt: '2021-09-30', resubmitBy: '2021-10-14' });
    expect(await footprint(t, id)).toEqual(before);
  });

  it('gives a fresh draft after the window nothing', async () => {
    const { id, tk } = await draft();
    await setClock(t, '2021-10-08T02:00:00.000Z');
    expectProblem(await send(t, id, tk.applicant, 'SUBMIT', { commitmentSigned: true }), 422, 'PLAN_CLOSED');
  });
});

describe('fees as plan data (四)', () => {
  it("charges the plan's fee, and the notice's by default", async () => {
    const planId = await createPlanWith(t, { ...planBody('junior'), fee: 150 });
    const plans = expectOk(await t.app.inject({ url: '/v1/plans', headers: auth(t.token({ sub: 'a', role: 'admin' })) })).items;
    expect(plans.find((p: { id: string }) => p.id === planId).fee).toBe(150);
    expect(plans.find((p: { id: string }) => p.id === junior).fee).toBe(100);
    const { id, tk } = await draft(planId);
    await walkTo(t, id, tk, 'feePayment');
    expect(expectProblem(await send(t, id, tk.applicant, 'PAY_FEE', { amount: 100 }), 422, 'FEE_MISMATCH').expected).toBe(150);
    expect(expectOk(await send(t, id, tk.applicant, 'PAY_FEE', { amount: 150 })).state).toBe('interview.awaitingSchedule');
  });
});

describe('the interview notice (三(三))', () => {
  it('refuses a time in the past, and tells the applicant time and place through the outbox', async () => {
    const { id, tk } = await draft();
    await walkTo(t, id, tk, 'interview.awaitingSchedule');
    const past = new Date(t.clock.now().getTime() - 3600_000).toISOString();
    const refused = expectProblem(
      await send(t, id, tk.committee, 'SCHEDULE_INTERVIEW', { time: past, place: '615办公室' }),
      422,
      'DATE_IN_PAST',
    );
    expect(refused.field).toBe('time');
    expectOk(await send(t, id, tk.committee, 'SCHEDULE_INTERVIEW', validPayloads.SCHEDULE_INTERVIEW));
    const notices = await t.database.db.select().from(outbox).where(eq(outbox.applicationId, id));
    expect(notices.filter((n) => n.kind === 'interviewScheduled').map((n) => n.payload)).toEqual([
      expect.objectContaining({ time: validPayloads.SCHEDULE_INTERVIEW.time, place: validPayloads.SCHEDULE_INTERVIEW.place }),
    ]);
  });
});

describe('declared and verified facts (SPEC §9)', () => {
  it('keeps the municipal audit from approving until the unit and the bureau have verified what comes from records', async () => {
    const { id, tk } = await draft();
    expectOk(await send(t, id, tk.applicant, 'SUBMIT', { commitmentSigned: true }));
    expectOk(await send(t, id, tk.unit, 'START_UNIT_PUBLICITY', { startDate: '2021-08-02' }));
    await setClock(t, '2021-08-09T02:00:00.000Z');
    expectOk(await send(t, id, tk.unit, 'UNIT_APPROVE', validPayloads.UNIT_APPROVE));
    const refused = expectProblem(await send(t, id, tk.hr, 'AUDIT_APPROVE', {}), 422, 'FACTS_UNVERIFIED');
    expect(refused.unverified).toEqual(['socialInsurance', 'education']);
    expect((await view(t, id, tk.hr)).blockedEvents).toEqual([
      expect.objectContaining({ type: 'AUDIT_APPROVE', code: 'FACTS_UNVERIFIED' }),
    ]);
    // The unit's part can no longer be done at the audit; the bureau's part can.
    expectProblem(await send(t, id, tk.unit, 'UNIT_VERIFY_FACT', validPayloads.UNIT_VERIFY_FACT), 409, 'ILLEGAL_TRANSITION');
    await verifyFacts(t, id, tk, 'hr');
    expect(expectProblem(await send(t, id, tk.hr, 'AUDIT_APPROVE', {}), 422, 'FACTS_UNVERIFIED').unverified).toEqual(['socialInsurance']);
    const verified = (await view(t, id)).context.verifications;
    expect(verified.education).toEqual({ at: '2021-08-09T02:00:00.000Z', note: '已与档案核对' });
  });

  it('lets each reviewer vouch only for its own facts', async () => {
    const { id, tk } = await draft();
    expectOk(await send(t, id, tk.applicant, 'SUBMIT', { commitmentSigned: true }));
    expectProblem(await send(t, id, tk.unit, 'UNIT_VERIFY_FACT', { fact: 'education', note: 'x' }), 400, 'VALIDATION_FAILED');
    expectProblem(await send(t, id, tk.hr, 'UNIT_VERIFY_FACT', validPayloads.UNIT_VERIFY_FACT), 403, 'FORBIDDEN');
    expectProblem(await send(t, id, tk.unit, 'HR_VERIFY_FACT', validPayloads.HR_VERIFY_FACT), 403, 'FORBIDDEN');
  });

  it('asks for hours at the intermediate level and for the post at a public institution', async () => {
    const planId = await createPlan(t, 'intermediate');
    const { id, tk } = await draft(planId);
    expectOk(
      await send(t, id, tk.applicant, 'UPDATE_DRAFT', {
        facts: { unitType: 'publicInstitution', postVacancy: true },
      }),
    );
    await upload(t, id, tk.applicant, { kind: 'postInfoForm', name: '岗位信息表.pdf', bytes: pdfFile(1500, 41) });
    await walkTo(t, id, tk, 'unitPublicity');
    await setClock(t, '2021-08-09T02:00:00.000Z');
    expectOk(await send(t, id, tk.unit, 'UNIT_APPROVE', validPayloads.UNIT_APPROVE));
    expect(expectProblem(await send(t, id, tk.hr, 'AUDIT_APPROVE', {}), 422, 'FACTS_UNVERIFIED').unverified).toEqual([
      'socialInsurance',
      'post',
      'education',
      'continuingEducation',
    ]);
  });

  it('withdraws a verification when the applicant changes the fact after a return', async () => {
    const { id, tk } = await draft();
    expectOk(await send(t, id, tk.applicant, 'SUBMIT', { commitmentSigned: true }));
    await verifyFacts(t, id, tk, 'unit');
    expect(Object.keys((await view(t, id)).context.verifications).sort()).toEqual(['post', 'socialInsurance']);
    expectOk(await send(t, id, tk.unit, 'RETURN_TO_APPLICANT', { reason: '请核对社保起始日期' }));
    expectOk(await send(t, id, tk.applicant, 'UPDATE_DRAFT', { facts: { socialInsuranceSince: '2018-04-01' } }));
    expect(Object.keys((await view(t, id)).context.verifications)).toEqual(['post']);
    // An edit that leaves the fact as it was keeps the verification; a change withdraws it.
    expectOk(await send(t, id, tk.applicant, 'UPDATE_DRAFT', { facts: { postVacancy: false } }));
    expect(Object.keys((await view(t, id)).context.verifications)).toEqual(['post']);
    expectOk(await send(t, id, tk.applicant, 'UPDATE_DRAFT', { facts: { postVacancy: true } }));
    expect((await view(t, id)).context.verifications).toEqual({});
  });
});

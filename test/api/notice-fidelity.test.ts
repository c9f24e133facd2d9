import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outbox } from '../../src/db/schema';
import { auth, createDraft, createPlan, send, setClock, type TestApp, testApp, tokensFor } from '../support/app';
import { planBody, validPayloads } from '../support/factories';
import { fingerprint } from '../support/fingerprint';
import { footprint, view } from './support/inspect';
import { pdfFile, upload } from './support/materials';
import { expectOk, expectProblem } from './support/problem';
import { replayAllThenClose } from './support/replay';
import { createPlanWith, nextIdNumber, T0, type Tokens, verifyFacts, walkTo } from './support/walk';

// Issue 10: where the service narrowed or contradicted the notice. Expected values come
// from the notice's clauses and the issue, not from the code.

let t: TestApp;
let junior: string;
beforeAll(async () => {
  t = await testApp(T0);
  junior = await createPlan(t);
});
afterAll(async () => {
  await replayAllThenClose(t);
});

async function draft(planId = junior): Promise<{ id: string; tk: Tokens }> {
  await setClock(t, T0);
  const idNumber = nextIdNumber();
  return { id: await createDraft(t, planId, idNumber), tk: tokensFor(t, idNumber) };
}

const failingIds = (problem: Record<string, any>) => (problem.failures as { id: string }[]).map((f) => f.id).sort();

describe('education below 大专 (二(二))', () => {
  const secondary = {
    education: {
      level: 'secondary',
      graduatedOn: '2008-07-01',
      origin: 'domestic',
      proof: { systemExtracted: false },
    },
  };
  const uploadDiploma = (id: string, tk: Tokens) =>
    upload(t, id, tk.applicant, { kind: 'educationCertificate', name: '中专毕业证书.pdf', bytes: pdfFile(1500, 40) });

  it('may apply for the junior review, with the diploma as proof and no 初定 warning', async () => {
    const { id, tk } = await draft();
    expectOk(await send(t, id, tk.applicant, 'UPDATE_DRAFT', { facts: { ...secondary, engineeringWorkSince: '2010-03-01' } }));
    await uploadDiploma(id, tk);
    const submitted = expectOk(await send(t, id, tk.applicant, 'SUBMIT', { commitmentSigned: true }));
    expect(submitted.state).toBe('submitted');
    expect(submitted.context.warnings).toEqual([]);
  });

  it('needs the diploma uploaded', async () => {
    const { id, tk } = await draft();
    expectOk(await send(t, id, tk.applicant, 'UPDATE_DRAFT', { facts: secondary }));
    const problem = expectProblem(await send(t, id, tk.applicant, 'SUBMIT', { commitmentSigned: true }), 422, 'NOT_ELIGIBLE');
    expect(failingIds(problem)).toEqual(['education-proof']);
  });

  it('meets no intermediate route', async () => {
    const { id, tk } = await draft(await createPlan(t, 'intermediate'));
    expectOk(await send(t, id, tk.applicant, 'UPDATE_DRAFT', { facts: secondary }));
    await uploadDiploma(id, tk);
    const problem = expectProblem(await send(t, id, tk.applicant, 'SUBMIT', { commitmentSigned: true }), 422, 'NOT_ELIGIBLE');
    expect(failingIds(problem)).toEqual(['intermediate-seniority']);
  });
});

describe('insurance and seniority as 一(一), 一(三) and 五(三) read', () => {
  const submit = async (id: string, tk: Tokens) => send(t, id, tk.applicant, 'SUBMIT', { commitmentSigned: true });

  it('takes a posted applicant with under a year of branch insurance once the out-of-city proof is uploaded', async () => {
    const { id, tk } = await draft();
    const posted = { unitInCixi: false, postedToBranchElsewhere: true, socialInsuranceSince: '2021-06-01' };
    expectOk(await send(t, id, tk.applicant, 'UPDATE_DRAFT', { facts: posted }));
    expect(failingIds(expectProblem(await submit(id, tk), 422, 'NOT_ELIGIBLE'))).toEqual(['social-insurance-proof']);
    await upload(t, id, tk.applicant, { kind: 'socialInsuranceProof', name: '市外社保证明.pdf', bytes: pdfFile(1200, 7) });
    expect(expectOk(await submit(id, tk)).state).toBe('submitted');
  });

  it('asks the proof of anyone whose insurance the platform cannot read', async () => {
    const { id, tk } = await draft();
    expectOk(await send(t, id, tk.applicant, 'UPDATE_DRAFT', { facts: { socialInsuranceOnRecord: false } }));
    expect(failingIds(expectProblem(await submit(id, tk), 422, 'NOT_ELIGIBLE'))).toEqual(['social-insurance-proof']);
  });

  it('counts a qualification from where registration, insurance and appointment coincide, and shows the dates', async () => {
    const { id, tk } = await draft(await createPlan(t, 'intermediate'));
    // A 大专 graduate needs 4 years as 助理工程师 by 2021-12-31: from 2018-01-01 at the latest.
    const facts = {
      registeredQualificationSince: '2016-07-01',
      socialInsuranceSince: '2016-07-01',
      qualificationAppointedSince: '2018-01-02',
    };
    expectOk(await send(t, id, tk.applicant, 'UPDATE_DRAFT', { facts }));
    const problem = expectProblem(await submit(id, tk), 422, 'NOT_ELIGIBLE');
    expect(failingIds(problem)).toEqual(['intermediate-seniority']);
    expect(problem.failures[0].message.zh).toContain('注册2016-07-01、社保2016-07-01、聘任2018-01-02');
    expectOk(await send(t, id, tk.applicant, 'UPDATE_DRAFT', { facts: { qualificationAppointedSince: '2018-01-01' } }));
    expect(expectOk(await submit(id, tk)).state).toBe('submitted');
  });
});

describe('the 高技能人才 route (一(二)), as plan data', () => {
  // The plan states the route (甬人社发〔2019〕60号 is not in our material): 技师 three years on for 工程师.
  const skilledOnly = (certifiedOn: string, level = 'technician') => ({
    engineeringWorkSince: null,
    assistantEngineerSince: null,
    registeredQualificationSince: null,
    skill: { level, certifiedOn },
  });

  it("takes a 技师 of three years without education seniority, shows the plan's routes, and has the bureau verify the skill", async () => {
    const planId = await createPlanWith(t, { ...planBody('intermediate'), skilledRoutes: [{ skillLevel: 'technician', years: 3 }] });
    const plans = (await t.app.inject({ method: 'GET', url: '/v1/plans', headers: auth(t.token({ sub: 'admin', role: 'admin' })) })).json();
    expect(plans.items.find((p: { id: string }) => p.id === planId).skilledRoutes).toEqual([{ skillLevel: 'technician', years: 3 }]);

    const { id, tk } = await draft(planId);
    expectOk(await send(t, id, tk.applicant, 'UPDATE_DRAFT', { facts: skilledOnly('2019-01-02') }));
    const refused = expectProblem(await send(t, id, tk.applicant, 'SUBMIT', { commitmentSigned: true }), 422, 'NOT_ELIGIBLE');
    expect(failingIds(refused)).toEqual(['intermediate-seniority']);
    expect(refused.failures[0].message.zh).toContain('技师，2019-01-02取得');

    expectOk(await send(t, id, tk.applicant, 'UPDATE_DRAFT', { facts: skilledOnly('2019-01-01') }));
    await walkTo(t, id, tk, 'municipalAudit');
    await verifyFacts(t, id, tk, 'hr');
    expect(expectProblem(await send(t, id, tk.hr, 'AUDIT_APPROVE', {}), 422, 'FACTS_UNVERIFIED').unverified).toEqual(['skill']);
    expectOk(await send(t, id, tk.hr, 'HR_VERIFY_FACT', { fact: 'skill', note: '已核对职业技能等级证书' }));
    expect(expectOk(await send(t, id, tk.hr, 'AUDIT_APPROVE', {})).state).toBe('paperSubmission');
  });

  it('gives a skill below the route no weight', async () => {
    const planId = await createPlanWith(t, { ...planBody('intermediate'), skilledRoutes: [{ skillLevel: 'technician', years: 3 }] });
    const { id, tk } = await draft(planId);
    expectOk(await send(t, id, tk.applicant, 'UPDATE_DRAFT', { facts: skilledOnly('2001-01-01', 'seniorWorker') }));
    const refused = expectProblem(await send(t, id, tk.applicant, 'SUBMIT', { commitmentSigned: true }), 422, 'NOT_ELIGIBLE');
    expect(failingIds(refused)).toEqual(['intermediate-seniority']);
  });
});

describe('a plan its level cannot be reviewed against (二(一), 二(二))', () => {
  it('is refused with 422 PLAN_INCOMPLETE naming what it lacks, and nothing is written', async () => {
    const admin = auth(t.token({ sub: 'admin', role: 'admin' }));
    const before = await fingerprint(t.database.db);
    for (const [level, lacking] of [
      ['junior', 'scoringItems'],
      ['intermediate', 'intermediateRoutes'],
    ] as const) {
      const res = await t.app.inject({ method: 'POST', url: '/v1/plans', headers: admin, payload: { ...planBody(level), [lacking]: [] } });
      expect(expectProblem(res, 422, 'PLAN_INCOMPLETE').missing).toEqual([lacking]);
    }
    expect(await fingerprint(t.database.db)).toEqual(before);
    // What the other level needs is not asked of it.
    expect(
      (await t.app.inject({ method: 'POST', url: '/v1/plans', headers: admin, payload: { ...planBody('junior'), intermediateRoutes: [] } }))
        .statusCode,
    ).toBe(201);
  });
});

describe('scoring items with caps (附件2)', () => {
  // The factory applicant claims project-lead 60 + paper 40 + patent 30 = 130 ≥ 120.
  const achievements = (papers: number) => [
    { itemId: 'project-lead', achievedOn: '2020-05-01', specialty: '建设工程' },
    ...Array.from({ length: papers }, (_, i) => ({ itemId: 'paper', achievedOn: `2020-0${i + 1}-10`, specialty: '建设工程' })),
  ];

  it('counts an item no more often than its maxCount', async () => {
    const capped = planBody('junior');
    capped.scoringItems = capped.scoringItems.map((item) => (item.id === 'paper' ? { ...item, maxCount: 1 } : item));
    const { id, tk } = await draft(await createPlanWith(t, capped));
    // 60 + one paper counted of three = 100 < 120; uncapped it would be 180.
    expectOk(await send(t, id, tk.applicant, 'UPDATE_DRAFT', { facts: { achievements: achievements(3) } }));
    const problem = expectProblem(await send(t, id, tk.applicant, 'SUBMIT', { commitmentSigned: true }), 422, 'NOT_ELIGIBLE');
    expect(failingIds(problem)).toEqual(['junior-score']);
  });

  it("adds no more than an item's maxPoints", async () => {
    const capped = planBody('junior');
    capped.scoringItems = capped.scoringItems.map((item) => (item.id === 'paper' ? { ...item, maxPoints: 50 } : item));
    const { id, tk } = await draft(await createPlanWith(t, capped));
    // 60 + min(3 × 40, 50) = 110 < 120.
    expectOk(await send(t, id, tk.applicant, 'UPDATE_DRAFT', { facts: { achievements: achievements(3) } }));
    expectProblem(await send(t, id, tk.applicant, 'SUBMIT', { commitmentSigned: true }), 422, 'NOT_ELIGIBLE');
    // Without caps the same claims pass.
    const { id: free, tk: freeTk } = await draft();
    expectOk(await send(t, free, freeTk.applicant, 'UPDATE_DRAFT', { facts: { achievements: achievements(3) } }));
    expect(expectOk(await send(t, free, freeTk.applicant, 'SUBMIT', { commitmentSigned: true })).state).toBe('submitted');
  });
});

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

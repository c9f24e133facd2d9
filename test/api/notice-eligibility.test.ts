import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, createPlan, send, type TestApp, testApp } from '../support/app';
import { planBody } from '../support/factories';
import { fingerprint } from '../support/fingerprint';
import { pdfFile, upload } from './support/materials';
import { expectOk, expectProblem } from './support/problem';
import { replayAllThenClose } from './support/replay';
import { createPlanWith, freshDraft, T0, type Tokens, verifyFacts, walkTo } from './support/walk';

// Issue 10: where the service narrowed or contradicted the notice, in whom it lets apply.
// Expected values come from the notice's clauses and the issue, not from the code.

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

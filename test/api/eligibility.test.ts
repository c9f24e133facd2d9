import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, createDraft, createPlan, send, setClock, type TestApp, testApp, tokensFor } from '../support/app';
import { validPayloads } from '../support/factories';
import { footprint, history, view } from './support/inspect';
import { pdfFile, upload } from './support/materials';
import { expectOk, expectProblem } from './support/problem';
import { replayAllThenClose } from './support/replay';
import { nextIdNumber, T0, type Tokens, walkTo } from './support/walk';

let t: TestApp;
let junior: string;
let intermediate: string;
beforeAll(async () => {
  t = await testApp(T0);
  junior = await createPlan(t);
  intermediate = await createPlan(t, 'intermediate');
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

describe('SUBMIT eligibility (SPEC §4)', () => {
  it('lists every failing rule, with its clause, and writes nothing', async () => {
    const { id, tk } = await draft();
    expectOk(
      await send(t, id, tk.applicant, 'UPDATE_DRAFT', {
        facts: {
          unitInCixi: false,
          annualAssessments: [
            { year: 2018, result: 'competent' },
            { year: 2019, result: 'incompetent' },
            { year: 2020, result: 'competent' },
          ],
        },
      }),
    );
    const before = await footprint(t, id);
    const problem = expectProblem(await send(t, id, tk.applicant, 'SUBMIT', { commitmentSigned: false }), 422, 'NOT_ELIGIBLE');
    expect(failingIds(problem)).toEqual(['annual-assessment', 'commitment', 'scope']);
    for (const f of problem.failures) expect(f.clause).toMatch(/^[一二三四五六]\(/);
    expect(problem.state).toBe('draft');
    expect(await footprint(t, id)).toEqual(before);

    // Fixing the facts one by one shrinks the list to nothing.
    expectOk(await send(t, id, tk.applicant, 'UPDATE_DRAFT', { facts: { unitInCixi: true } }));
    expect(failingIds(expectProblem(await send(t, id, tk.applicant, 'SUBMIT', { commitmentSigned: true }), 422, 'NOT_ELIGIBLE'))).toEqual([
      'annual-assessment',
    ]);
    expectOk(
      await send(t, id, tk.applicant, 'UPDATE_DRAFT', {
        facts: {
          annualAssessments: [
            { year: 2018, result: 'competent' },
            { year: 2019, result: 'competent' },
            { year: 2020, result: 'competent' },
          ],
        },
      }),
    );
    expect(expectOk(await send(t, id, tk.applicant, 'SUBMIT', { commitmentSigned: true })).state).toBe('submitted');
  });

  it("checks the level's own rules: intermediate needs public hours, junior the score", async () => {
    const mid = await draft(intermediate);
    expectOk(
      await send(t, mid.id, mid.tk.applicant, 'UPDATE_DRAFT', {
        facts: {
          continuingEducation: [
            { year: 2019, publicHours: 10, professionalHours: 0 },
            { year: 2020, publicHours: 18, professionalHours: 0 },
            { year: 2021, publicHours: 18, professionalHours: 0 },
          ],
        },
      }),
    );
    expect(failingIds(expectProblem(await send(t, mid.id, mid.tk.applicant, 'SUBMIT', validPayloads.SUBMIT), 422, 'NOT_ELIGIBLE'))).toEqual(
      ['continuing-education'],
    );
    const jr = await draft(junior);
    expectOk(
      await send(t, jr.id, jr.tk.applicant, 'UPDATE_DRAFT', {
        facts: { achievements: [{ itemId: 'project-lead', achievedOn: '2020-05-01', specialty: '水利' }] },
      }),
    );
    expect(failingIds(expectProblem(await send(t, jr.id, jr.tk.applicant, 'SUBMIT', validPayloads.SUBMIT), 422, 'NOT_ELIGIBLE'))).toEqual([
      'junior-score',
    ]);
  });

  it('refuses outside the plan window with 422 PLAN_CLOSED, on either side, and accepts on both edge days', async () => {
    const { id, tk } = await draft();
    const before = await footprint(t, id);
    // 2021-07-29 23:30 in Shanghai: still the day before the window opens.
    await setClock(t, '2021-07-29T15:30:00.000Z');
    const early = expectProblem(await send(t, id, tk.applicant, 'SUBMIT', validPayloads.SUBMIT), 422, 'PLAN_CLOSED');
    expect(early).toMatchObject({ opensAt: '2021-07-30', closesAt: '2021-09-30' });
    // 2021-10-01 00:30 in Shanghai, though still 09-30 in UTC: 逾期不再受理.
    await setClock(t, '2021-09-30T16:30:00.000Z');
    expectProblem(await send(t, id, tk.applicant, 'SUBMIT', validPayloads.SUBMIT), 422, 'PLAN_CLOSED');
    expect(await footprint(t, id)).toEqual(before);
    await setClock(t, '2021-09-30T15:59:00.000Z');
    expectOk(await send(t, id, tk.applicant, 'SUBMIT', validPayloads.SUBMIT));
    const other = await draft();
    await setClock(t, '2021-07-29T16:00:00.000Z');
    expectOk(await send(t, other.id, other.tk.applicant, 'SUBMIT', validPayloads.SUBMIT));
  });

  it('refuses an invalid ID number or impossible dates with 400', async () => {
    const { id, tk } = await draft();
    const before = await footprint(t, id);
    for (const facts of [{ birthDate: '1990-02-30' }, { socialInsuranceSince: '2018-3-1' }, { engineeringWorkSince: '2019-00-10' }]) {
      expectProblem(await send(t, id, tk.applicant, 'UPDATE_DRAFT', { facts }), 400, 'VALIDATION_FAILED');
    }
    // A real date, but not the one the ID number carries.
    expectProblem(await send(t, id, tk.applicant, 'UPDATE_DRAFT', { facts: { birthDate: '1985-01-01' } }), 400, 'VALIDATION_FAILED');
    const { context } = await view(t, id);
    expectProblem(
      await t.app.inject({
        method: 'POST',
        url: '/v1/applications',
        headers: auth(tk.applicant),
        payload: { planId: junior, unitId: context.unitId, facts: { ...context.facts, birthDate: '1990-05-13' } },
      }),
      400,
      'VALIDATION_FAILED',
    );
    expectProblem(await send(t, id, tk.applicant, 'WITHDRAW', { reason: '' }), 400, 'VALIDATION_FAILED');
    const admin = auth(tk.admin);
    for (const bad of ['330282199005125', '330282199005120010', '330282199002300011', 'abc']) {
      expectProblem(await t.app.inject({ url: `/v1/bans?idNumber=${bad}`, headers: admin }), 400, 'VALIDATION_FAILED');
    }
    expectProblem(
      await t.app.inject({
        method: 'POST',
        url: '/v1/plans',
        headers: admin,
        payload: { year: 2022, level: 'junior', specialty: '水利', opensAt: '2022-09-01', closesAt: '2022-08-01' },
      }),
      400,
      'VALIDATION_FAILED',
    );
    expectProblem(
      await t.app.inject({
        method: 'POST',
        url: '/v1/plans',
        headers: admin,
        payload: { year: 2022, level: 'junior', specialty: '水利', opensAt: '2022-02-30', closesAt: '2022-08-01' },
      }),
      400,
      'VALIDATION_FAILED',
    );
    expect(await footprint(t, id)).toEqual(before);
  });
});

describe('materials freeze (五(一))', () => {
  it('refuses UPDATE_DRAFT after SUBMIT with 409 MATERIALS_FROZEN until RETURN_TO_APPLICANT reopens the draft', async () => {
    const { id, tk } = await draft();
    const uploaded = await upload(t, id, tk.applicant, { kind: 'achievement', name: '业绩.pdf', bytes: pdfFile() });
    const material = { kind: 'achievement', name: '业绩.pdf', sha256: uploaded.json().material.sha256 };
    await walkTo(t, id, tk, 'submitted');
    for (const state of ['submitted', 'unitPublicity'] as const) {
      await walkTo(t, id, tk, state);
      const before = await footprint(t, id);
      const problem = expectProblem(await send(t, id, tk.applicant, 'UPDATE_DRAFT', { facts: { name: '改名' } }), 409, 'MATERIALS_FROZEN');
      expect(problem.state).toBe(state);
      expect(await footprint(t, id)).toEqual(before);
    }
    expectOk(await send(t, id, tk.unit, 'RETURN_TO_APPLICANT', { reason: '请补充业绩证明' }));
    const updated = expectOk(
      await send(t, id, tk.applicant, 'UPDATE_DRAFT', {
        facts: { name: '改名' },
        materials: [{ ...material, name: '业绩证明.pdf' }],
      }),
    );
    expect(updated.state).toBe('draft');
    expect(updated.context.facts.name).toBe('改名');
    expect(updated.context.materials).toEqual([{ ...material, name: '业绩证明.pdf' }]);
    await walkTo(t, id, tk, 'submitted');
    expectProblem(await send(t, id, tk.applicant, 'UPDATE_DRAFT', { facts: { name: '再改' } }), 409, 'MATERIALS_FROZEN');
    expect((await view(t, id)).context.facts.name).toBe('改名');
    expect((await history(t, id)).map((e) => e.type)).toEqual([
      'xstate.init',
      'UPDATE_DRAFT',
      'SUBMIT',
      'START_UNIT_PUBLICITY',
      'RETURN_TO_APPLICANT',
      'UPDATE_DRAFT',
      'SUBMIT',
    ]);
  });
});

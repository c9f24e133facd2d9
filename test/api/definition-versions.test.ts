import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migration2021to2022 } from '../../machines/migrations/2021-to-2022';
import { auth, createDraft, createPlan, send, setClock, type TestApp, testApp, tokensFor } from '../support/app';
import { planBody, validPayloads } from '../support/factories';
import { history, view } from './support/inspect';
import { pdfFile, upload } from './support/materials';
import { expectOk, expectProblem } from './support/problem';
import { replayAllThenClose } from './support/replay';
import { applicationIn, createPlanWith, type MainState, mainPath, nextIdNumber, T0 } from './support/walk';

// Issue 15: every application runs on the definition version it started on; a newer version
// changes nothing for it until an admin migrates it, and a migration moves each application
// once, as a recorded event, where the mapping says.

let t: TestApp;
let plan2021: string;
let plan2022: string;
beforeAll(async () => {
  t = await testApp(T0);
  plan2021 = await createPlan(t, 'junior', 1);
  plan2022 = await createPlan(t, 'junior', 2);
});
afterAll(async () => {
  await replayAllThenClose(t);
});

const admin = () => t.token({ sub: 'admin', role: 'admin' });
const migrate = (path: string, body: object) =>
  t.app.inject({ method: 'POST', url: `/v1/migrations${path}`, headers: auth(admin()), payload: body });

/** A draft whose junior score is 110: 60 + 40 + 10 short of 2021's 120, enough for 2022's 100. */
async function draftScoring110(planId: string) {
  await setClock(t, T0);
  const idNumber = nextIdNumber();
  const id = await createDraft(t, planId, idNumber);
  const tk = tokensFor(t, idNumber);
  const achievements = [
    { itemId: 'project-lead', achievedOn: '2020-05-01', specialty: '建设工程' },
    { itemId: 'paper', achievedOn: '2019-11-20', specialty: '建设工程' },
  ];
  expectOk(await send(t, id, tk.applicant, 'UPDATE_DRAFT', { facts: { achievements } }));
  return { id, tk };
}

describe('definition versions', () => {
  it("starts an application on the version its plan names, else on version 1 (the notice's own), and says which", async () => {
    const { definitionVersion: _named, ...unnamedBody } = planBody('junior');
    const unnamed = await createPlanWith(t, unnamedBody);
    const [a, b, c] = [plan2021, plan2022, unnamed];
    const versionOf = async (planId: string) => (await view(t, await createDraft(t, planId, nextIdNumber()))).definitionVersion;
    expect([await versionOf(a!), await versionOf(b!), await versionOf(c!)]).toEqual([1, 2, 1]);
    // Every plan names the definition it runs, the unnamed one included (issue 24).
    const listed = expectOk(await t.app.inject({ url: '/v1/plans', headers: auth(admin()) })).items as {
      id: string;
      definitionVersion: number;
    }[];
    expect([a, b, c].map((id) => listed.find((p) => p.id === id)?.definitionVersion)).toEqual([1, 2, 1]);
  });

  it('refuses a plan naming a version that does not exist', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/plans',
      headers: auth(admin()),
      payload: { year: 2021, level: 'junior', specialty: '建设工程', opensAt: '2021-07-30', closesAt: '2021-09-30', definitionVersion: 9 },
    });
    expectProblem(res, 400, 'VALIDATION_FAILED');
  });

  it('shows any version of the machine', async () => {
    const get = async (query: string) => expectOk(await t.app.inject({ url: `/v1/machine${query}`, headers: auth(admin()) }));
    const unnamed = await get('');
    // The notice's own definition unless asked; version 2 is labelled as the example it is.
    expect(unnamed).toMatchObject({ version: 1, notice: '2021', kind: 'notice', defaultVersion: 1 });
    expect(unnamed.versions.map((v: Record<string, unknown>) => [v.version, v.notice, v.kind])).toEqual([
      [1, '2021', 'notice'],
      [2, '2022', 'example'],
    ]);
    expect(unnamed.versions[1].description).toMatch(/worked example.*not a real one.*Never a default/);
    const example = await get('?version=2');
    expect(example).toMatchObject({ version: 2, kind: 'example' });
    expect(JSON.stringify(unnamed.definition)).not.toContain('supplementRequested');
    expect(JSON.stringify(example.definition)).toContain('supplementRequested');
    expectProblem(await t.app.inject({ url: '/v1/machine?version=7', headers: auth(admin()) }), 400, 'VALIDATION_FAILED');
  });

  it('keeps applying the 2021 rules to an application on version 1 after version 2 is released', async () => {
    const old = await draftScoring110(plan2021);
    expect(
      failing(expectProblem(await send(t, old.id, old.tk.applicant, 'SUBMIT', { commitmentSigned: true }), 422, 'NOT_ELIGIBLE')),
    ).toEqual(['junior-score']);
    const young = await draftScoring110(plan2022);
    expect(expectOk(await send(t, young.id, young.tk.applicant, 'SUBMIT', { commitmentSigned: true })).state).toBe('submitted');
  });

  it('offers the supplementary-materials step on version 2 only', async () => {
    const old = await applicationIn(t, plan2021, 'submitted');
    expectProblem(
      await send(t, old.id, old.tk.unit, 'UNIT_REQUEST_SUPPLEMENT', validPayloads.UNIT_REQUEST_SUPPLEMENT),
      409,
      'ILLEGAL_TRANSITION',
    );
    const young = await applicationIn(t, plan2022, 'submitted');
    const asked = expectOk(await send(t, young.id, young.tk.unit, 'UNIT_REQUEST_SUPPLEMENT', validPayloads.UNIT_REQUEST_SUPPLEMENT));
    expect(asked.state).toBe('supplementRequested.byUnit');
    expect(asked.context.supplement).toMatchObject({ requestedBy: 'unit', items: validPayloads.UNIT_REQUEST_SUPPLEMENT.items });
    // Naming a file never uploaded is no answer; an upload alone changes nothing; the event naming it answers.
    expectProblem(
      await send(t, young.id, young.tk.applicant, 'SUPPLEMENT_PROVIDED', validPayloads.SUPPLEMENT_PROVIDED),
      422,
      'SUPPLEMENT_NOT_UPLOADED',
    );
    const res = await upload(t, young.id, young.tk.applicant, { kind: 'socialInsuranceProof', name: '社保缴费证明.pdf', bytes: pdfFile() });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().application.state).toBe('supplementRequested.byUnit');
    const { kind, name, sha256 } = res.json().material;
    const answered = expectOk(await send(t, young.id, young.tk.applicant, 'SUPPLEMENT_PROVIDED', { materials: [{ kind, name, sha256 }] }));
    expect(answered.state).toBe('submitted');
    expect(answered.context.materials).toEqual([expect.objectContaining({ kind: 'socialInsuranceProof', name: '社保缴费证明.pdf' })]);
    expect(answered.context.supplement).toBeNull();
  });

  it('returns the materials of a falsification found while supplements are awaited, as version 1 does (五(四))', async () => {
    const young = await applicationIn(t, plan2022, 'submitted');
    expectOk(await send(t, young.id, young.tk.unit, 'UNIT_REQUEST_SUPPLEMENT', validPayloads.UNIT_REQUEST_SUPPLEMENT));
    const found = expectOk(await send(t, young.id, young.tk.hr, 'FLAG_FALSIFIED', validPayloads.FLAG_FALSIFIED));
    expect(found.state).toBe('falsified');
    expect(found.context.materialsReturnedAt).not.toBeNull();
  });
});

const failing = (problem: Record<string, any>) => (problem.failures as { id: string }[]).map((f) => f.id);

/** Version-1 applications in every state of the 2021 machine. */
async function seedEveryState2021(planId: string): Promise<Map<string, string>> {
  const byState = new Map<string, string>();
  for (const state of mainPath) {
    const a = await applicationIn(t, planId, state as MainState);
    // An open objection holds a publicity while later walks move the clock past its end.
    if (state.endsWith('Publicity') && state !== 'unitPublicity') {
      expectOk(await send(t, a.id, a.tk.committee, 'RAISE_OBJECTION', validPayloads.RAISE_OBJECTION));
    }
    byState.set(state, a.id);
  }
  const closing: [string, MainState, Parameters<typeof send>[3], 'unit' | 'hr' | 'committee' | 'applicant'][] = [
    ['withdrawn', 'draft', 'WITHDRAW', 'applicant'],
    ['rejected', 'municipalAudit', 'AUDIT_REJECT', 'hr'],
    ['abandoned', 'interview.scheduled', 'MARK_NO_SHOW', 'committee'],
    ['falsified', 'submitted', 'FLAG_FALSIFIED', 'hr'],
    ['revoked', 'certified', 'REVOKE', 'hr'],
  ];
  for (const [state, via, type, role] of closing) {
    const a = await applicationIn(t, planId, via);
    const { interview } = (await view(t, a.id)).context;
    if (interview) await setClock(t, interview.time);
    expect(expectOk(await send(t, a.id, a.tk[role], type, validPayloads[type])).state).toBe(state);
    byState.set(state, a.id);
  }
  for (const [state, id] of byState) expect((await view(t, id)).state).toBe(state);
  return byState;
}

describe('migrating from version 1 to version 2', () => {
  it('dry-runs, then moves every application once, each as a recorded event, to where the mapping says', async () => {
    const planId = await createPlan(t, 'junior', 1);
    const seeded = await seedEveryState2021(planId);
    expect([...seeded.keys()].sort()).toEqual(Object.keys(migration2021to2022.states).sort());

    const dry = expectOk(await migrate('/dry-run', { from: 1, to: 2, planId })).items;
    expect(dry).toHaveLength(seeded.size);
    for (const item of dry) expect(item).toMatchObject({ outcome: 'wouldMove', to: migration2021to2022.states[item.state as never] });
    // A dry run writes nothing.
    for (const id of seeded.values()) expect((await view(t, id)).definitionVersion).toBe(1);

    // Interrupted half-way: the first run moved only some; running the whole again moves the rest, each once.
    const partial = expectOk(
      await migrate('', { from: 1, to: 2, planId, states: ['draft', 'feePayment', 'certified'], reason: '2022年度通知' }),
    );
    expect(partial.items.map((i: { state: string }) => i.state).sort()).toEqual(['certified', 'draft', 'feePayment']);
    const rest = expectOk(await migrate('', { from: 1, to: 2, planId, reason: '2022年度通知' }));
    expect({ moved: rest.moved, blocked: rest.blocked }).toEqual({ moved: seeded.size - 3, blocked: 0 });
    expect(expectOk(await migrate('', { from: 1, to: 2, planId, reason: '再次执行' })).moved).toBe(0);

    for (const [state, id] of seeded) {
      const v = await view(t, id);
      expect({ state: v.state, definitionVersion: v.definitionVersion }).toEqual({
        state: migration2021to2022.states[state as never],
        definitionVersion: 2,
      });
      const moves = (await history(t, id)).filter((h) => h.type === 'definition.migrate');
      expect(moves).toHaveLength(1);
      expect(moves[0]).toMatchObject({ from: state, to: state, actor: { sub: 'admin', role: 'admin' } });
      expect(moves[0]!.payload).toMatchObject({ fromVersion: 1, toVersion: 2, reason: '2022年度通知' });
    }
    const runs = expectOk(await t.app.inject({ url: '/v1/migrations', headers: auth(admin()) })).items;
    expect(
      runs
        .filter((r: { planId: string }) => r.planId === planId)
        .map((r: { moved: number }) => r.moved)
        .sort((a: number, b: number) => a - b),
    ).toEqual([0, 3, seeded.size - 3]);
  });

  it('lets a migrated application go on under version 2, its timers included', async () => {
    const planId = await createPlan(t, 'junior', 1);
    const submitted = await applicationIn(t, planId, 'submitted');
    const inPublicity = await applicationIn(t, planId, 'qualificationPublicity');
    expectOk(await migrate('', { from: 1, to: 2, planId, reason: '2022年度通知' }));
    expect(
      expectOk(await send(t, submitted.id, submitted.tk.unit, 'UNIT_REQUEST_SUPPLEMENT', validPayloads.UNIT_REQUEST_SUPPLEMENT)).state,
    ).toBe('supplementRequested.byUnit');
    const { endsAt } = (await view(t, inPublicity.id)).context.publicity;
    await setClock(t, new Date(Date.parse(endsAt) + 3600_000).toISOString());
    expect((await view(t, inPublicity.id)).state).toBe('feePayment');
  });

  it('reports what cannot move back to version 1, and moves the rest', async () => {
    const planId = await createPlan(t, 'junior', 2);
    const waiting = await applicationIn(t, planId, 'submitted');
    expectOk(await send(t, waiting.id, waiting.tk.unit, 'UNIT_REQUEST_SUPPLEMENT', validPayloads.UNIT_REQUEST_SUPPLEMENT));
    const plain = await applicationIn(t, planId, 'unitPublicity');
    const dry = expectOk(await migrate('/dry-run', { from: 2, to: 1, planId })).items;
    expect(dry).toEqual(
      expect.arrayContaining([
        { id: waiting.id, state: 'supplementRequested.byUnit', outcome: 'blocked', reason: expect.any(String) },
        { id: plain.id, state: 'unitPublicity', outcome: 'wouldMove', to: 'unitPublicity' },
      ]),
    );
    const run = expectOk(await migrate('', { from: 2, to: 1, planId, reason: '回退' }));
    expect({ moved: run.moved, blocked: run.blocked }).toEqual({ moved: 1, blocked: 1 });
    expect((await view(t, waiting.id)).definitionVersion).toBe(2);
    expect((await view(t, plain.id)).definitionVersion).toBe(1);
  });

  it('refuses a migration no data describes, and anyone but an admin', async () => {
    expectProblem(await migrate('/dry-run', { from: 1, to: 3 }), 422, 'NO_SUCH_MIGRATION');
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/migrations/dry-run',
      headers: auth(t.token({ sub: 'hr', role: 'hr' })),
      payload: { from: 1, to: 2 },
    });
    expectProblem(res, 403, 'FORBIDDEN');
  });
});

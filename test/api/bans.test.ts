import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bans } from '../../src/db/schema';
import { auth, createPlan, send, setClock, type TestApp, testApp, tokensFor } from '../support/app';
import { factsForYear, idNumberFor, planBodyFor, validPayloads } from '../support/factories';
import { footprint, view } from './support/inspect';
import { expectOk, expectProblem } from './support/problem';
import { replayAllThenClose } from './support/replay';
import { createDraftWith, createPlanWith, T0, type Tokens, walkTo } from './support/walk';

// SPEC §5: a finding in year Y bars the person from plans of Y…Y+3, until an admin lifts it.

let t: TestApp;
let plan2021: string;
const plans: Record<number, string> = {};
beforeAll(async () => {
  t = await testApp(T0);
  plan2021 = await createPlan(t);
  for (const year of [2024, 2025]) plans[year] = await createPlanWith(t, planBodyFor(year));
});
afterAll(async () => {
  await replayAllThenClose(t);
});

const listBans = async (idNumber: string, token = t.token({ sub: 'hr-auditor', role: 'hr' })) =>
  expectOk(await t.app.inject({ url: `/v1/bans?idNumber=${idNumber}`, headers: auth(token) })).items as Record<string, any>[];
const lift = (banId: string, token: string, payload: object) =>
  t.app.inject({ method: 'POST', url: `/v1/bans/${banId}/lift`, headers: auth(token), payload });

/** A draft for a plan of `year`, with facts that pass every rule in that year, the clock set inside it. */
async function draftIn(year: number, idNumber: string): Promise<string> {
  await setClock(t, `${year}-06-03T02:00:00.000Z`);
  return createDraftWith(t, plans[year]!, idNumber, { facts: factsForYear(year) });
}

async function falsifiedIn2021(idNumber: string, tk: Tokens): Promise<string> {
  await setClock(t, T0);
  const id = await createDraftWith(t, plan2021, idNumber, { facts: factsForYear(2021) });
  await walkTo(t, id, tk, 'municipalAudit');
  expect(expectOk(await send(t, id, tk.hr, 'FLAG_FALSIFIED', { finding: '业绩材料弄虚作假' })).state).toBe('falsified');
  return id;
}

describe('the three-year ban', () => {
  const idNumber = idNumberFor(801);
  let tk: Tokens;
  let banId: string;

  it('is recorded by FLAG_FALSIFIED for the finding year through three more', async () => {
    tk = tokensFor(t, idNumber);
    const id = await falsifiedIn2021(idNumber, tk);
    const [ban, ...more] = await listBans(idNumber);
    expect(more).toEqual([]);
    expect(ban).toMatchObject({
      idNumber,
      fromYear: 2021,
      toYear: 2024,
      applicationId: id,
      finding: '业绩材料弄虚作假',
      foundBy: 'hr-auditor',
      liftedAt: null,
      liftedBy: null,
      liftReason: null,
    });
    banId = ban!.id;
    expect((await view(t, id)).context.remark).toBe('业绩材料弄虚作假');
  });

  let id2024: string;

  it('refuses a 2024 plan with 422 BANNED naming the years, and accepts a 2025 one', async () => {
    id2024 = await draftIn(2024, idNumber);
    const before = await footprint(t, id2024);
    const problem = expectProblem(await send(t, id2024, tk.applicant, 'SUBMIT', validPayloads.SUBMIT), 422, 'BANNED');
    expect(problem.bans).toEqual([{ fromYear: 2021, toYear: 2024 }]);
    expect(await footprint(t, id2024)).toEqual(before);

    const id2025 = await draftIn(2025, idNumber);
    expect(expectOk(await send(t, id2025, tk.applicant, 'SUBMIT', validPayloads.SUBMIT)).state).toBe('submitted');
  });

  it('is listed by ID number to the bureau and to the person, and to no one else', async () => {
    for (const role of ['hr', 'committee', 'admin'] as const) expect(await listBans(idNumber, tk[role])).toHaveLength(1);
    expect(await listBans(idNumber, tk.applicant)).toHaveLength(1);
    expectProblem(
      await t.app.inject({ url: `/v1/bans?idNumber=${idNumber}`, headers: auth(tokensFor(t, idNumberFor(802)).applicant) }),
      403,
      'FORBIDDEN',
    );
    expectProblem(await t.app.inject({ url: `/v1/bans?idNumber=${idNumber}`, headers: auth(tk.unit) }), 403, 'FORBIDDEN');
    expect(await listBans(idNumberFor(803))).toEqual([]);
  });

  it('can be lifted only by an admin, only with a reason, and only once', async () => {
    for (const role of ['applicant', 'unit', 'hr', 'committee'] as const) {
      expectProblem(await lift(banId, tk[role], { reason: '复核后撤销认定' }), 403, 'FORBIDDEN');
    }
    for (const body of [{}, { reason: '' }, { reason: '   ' }, { reason: 42 }])
      expectProblem(await lift(banId, tk.admin, body), 400, 'VALIDATION_FAILED');
    expectProblem(await lift('01900000-0000-7000-8000-000000000000', tk.admin, { reason: '复核' }), 404, 'NOT_FOUND');
    expect((await listBans(idNumber))[0]!.liftedAt).toBeNull();

    await setClock(t, '2024-03-01T02:00:00.000Z');
    const lifted = expectOk(await lift(banId, tk.admin, { reason: '复核后撤销认定' }));
    expect(lifted).toMatchObject({ id: banId, liftedBy: 'admin', liftReason: '复核后撤销认定', liftedAt: '2024-03-01T02:00:00.000Z' });
    expect((await listBans(idNumber))[0]).toMatchObject({ liftedBy: 'admin', liftReason: '复核后撤销认定' });
    expectProblem(await lift(banId, tk.admin, { reason: '再次' }), 409, 'BAN_ALREADY_LIFTED');
  });

  it('no longer refuses a 2024 plan once lifted', async () => {
    await setClock(t, '2024-06-03T02:00:00.000Z');
    expect(expectOk(await send(t, id2024, tk.applicant, 'SUBMIT', validPayloads.SUBMIT)).state).toBe('submitted');
  });
});

describe('where bans come from', () => {
  it('a falsification found on a withdrawn application still bans', async () => {
    const idNumber = idNumberFor(811);
    const tk = tokensFor(t, idNumber);
    await setClock(t, T0);
    const id = await createDraftWith(t, plan2021, idNumber, { facts: factsForYear(2021) });
    await walkTo(t, id, tk, 'submitted');
    expectOk(await send(t, id, tk.applicant, 'WITHDRAW', { reason: '个人原因' }));
    expect(await listBans(idNumber)).toEqual([]);
    expect(expectOk(await send(t, id, tk.committee, 'FLAG_FALSIFIED', { finding: '学历造假' })).state).toBe('falsified');
    expect(await listBans(idNumber)).toMatchObject([{ fromYear: 2021, toYear: 2024, applicationId: id, foundBy: 'committee-office' }]);
    const id2024 = await draftIn(2024, idNumber);
    expectProblem(await send(t, id2024, tk.applicant, 'SUBMIT', validPayloads.SUBMIT), 422, 'BANNED');
  });

  it("a falsification from a rejected application bans too; the year is the finding's, not the plan's", async () => {
    const idNumber = idNumberFor(812);
    const tk = tokensFor(t, idNumber);
    await setClock(t, T0);
    const id = await createDraftWith(t, plan2021, idNumber, { facts: factsForYear(2021) });
    await walkTo(t, id, tk, 'municipalAudit');
    expectOk(await send(t, id, tk.hr, 'AUDIT_REJECT', { reason: '资历不符' }));
    await setClock(t, '2022-01-04T02:00:00.000Z');
    expectOk(await send(t, id, tk.hr, 'FLAG_FALSIFIED', { finding: '事后发现业绩造假' }));
    expect(await listBans(idNumber)).toMatchObject([{ fromYear: 2022, toYear: 2025 }]);
    const id2025 = await draftIn(2025, idNumber);
    expectProblem(await send(t, id2025, tk.applicant, 'SUBMIT', validPayloads.SUBMIT), 422, 'BANNED');
  });

  it('is written by the transition itself: of concurrent findings only the applied one records a ban', async () => {
    const idNumber = idNumberFor(813);
    const tk = tokensFor(t, idNumber);
    await setClock(t, T0);
    const id = await createDraftWith(t, plan2021, idNumber, { facts: factsForYear(2021) });
    await walkTo(t, id, tk, 'submitted');
    const answers = await Promise.all(
      Array.from({ length: 6 }, (_, i) => send(t, id, i % 2 ? tk.hr : tk.committee, 'FLAG_FALSIFIED', { finding: `发现${i}` })),
    );
    const won = answers.filter((r) => r.statusCode === 200);
    expect(won).toHaveLength(1);
    for (const r of answers.filter((x) => x.statusCode !== 200)) expectProblem(r, 409, 'ILLEGAL_TRANSITION');
    const rows = await t.database.db.select().from(bans).where(eq(bans.idNumber, idNumber));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.finding).toBe(won[0]!.json().context.remark);
  });

  it('a refused finding writes no ban', async () => {
    const idNumber = idNumberFor(814);
    const tk = tokensFor(t, idNumber);
    await setClock(t, T0);
    const id = await createDraftWith(t, plan2021, idNumber, { facts: factsForYear(2021) });
    expectProblem(await send(t, id, tk.hr, 'FLAG_FALSIFIED', { finding: '草稿阶段' }), 409, 'ILLEGAL_TRANSITION');
    expectProblem(await send(t, id, tk.unit, 'FLAG_FALSIFIED', { finding: '单位' }), 403, 'FORBIDDEN');
    expectProblem(await send(t, id, tk.hr, 'FLAG_FALSIFIED', { finding: '' }), 400, 'VALIDATION_FAILED');
    expect(await listBans(idNumber)).toEqual([]);
  });
});

describe('the ban registry, listed', () => {
  const hr = () => auth(t.token({ sub: 'hr-auditor', role: 'hr' }));
  const list = async (q: string, headers = hr()) => expectOk(await t.app.inject({ url: `/v1/bans?${q}`, headers }));

  it('pages through every ban newest first, each once, with the applicant and the plan of the finding', async () => {
    const all = (await list('limit=200')).items as Record<string, any>[];
    expect(all.length).toBeGreaterThanOrEqual(3);
    const seen: string[] = [];
    let cursor = '';
    do {
      const page = await list(`limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.items.map((b: { id: string }) => b.id));
      cursor = page.nextCursor ?? '';
    } while (cursor);
    expect(seen).toEqual(all.map((b) => b.id));
    const times = all.map((b) => b.createdAt);
    expect(times).toEqual([...times].sort().reverse());
    for (const ban of all) {
      const application = await view(t, ban.applicationId);
      expect(ban.name).toBe(application.context.facts.name);
      expect(ban.plan).toEqual({ year: application.context.plan.year, level: application.context.plan.level, specialty: '建设工程' });
    }
  });

  it('filters by plan year, level and whether lifted', async () => {
    const all = (await list('limit=200')).items as Record<string, any>[];
    const lifted = (await list('state=lifted')).items as Record<string, any>[];
    const standing = (await list('state=standing')).items as Record<string, any>[];
    expect(lifted.length).toBeGreaterThan(0);
    expect(lifted.every((b) => b.liftedAt && b.liftedBy && b.liftReason)).toBe(true);
    expect(standing.every((b) => b.liftedAt === null)).toBe(true);
    expect(lifted.length + standing.length).toBe(all.length);
    // Every finding here was on a 2021 junior plan, whatever year it was found in.
    expect((await list('year=2021&level=junior')).items).toHaveLength(all.length);
    expect((await list('year=2022')).items).toEqual([]);
    expect((await list('level=intermediate')).items).toEqual([]);
    expectProblem(await t.app.inject({ url: '/v1/bans?state=gone', headers: hr() }), 400, 'VALIDATION_FAILED');
    expectProblem(await t.app.inject({ url: '/v1/bans?cursor=abc', headers: hr() }), 400, 'VALIDATION_FAILED');
  });

  it("shows an applicant only their own, and no one's to a unit", async () => {
    const idNumber = idNumberFor(801);
    const own = (await list('', auth(tokensFor(t, idNumber).applicant))).items as Record<string, any>[];
    expect(own.map((b) => b.idNumber)).toEqual([idNumber]);
    expect((await list('', auth(tokensFor(t, idNumberFor(803)).applicant))).items).toEqual([]);
    expectProblem(await t.app.inject({ url: '/v1/bans', headers: auth(tokensFor(t, idNumber).unit) }), 403, 'FORBIDDEN');
  });
});

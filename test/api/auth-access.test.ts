import { createSigner } from 'fast-jwt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, createPlan, JWT_SECRET, send, type TestApp, testApp } from '../support/app';
import { factsFor, idNumberFor, unitId, validPayloads } from '../support/factories';
import { expectOk, expectProblem } from './support/problem';
import { replayAllThenClose } from './support/replay';
import { createDraftWith, T0 } from './support/walk';

let t: TestApp;
let planA: string;
let planB: string;
/** More plans: one person has one open application per plan. */
let planC: string;
let planD: string;
let planE: string;
let planF: string;
const alice = idNumberFor(301);
const bob = idNumberFor(302);
const otherUnit = 'U-TEST-2';
/** Applications by owner, unit and plan, created in this order. */
const created: { id: string; idNumber: string; unit: string; planId: string }[] = [];

const tokens = () => ({
  alice: t.token({ sub: alice, role: 'applicant' }),
  bob: t.token({ sub: bob, role: 'applicant' }),
  unit: t.token({ sub: 'unit-reviewer', role: 'unit', unitId }),
  otherUnit: t.token({ sub: 'other-reviewer', role: 'unit', unitId: otherUnit }),
  hr: t.token({ sub: 'hr-auditor', role: 'hr' }),
  committee: t.token({ sub: 'committee-office', role: 'committee' }),
  admin: t.token({ sub: 'admin', role: 'admin' }),
});

beforeAll(async () => {
  t = await testApp(T0);
  planA = await createPlan(t);
  planB = await createPlan(t, 'intermediate');
  [planC, planD, planE, planF] = [await createPlan(t), await createPlan(t), await createPlan(t), await createPlan(t)];
  const layout = [
    [alice, unitId, planA],
    [alice, otherUnit, planB],
    [bob, unitId, planB],
    [bob, otherUnit, planA],
    [alice, unitId, planC],
    [bob, unitId, planC],
    [alice, otherUnit, planD],
    [bob, otherUnit, planD],
    [alice, unitId, planE],
  ] as const;
  for (const [idNumber, unit, planId] of layout) {
    created.push({ id: await createDraftWith(t, planId, idNumber, { facts: factsFor('junior'), unit }), idNumber, unit, planId });
  }
  // Some in another state, for the state filter.
  const tk = tokens();
  for (const c of created.slice(0, 3))
    expectOk(await send(t, c.id, c.idNumber === alice ? tk.alice : tk.bob, 'SUBMIT', validPayloads.SUBMIT));
});
afterAll(async () => {
  await replayAllThenClose(t);
});

const get = (url: string, token?: string, headers: Record<string, string> = {}) =>
  t.app.inject({ url, headers: { ...(token ? auth(token) : {}), ...headers } });

describe('authentication', () => {
  it('answers 401 UNAUTHENTICATED without, with a forged, an expired or a malformed token', async () => {
    const now = Date.now();
    const forged = createSigner({ key: 'another-secret-another-secret-xx', algorithm: 'HS256' })({ sub: 'admin', role: 'admin' });
    const expired = createSigner({ key: JWT_SECRET, algorithm: 'HS256', expiresIn: 60_000, clockTimestamp: now - 3_600_000 })({
      sub: 'admin',
      role: 'admin',
    });
    const noRole = createSigner({ key: JWT_SECRET, algorithm: 'HS256' })({ sub: 'admin' });
    const badApplicant = createSigner({ key: JWT_SECRET, algorithm: 'HS256' })({ sub: '123', role: 'applicant' });
    const unitWithoutUnit = createSigner({ key: JWT_SECRET, algorithm: 'HS256' })({ sub: 'u', role: 'unit' });
    const noneAlg = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from('{"sub":"admin","role":"admin"}').toString('base64url')}.`;
    const headers = [
      {},
      { authorization: 'Bearer' },
      { authorization: 'Basic YWRtaW46YWRtaW4=' },
      { authorization: `Bearer ${noneAlg}` },
      auth(forged),
      auth(expired),
      auth(noRole),
      auth(badApplicant),
      auth(unitWithoutUnit),
    ];
    for (const h of headers) {
      for (const url of ['/v1/applications', `/v1/applications/${created[0]!.id}`, '/v1/plans', '/v1/machine']) {
        expectProblem(await t.app.inject({ url, headers: h }), 401, 'UNAUTHENTICATED');
      }
      expectProblem(await send(t, created[0]!.id, '', 'SUBMIT', validPayloads.SUBMIT, h), 401, 'UNAUTHENTICATED');
    }
    // The same claims signed with the right secret are accepted: the refusals above are about the token.
    expectOk(await get('/v1/plans', t.token({ sub: 'admin', role: 'admin' })));
  });
});

describe('who sees which application', () => {
  const visible = (who: keyof ReturnType<typeof tokens>) =>
    created.filter((c) => {
      switch (who) {
        case 'alice':
          return c.idNumber === alice;
        case 'bob':
          return c.idNumber === bob;
        case 'unit':
          return c.unit === unitId;
        case 'otherUnit':
          return c.unit === otherUnit;
        default:
          return true;
      }
    });

  it('shows each caller exactly what it may see and answers 404 NOT_FOUND for the rest', async () => {
    const tk = tokens();
    for (const who of Object.keys(tk) as (keyof typeof tk)[]) {
      const mine = new Set(visible(who).map((c) => c.id));
      for (const c of created) {
        for (const suffix of ['', '/history', '/certificate']) {
          const res = await get(`/v1/applications/${c.id}${suffix}`, tk[who]);
          if (!mine.has(c.id)) expectProblem(res, 404, 'NOT_FOUND');
          else if (suffix === '/certificate')
            expectProblem(res, 404, 'NOT_FOUND'); // none issued yet
          else expect(res.statusCode, `${who} ${suffix}`).toBe(200);
        }
      }
    }
  });

  it("answers a stranger's event with 404, exactly as for an application that does not exist", async () => {
    const tk = tokens();
    const alices = created.find((c) => c.idNumber === alice && c.unit === otherUnit)!;
    const before = expectOk(await get(`/v1/applications/${alices.id}`, tk.alice)).version;
    const stranger = expectProblem(await send(t, alices.id, tk.bob, 'WITHDRAW', {}), 404, 'NOT_FOUND');
    const missing = expectProblem(await send(t, '01900000-0000-7000-8000-000000000000', tk.bob, 'WITHDRAW', {}), 404, 'NOT_FOUND');
    expect(Object.keys(stranger).sort()).toEqual(Object.keys(missing).sort());
    expectProblem(await send(t, alices.id, tk.unit, 'RETURN_TO_APPLICANT', { reason: 'x' }), 404, 'NOT_FOUND');
    expect(expectOk(await get(`/v1/applications/${alices.id}`, tk.alice)).version).toBe(before);
  });

  it('lets only applicants create drafts, each for themselves', async () => {
    const tk = tokens();
    for (const role of ['unit', 'hr', 'committee', 'admin'] as const) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/v1/applications',
        headers: auth(tk[role]),
        payload: { planId: planA, unitId, facts: factsFor('junior') },
      });
      expectProblem(res, 403, 'FORBIDDEN');
    }
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/applications',
      headers: auth(tk.bob),
      payload: { planId: planE, unitId, facts: factsFor('junior') },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().idNumber).toBe(bob);
    created.push({ id: res.json().id, idNumber: bob, unit: unitId, planId: planE });
  });

  it('only an admin creates plans; everyone reads them', async () => {
    const tk = tokens();
    for (const who of ['alice', 'unit', 'hr', 'committee'] as const) {
      expectProblem(
        await t.app.inject({
          method: 'POST',
          url: '/v1/plans',
          headers: auth(tk[who]),
          payload: { year: 2022, level: 'junior', specialty: '水利', opensAt: '2022-01-01', closesAt: '2022-02-01' },
        }),
        403,
        'FORBIDDEN',
      );
      expect(expectOk(await get('/v1/plans', tk[who])).items).toHaveLength(6);
    }
  });
});

describe('GET /v1/applications', () => {
  async function all(token: string, query = '', limit = 2, from: string | null = null): Promise<{ ids: string[]; pages: number }> {
    const ids: string[] = [];
    let cursor: string | null = from;
    let pages = 0;
    do {
      const body = expectOk(await get(`/v1/applications?limit=${limit}${query}${cursor ? `&cursor=${cursor}` : ''}`, token));
      expect(body.items.length).toBeLessThanOrEqual(limit);
      ids.push(...body.items.map((i: { id: string }) => i.id));
      cursor = body.nextCursor;
      pages += 1;
      if (pages > 50) throw new Error('pagination does not end');
    } while (cursor);
    return { ids, pages };
  }
  // Keyset order is id order; UUIDv7 ids follow creation time (to the millisecond).
  const byId = () => [...created].sort((a, b) => (a.id < b.id ? -1 : 1));
  const expected = (pred: (c: (typeof created)[number]) => boolean) =>
    byId()
      .filter(pred)
      .map((c) => c.id);

  it('pages through everything with a keyset cursor, no duplicates and nothing missing', async () => {
    const tk = tokens();
    for (const limit of [1, 2, 3, 4, 50]) {
      const { ids, pages } = await all(tk.admin, '', limit);
      expect(ids).toEqual(expected(() => true));
      expect(pages).toBe(Math.max(1, Math.ceil(created.length / limit)));
    }
  });

  it('keeps a cursor stable while applications are added', async () => {
    const tk = tokens();
    const first = expectOk(await get('/v1/applications?limit=3', tk.hr));
    const id = await createDraftWith(t, planF, alice, { facts: factsFor('junior') });
    created.push({ id, idNumber: alice, unit: unitId, planId: planF });
    const rest = await all(tk.hr, '', 3, first.nextCursor);
    expect([...first.items.map((i: { id: string }) => i.id), ...rest.ids]).toEqual(expected(() => true));
  });

  it('filters by state, planId and unitId, together and with pagination', async () => {
    const tk = tokens();
    const submitted = new Set(created.slice(0, 3).map((c) => c.id));
    expect((await all(tk.admin, '&state=submitted')).ids).toEqual(expected((c) => submitted.has(c.id)));
    expect((await all(tk.admin, '&state=draft')).ids).toEqual(expected((c) => !submitted.has(c.id)));
    expect((await all(tk.admin, `&planId=${planB}`)).ids).toEqual(expected((c) => c.planId === planB));
    expect((await all(tk.admin, `&unitId=${otherUnit}`)).ids).toEqual(expected((c) => c.unit === otherUnit));
    expect((await all(tk.committee, `&unitId=${unitId}&planId=${planA}&state=draft`, 1)).ids).toEqual(
      expected((c) => c.unit === unitId && c.planId === planA && !submitted.has(c.id)),
    );
    expect((await all(tk.admin, '&state=certified')).ids).toEqual([]);
  });

  it('lists only what the caller may see, whatever the filters ask', async () => {
    const tk = tokens();
    expect((await all(tk.alice)).ids).toEqual(expected((c) => c.idNumber === alice));
    expect((await all(tk.bob, `&planId=${planB}`)).ids).toEqual(expected((c) => c.idNumber === bob && c.planId === planB));
    expect((await all(tk.unit)).ids).toEqual(expected((c) => c.unit === unitId));
    expect((await all(tk.unit, `&unitId=${otherUnit}`)).ids).toEqual([]);
    expect((await all(tk.otherUnit)).ids).toEqual(expected((c) => c.unit === otherUnit));
    for (const role of ['hr', 'committee', 'admin'] as const) expect((await all(tk[role])).ids).toEqual(expected(() => true));
  });

  it('refuses a malformed query with 400 VALIDATION_FAILED', async () => {
    const tk = tokens();
    for (const q of ['limit=0', 'limit=201', 'limit=x', 'cursor=nope', 'planId=123']) {
      expectProblem(await get(`/v1/applications?${q}`, tk.admin), 400, 'VALIDATION_FAILED');
    }
  });
});

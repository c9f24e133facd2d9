import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, createPlan, send, type TestApp, testApp } from '../support/app';
import { factsFor, idNumberFor, testUnits, validPayloads } from '../support/factories';
import { expectOk, expectProblem } from './support/problem';
import { replayAllThenClose } from './support/replay';
import { createDraftWith, T0 } from './support/walk';

// Issue 11: GET /v1/stats counts by state, per plan and unit, of what the caller may see.
// The expected counts are written out by hand from the layout below.

let t: TestApp;
let J: string;
let M: string;
const [U1, U2] = testUnits.map((u) => u.id) as [string, string];
const [alice, bob, carol, dave] = [701, 702, 703, 704].map(idNumberFor) as [string, string, string, string];

const as = (sub: string) => t.token({ sub, role: 'applicant' });
const stats = async (query: string, token: string) => expectOk(await t.app.inject({ url: `/v1/stats?${query}`, headers: auth(token) }));
type Item = { state: string; planId?: string; unitId?: string; count: number };
const key = (i: Item) => `${i.planId}|${i.unitId}|${i.state}`;
const sorted = (items: Item[]) => [...items].sort((a, b) => key(a).localeCompare(key(b)));

beforeAll(async () => {
  t = await testApp(T0);
  J = await createPlan(t);
  M = await createPlan(t, 'intermediate');
  const draft = (idNumber: string, planId: string, unit: string) =>
    createDraftWith(t, planId, idNumber, { facts: factsFor('junior'), unit });
  await draft(alice, J, U1);
  const a2 = await draft(alice, M, U2);
  await draft(bob, J, U2);
  const b2 = await draft(bob, M, U1);
  const c1 = await draft(carol, J, U1);
  const d1 = await draft(dave, J, U1);
  expectOk(await send(t, a2, as(alice), 'SUBMIT', validPayloads.SUBMIT));
  expectOk(await send(t, b2, as(bob), 'WITHDRAW', validPayloads.WITHDRAW));
  expectOk(await send(t, c1, as(carol), 'SUBMIT', validPayloads.SUBMIT));
  expectOk(await send(t, d1, as(dave), 'SUBMIT', validPayloads.SUBMIT));
  const unit1 = t.token({ sub: 'r1', role: 'unit', unitId: U1 });
  expectOk(await send(t, c1, unit1, 'START_UNIT_PUBLICITY', { startDate: '2021-08-02' }));
});
afterAll(async () => {
  await replayAllThenClose(t);
});

describe('GET /v1/stats', () => {
  it('counts everything by state for the bureau, per plan, per unit and per both', async () => {
    for (const role of ['admin', 'hr', 'committee'] as const) {
      const token = t.token({ sub: role, role });
      const all = await stats('', token);
      expect(all.total).toBe(6);
      expect(sorted(all.items)).toEqual(
        sorted([
          { state: 'draft', count: 2 },
          { state: 'submitted', count: 2 },
          { state: 'unitPublicity', count: 1 },
          { state: 'withdrawn', count: 1 },
        ]),
      );
      expect(sorted((await stats('by=plan', token)).items)).toEqual(
        sorted([
          { planId: J, state: 'draft', count: 2 },
          { planId: J, state: 'submitted', count: 1 },
          { planId: J, state: 'unitPublicity', count: 1 },
          { planId: M, state: 'submitted', count: 1 },
          { planId: M, state: 'withdrawn', count: 1 },
        ]),
      );
      expect(sorted((await stats('by=unit', token)).items)).toEqual(
        sorted([
          { unitId: U1, state: 'draft', count: 1 },
          { unitId: U1, state: 'submitted', count: 1 },
          { unitId: U1, state: 'unitPublicity', count: 1 },
          { unitId: U1, state: 'withdrawn', count: 1 },
          { unitId: U2, state: 'draft', count: 1 },
          { unitId: U2, state: 'submitted', count: 1 },
        ]),
      );
      expect(sorted((await stats('by=plan,unit', token)).items)).toEqual(
        sorted([
          { planId: J, unitId: U1, state: 'draft', count: 1 },
          { planId: J, unitId: U1, state: 'submitted', count: 1 },
          { planId: J, unitId: U1, state: 'unitPublicity', count: 1 },
          { planId: J, unitId: U2, state: 'draft', count: 1 },
          { planId: M, unitId: U1, state: 'withdrawn', count: 1 },
          { planId: M, unitId: U2, state: 'submitted', count: 1 },
        ]),
      );
      expect(sorted((await stats(`planId=${M}`, token)).items)).toEqual(
        sorted([
          { state: 'submitted', count: 1 },
          { state: 'withdrawn', count: 1 },
        ]),
      );
      expect((await stats(`unitId=${U2}&planId=${J}`, token)).items).toEqual([{ state: 'draft', count: 1 }]);
    }
  });

  it("shows a unit its own unit's counts only, whatever it asks for", async () => {
    const unit1 = t.token({ sub: 'r1', role: 'unit', unitId: U1 });
    const own = [
      { state: 'draft', count: 1 },
      { state: 'submitted', count: 1 },
      { state: 'unitPublicity', count: 1 },
      { state: 'withdrawn', count: 1 },
    ];
    expect(sorted((await stats('', unit1)).items)).toEqual(sorted(own));
    expect(sorted((await stats('by=unit', unit1)).items)).toEqual(sorted(own.map((i) => ({ ...i, unitId: U1 }))));
    expect(await stats(`unitId=${U2}`, unit1)).toEqual({ total: 0, items: [] });
    const unit2 = t.token({ sub: 'r2', role: 'unit', unitId: U2 });
    expect((await stats('', unit2)).total).toBe(2);
  });

  it('shows an applicant their own applications only', async () => {
    expect(sorted((await stats('by=plan', as(alice))).items)).toEqual(
      sorted([
        { planId: J, state: 'draft', count: 1 },
        { planId: M, state: 'submitted', count: 1 },
      ]),
    );
    expect((await stats(`unitId=${U2}`, as(alice))).items).toEqual([{ state: 'submitted', count: 1 }]);
    expect(await stats('', as(idNumberFor(799)))).toEqual({ total: 0, items: [] });
  });

  it('is not moved by a refused transition', async () => {
    const admin = t.token({ sub: 'admin', role: 'admin' });
    const before = await stats('by=plan,unit', admin);
    const list = expectOk(await t.app.inject({ url: '/v1/applications?state=draft', headers: auth(admin) }));
    const draft = list.items[0];
    expectProblem(await send(t, draft.id, as(draft.idNumber), 'SUBMIT', { commitmentSigned: false }), 422, 'NOT_ELIGIBLE');
    expect(await stats('by=plan,unit', admin)).toEqual(before);
  });

  it('answers 400 for an unknown grouping or parameter', async () => {
    const admin = t.token({ sub: 'admin', role: 'admin' });
    for (const query of ['by=state', 'by=plan,', 'state=draft', 'planId=x']) {
      expectProblem(await t.app.inject({ url: `/v1/stats?${query}`, headers: auth(admin) }), 400, 'VALIDATION_FAILED');
    }
  });
});

import { afterAll, beforeAll, expect, it } from 'vitest';
import { auth, createDraft, send, type TestApp, testApp, tokensFor } from '../support/app';
import { planBody } from '../support/factories';
import { expectOk } from './support/problem';
import { replayAllThenClose } from './support/replay';
import { createPlanWith, nextIdNumber, T0, walkTo } from './support/walk';

// Issue 27, item 6: every admin or bureau action is in /v1/audit — who, when, which record and
// why. These four were missing: a plan created, a ban lifted, a calendar year loaded, a
// definition migration run.

let t: TestApp;
beforeAll(async () => {
  t = await testApp(T0);
});
afterAll(async () => {
  await replayAllThenClose(t);
});

const admin = () => auth(t.token({ sub: 'admin-wu', role: 'admin' }));
const audited = async (action: string, target: string) =>
  expectOk(await t.app.inject({ url: `/v1/audit?action=${action}&target=${encodeURIComponent(target)}`, headers: admin() })).items;

it('records a plan created, with its terms', async () => {
  const res = await t.app.inject({ method: 'POST', url: '/v1/plans', headers: admin(), payload: planBody('intermediate') });
  expect(res.statusCode, res.body).toBe(201);
  const plan = res.json();
  expect(await audited('plan.create', plan.id)).toEqual([
    expect.objectContaining({
      action: 'plan.create',
      target: plan.id,
      actor: 'admin-wu',
      at: plan.createdAt,
      details: expect.objectContaining({ year: 2021, level: 'intermediate', specialty: '建设工程', fee: plan.fee, definitionVersion: 1 }),
    }),
  ]);
});

it('records a ban lifted, with the reason and whose ban it was', async () => {
  const planId = await createPlanWith(t, planBody('junior'));
  const idNumber = nextIdNumber();
  const tk = tokensFor(t, idNumber);
  const id = await createDraft(t, planId, idNumber);
  await walkTo(t, id, tk, 'municipalAudit');
  expectOk(await send(t, id, tk.hr, 'FLAG_FALSIFIED', { finding: '学历证书系伪造' }));
  const [ban] = expectOk(await t.app.inject({ url: `/v1/bans?idNumber=${idNumber}`, headers: admin() })).items;
  expectOk(await t.app.inject({ method: 'POST', url: `/v1/bans/${ban.id}/lift`, headers: admin(), payload: { reason: '复核后撤销认定' } }));
  expect(await audited('ban.lift', ban.id)).toEqual([
    expect.objectContaining({
      actor: 'admin-wu',
      reason: '复核后撤销认定',
      details: { idNumber, fromYear: 2021, toYear: 2024, applicationId: id },
    }),
  ]);
  // Lifting it again is refused and records nothing more.
  await t.app.inject({ method: 'POST', url: `/v1/bans/${ban.id}/lift`, headers: admin(), payload: { reason: '再次' } });
  expect(await audited('ban.lift', ban.id)).toHaveLength(1);
});

it('records a calendar year loaded, and when it replaced one', async () => {
  const schedule = { holidays: ['2031-01-01', '2031-10-01'], workdays: ['2031-09-27'] };
  for (let i = 0; i < 2; i++) {
    const res = await t.app.inject({ method: 'PUT', url: '/v1/calendar/2031', headers: admin(), payload: schedule });
    expect(res.statusCode, res.body).toBeLessThan(300);
  }
  const entries = await audited('calendar.load', '2031');
  expect(entries.map((e: { actor: string; details: object }) => ({ actor: e.actor, details: e.details }))).toEqual([
    { actor: 'admin-wu', details: { holidays: 2, workdays: 1, replaced: true } },
    { actor: 'admin-wu', details: { holidays: 2, workdays: 1, replaced: false } },
  ]);
});

it('records a definition migration run, with its reason and what it selected', async () => {
  const planId = await createPlanWith(t, planBody('junior'));
  const run = expectOk(
    await t.app.inject({
      method: 'POST',
      url: '/v1/migrations',
      headers: admin(),
      payload: { from: 1, to: 2, planId, reason: '试行新通知' },
    }),
  );
  expect(await audited('definition.migrate', run.id)).toEqual([
    expect.objectContaining({
      actor: 'admin-wu',
      reason: '试行新通知',
      details: { fromVersion: 1, toVersion: 2, planId, states: null },
    }),
  ]);
});

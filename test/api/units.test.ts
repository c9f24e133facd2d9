import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, createPlan, type TestApp, testApp } from '../support/app';
import { factsFor, idNumberFor, testUnits, unitId } from '../support/factories';
import { expectOk, expectProblem } from './support/problem';
import { replayAllThenClose } from './support/replay';
import { T0 } from './support/walk';

// Issue 11: the units registry. An application names a registered unit, and a unit token
// speaks for a registered unit only.

let t: TestApp;
let planId: string;
const roles = ['applicant', 'unit', 'hr', 'committee', 'admin'] as const;
const tokenOf = (role: (typeof roles)[number]) =>
  role === 'applicant'
    ? t.token({ sub: idNumberFor(801), role })
    : t.token({ sub: `${role}-1`, role, ...(role === 'unit' ? { unitId } : {}) });
const admin = () => tokenOf('admin');
const call = (method: 'GET' | 'POST' | 'PATCH', url: string, token: string, payload?: object) =>
  t.app.inject({ method, url, headers: auth(token), ...(payload ? { payload } : {}) });
const newUnit = { id: 'U-330282-0042', name: '慈溪市新登记机械有限公司', inCixi: true, unitType: 'enterprise' };

beforeAll(async () => {
  t = await testApp(T0);
  planId = await createPlan(t);
});
afterAll(async () => {
  await replayAllThenClose(t);
});

describe('the registry', () => {
  it('lets only the admin register and edit a unit, and everyone read it', async () => {
    for (const role of roles.filter((r) => r !== 'admin')) {
      expectProblem(await call('POST', '/v1/units', tokenOf(role), newUnit), 403, 'FORBIDDEN');
      expectProblem(await call('PATCH', `/v1/units/${unitId}`, tokenOf(role), { name: 'x' }), 403, 'FORBIDDEN');
    }
    const created = await call('POST', '/v1/units', admin(), newUnit);
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ ...newUnit, createdBy: 'admin-1', updatedBy: 'admin-1', createdAt: T0 });
    for (const role of roles) {
      expect(expectOk(await call('GET', `/v1/units/${newUnit.id}`, tokenOf(role)))).toMatchObject(newUnit);
      const ids = expectOk(await call('GET', '/v1/units', tokenOf(role))).items.map((u: { id: string }) => u.id);
      expect(ids).toEqual([...testUnits.map((u) => u.id), newUnit.id].sort());
    }
  });

  it('refuses a second unit with the same id, and a malformed one, writing nothing', async () => {
    expectProblem(await call('POST', '/v1/units', admin(), { ...newUnit, name: '另一家' }), 409, 'DUPLICATE_UNIT');
    expect(expectOk(await call('GET', `/v1/units/${newUnit.id}`, admin())).name).toBe(newUnit.name);
    for (const bad of [
      { ...newUnit, id: 'has space' },
      { ...newUnit, id: '' },
      { ...newUnit, unitType: 'other' },
      { ...newUnit, extra: 1 },
    ]) {
      expectProblem(await call('POST', '/v1/units', admin(), bad), 400, 'VALIDATION_FAILED');
    }
  });

  it('edits a unit and records who changed what, from what, when', async () => {
    t.clock.set(new Date('2021-08-03T01:00:00.000Z'));
    const edited = expectOk(
      await call('PATCH', `/v1/units/${newUnit.id}`, admin(), { name: '慈溪市新登记机械股份有限公司', inCixi: false }),
    );
    expect(edited).toMatchObject({
      name: '慈溪市新登记机械股份有限公司',
      inCixi: false,
      unitType: 'enterprise',
      updatedAt: '2021-08-03T01:00:00.000Z',
    });
    const trail = expectOk(await call('GET', `/v1/audit?target=${newUnit.id}`, admin())).items;
    expect(trail.map((a: { action: string }) => a.action)).toEqual(['unit.edit', 'unit.create']);
    expect(trail[0]).toMatchObject({
      actor: 'admin-1',
      at: '2021-08-03T01:00:00.000Z',
      details: { changes: { name: { from: newUnit.name, to: '慈溪市新登记机械股份有限公司' }, inCixi: { from: true, to: false } } },
    });
    expectProblem(await call('PATCH', '/v1/units/U-NOBODY', admin(), { name: 'x' }), 404, 'NOT_FOUND');
    expectProblem(await call('PATCH', `/v1/units/${newUnit.id}`, admin(), {}), 400, 'NOTHING_TO_CHANGE');
    expectProblem(await call('GET', '/v1/units/U-NOBODY', admin()), 404, 'NOT_FOUND');
    expectProblem(await call('GET', '/v1/audit', tokenOf('hr')), 403, 'FORBIDDEN');
  });

  it('finds units by part of the id or name, a page at a time', async () => {
    const byName = expectOk(await call('GET', `/v1/units?q=${encodeURIComponent('水利')}`, tokenOf('applicant')));
    expect(byName.items.map((u: { id: string }) => u.id)).toEqual([testUnits[1].id]);
    const first = expectOk(await call('GET', '/v1/units?limit=2', admin()));
    const rest = expectOk(await call('GET', `/v1/units?limit=2&cursor=${first.nextCursor}`, admin()));
    expect([...first.items, ...rest.items].map((u: { id: string }) => u.id)).toEqual([...testUnits.map((u) => u.id), newUnit.id].sort());
    expect(rest.nextCursor).toBeNull();
    expectProblem(await call('GET', '/v1/units?name=x', admin()), 400, 'VALIDATION_FAILED');
  });
});

describe('applications and tokens name registered units', () => {
  it('refuses an application for an unregistered unit with 422 UNKNOWN_UNIT, writing nothing', async () => {
    const applicant = t.token({ sub: idNumberFor(802), role: 'applicant' });
    const body = { planId, unitId: 'U-TYPED-BY-HAND', facts: factsFor('junior') };
    const p = expectProblem(await call('POST', '/v1/applications', applicant, body), 422, 'UNKNOWN_UNIT');
    expect(p.unitId).toBe('U-TYPED-BY-HAND');
    expect(expectOk(await call('GET', '/v1/applications', applicant)).items).toEqual([]);
    const ok = await call('POST', '/v1/applications', applicant, { ...body, unitId: newUnit.id });
    expect(ok.statusCode, ok.body).toBe(201);
  });

  it('answers 401 to a unit token for an unregistered unit, and accepts it once the unit is registered', async () => {
    const token = t.token({ sub: 'r', role: 'unit', unitId: 'U-LATER' });
    expectProblem(await call('GET', '/v1/applications', token), 401, 'UNAUTHENTICATED');
    expectProblem(await call('GET', '/v1/units', token), 401, 'UNAUTHENTICATED');
    expect((await call('POST', '/v1/units', admin(), { ...newUnit, id: 'U-LATER' })).statusCode).toBe(201);
    expect(expectOk(await call('GET', '/v1/applications', token)).items).toEqual([]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, createPlan, send, setClock, type TestApp, testApp, tokensFor } from '../support/app';
import { factsFor, idNumberFor, testUnits, unitId, validPayloads } from '../support/factories';
import { expectOk, expectProblem } from './support/problem';
import { replayAllThenClose } from './support/replay';
import { applicationIn, createDraftWith, T0 } from './support/walk';

// Issue 11: finding applications by name, ID number, application id or certificate number,
// filtering by state, plan, unit and time of last change, sorting and paging.

let t: TestApp;
let junior: string;
let intermediate: string;
type Created = { id: string; idNumber: string; name: string; unit: string; planId: string };
const created: Created[] = [];
const otherUnit = testUnits[1].id;
/** An ID number whose check character is X, to search by its last digits in lower case. */
const withX = Array.from({ length: 200 }, (_, i) => idNumberFor(600 + i)).find((n) => n.endsWith('X'))!;
let walked: Record<'scheduled' | 'deliberation' | 'certified', Created>;
let touched: [Created, Created];

const admin = () => t.token({ sub: 'admin', role: 'admin' });
const list = async (query: string, token = admin()) =>
  expectOk(await t.app.inject({ url: `/v1/applications?${query}`, headers: auth(token) }));
const ids = (body: Record<string, any>) => body.items.map((i: { id: string }) => i.id).sort();
const expected = (pick: (c: Created) => boolean) =>
  created
    .filter(pick)
    .map((c) => c.id)
    .sort();

beforeAll(async () => {
  t = await testApp(T0);
  junior = await createPlan(t);
  intermediate = await createPlan(t, 'intermediate');
  const layout: [string, string, string, string][] = [
    [idNumberFor(501), '张伟', unitId, junior],
    [idNumberFor(502), '张伟华', otherUnit, junior],
    [idNumberFor(503), '李娜', unitId, intermediate],
    [idNumberFor(504), '欧阳娜娜', otherUnit, intermediate],
    [idNumberFor(505), 'Anna Li', unitId, junior],
    [withX, '王芳', unitId, intermediate],
  ];
  for (const [idNumber, name, unit, planId] of layout) {
    const id = await createDraftWith(t, planId, idNumber, { facts: { ...factsFor('junior'), name }, unit });
    created.push({ id, idNumber, name, unit, planId });
  }
  expectOk(await send(t, created[1]!.id, t.token({ sub: created[1]!.idNumber, role: 'applicant' }), 'SUBMIT', validPayloads.SUBMIT));
  const walk = async (state: 'interview.scheduled' | 'interview.deliberation' | 'certified') => {
    const a = await applicationIn(t, junior, state);
    const c = { id: a.id, idNumber: a.idNumber, name: factsFor('junior').name, unit: unitId, planId: junior };
    created.push(c);
    return c;
  };
  walked = {
    scheduled: await walk('interview.scheduled'),
    deliberation: await walk('interview.deliberation'),
    certified: await walk('certified'),
  };
  // Two last changes at known instants, long after everything else.
  touched = [created[0]!, created[2]!];
  for (const [i, c] of touched.entries()) {
    await setClock(t, `2022-01-1${i}T04:00:00.000Z`);
    expectOk(await send(t, c.id, t.token({ sub: c.idNumber, role: 'applicant' }), 'UPDATE_DRAFT', { facts: { name: c.name } }));
  }
});
afterAll(async () => {
  await replayAllThenClose(t);
});

describe('q', () => {
  it('finds a name by any part of it, two Chinese characters included, case-insensitively', async () => {
    // 娜李 and 'li anna' hold the characters of a name in another order: characters alone are not a match.
    for (const q of ['张伟', '伟', '伟华', '娜', '欧阳', 'anna', 'ANNA LI', '王芳', '娜李', 'li anna']) {
      expect(ids(await list(`q=${encodeURIComponent(q)}`)), q).toEqual(expected((c) => c.name.toLowerCase().includes(q.toLowerCase())));
    }
    expect((await list(`q=${encodeURIComponent('张芳')}`)).items).toEqual([]);
  });

  it('finds an ID number whole or by its last digits, a check character X in either case', async () => {
    const someone = created[3]!.idNumber;
    expect(ids(await list(`q=${someone}`))).toEqual([created[3]!.id]);
    for (const q of [someone.slice(-4), someone.slice(-1), someone.slice(-9), withX.slice(-3).toLowerCase(), withX.slice(-2)]) {
      expect(ids(await list(`q=${q}`)), q).toEqual(expected((c) => c.idNumber.endsWith(q.toUpperCase())));
    }
    expect((await list(`q=${someone.slice(0, 6)}`)).items, 'a prefix is not a suffix').toEqual([]);
  });

  it('finds an application by its id and by its certificate number', async () => {
    expect(ids(await list(`q=${created[4]!.id}`))).toEqual([created[4]!.id]);
    expect(ids(await list(`q=${created[4]!.id.toUpperCase()}`))).toEqual([created[4]!.id]);
    const cert = expectOk(await t.app.inject({ url: `/v1/applications/${walked.certified.id}/certificate`, headers: auth(admin()) }));
    expect(ids(await list(`q=${cert.number}`))).toEqual([walked.certified.id]);
    expect(ids(await list(`q=${cert.number.toLowerCase()}`))).toEqual([walked.certified.id]);
    expect((await list(`q=${cert.number.replace(/.$/, (c: string) => (c === '0' ? '1' : '0'))}`)).items).toEqual([]);
  });

  it('searches only what the caller may see', async () => {
    const tk = tokensFor(t, created[0]!.idNumber);
    expect(ids(await list('q=张伟', tk.applicant))).toEqual([created[0]!.id]);
    expect(ids(await list('q=张伟', tk.unit))).toEqual(expected((c) => c.name.includes('张伟') && c.unit === unitId));
    expect((await list(`q=${created[1]!.idNumber}`, tk.unit)).items).toEqual([]);
    const other = t.token({ sub: 'r2', role: 'unit', unitId: otherUnit });
    expect(ids(await list('q=娜', other))).toEqual([created[3]!.id]);
  });
});

describe('filters', () => {
  it('matches a compound state by its sub-states, and a comma list of states', async () => {
    expect(ids(await list('state=interview'))).toEqual([walked.scheduled.id, walked.deliberation.id].sort());
    expect(ids(await list('state=interview.scheduled'))).toEqual([walked.scheduled.id]);
    expect(ids(await list('state=submitted,certified'))).toEqual([created[1]!.id, walked.certified.id].sort());
    expect(ids(await list(`state=draft,interview.deliberation&planId=${intermediate}`))).toEqual(
      expected((c) => c.planId === intermediate && c.id !== created[1]!.id && !Object.values(walked).includes(c)),
    );
  });

  it('filters by plan, unit and time of last change (after: inclusive, before: exclusive)', async () => {
    expect(ids(await list(`planId=${junior}`))).toEqual(expected((c) => c.planId === junior));
    expect(ids(await list(`unitId=${otherUnit}`))).toEqual(expected((c) => c.unit === otherUnit));
    expect(ids(await list('updatedAfter=2022-01-10T04:00:00.000Z'))).toEqual(touched.map((c) => c.id).sort());
    expect(ids(await list('updatedAfter=2022-01-10T04:00:00.001Z'))).toEqual([touched[1].id]);
    expect(ids(await list('updatedAfter=2022-01-10T00:00:00%2B08:00&updatedBefore=2022-01-11T04:00:00Z'))).toEqual([touched[0].id]);
  });

  it('answers 400 for unknown states, unknown parameters and malformed values, naming the parameter', async () => {
    const cases: [string, string][] = [
      ['state=nonsense', '/state'],
      ['state=interview,nonsense', '/state'],
      ['state=', '/state'],
      ['name=张伟', '/'],
      ['idNumber=123', '/'],
      ['sort=name', '/sort'],
      ['updatedAfter=yesterday', '/updatedAfter'],
      ['q=', '/q'],
    ];
    for (const [query, path] of cases) {
      const p = expectProblem(await t.app.inject({ url: `/v1/applications?${query}`, headers: auth(admin()) }), 400, 'VALIDATION_FAILED');
      expect(p.errors[0], query).toMatchObject({ in: 'querystring' });
      if (path !== '/')
        expect(
          p.errors.map((e: { path: string }) => e.path),
          query,
        ).toContain(path);
    }
  });
});

describe('rows and pages', () => {
  it('carries name, plan, unit name, state, version and timestamps', async () => {
    const row = (await list(`q=${created[3]!.id}`)).items[0];
    expect(row).toMatchObject({
      id: created[3]!.id,
      name: '欧阳娜娜',
      idNumber: created[3]!.idNumber,
      planId: intermediate,
      plan: { year: 2021, level: 'intermediate', specialty: '建设工程' },
      unitId: otherUnit,
      unitName: testUnits[1].name,
      state: 'draft',
      version: 0,
    });
    expect(Date.parse(row.createdAt)).toBe(Date.parse(T0));
  });

  it('pages in creation order or order of last change, either direction, with nothing missing or repeated', async () => {
    const creationOrder = created.map((c) => c.id).sort(); // UUIDv7: id order is creation order
    for (const sort of ['createdAt', '-createdAt', 'updatedAt', '-updatedAt']) {
      const rows: Record<string, any>[] = [];
      let cursor: string | null = null;
      do {
        const body = await list(`sort=${sort}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
        rows.push(...body.items);
        cursor = body.nextCursor;
      } while (cursor);
      expect(rows.map((r) => r.id).sort(), sort).toEqual(creationOrder);
      const key = (r: Record<string, any>) => (sort.endsWith('createdAt') ? r.id : `${new Date(r.updatedAt).toISOString()}|${r.id}`);
      const keys = rows.map(key);
      const ascending = [...keys].sort();
      expect(keys, sort).toEqual(sort.startsWith('-') ? ascending.reverse() : ascending);
    }
    expect((await list('sort=-updatedAt&limit=2')).items.map((r: { id: string }) => r.id)).toEqual([touched[1].id, touched[0].id]);
  });

  it('refuses a cursor it did not issue, or one issued for another order', async () => {
    const first = await list('sort=updatedAt&limit=1');
    const p = expectProblem(
      await t.app.inject({ url: `/v1/applications?sort=createdAt&cursor=${first.nextCursor}`, headers: auth(admin()) }),
      400,
      'VALIDATION_FAILED',
    );
    expect(p.errors[0].path).toBe('/cursor');
    for (const cursor of ['nope', Buffer.from('{"sort":"createdAt","id":"x"}').toString('base64url')]) {
      expectProblem(await t.app.inject({ url: `/v1/applications?cursor=${cursor}`, headers: auth(admin()) }), 400, 'VALIDATION_FAILED');
    }
  });
});

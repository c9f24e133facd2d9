import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, createDraft, createPlan, send, type TestApp, testApp, tokensFor } from '../support/app';
import { idNumberFor, testUnits, validPayload, validPayloads } from '../support/factories';
import { history, view } from './support/inspect';
import { expectOk, expectProblem } from './support/problem';
import { replayAllThenClose } from './support/replay';
import { applicationIn, T0 } from './support/walk';

// Issue 11: one event type to many applications, each its own transition with its own
// outcome; the same request again applies nothing twice.

let t: TestApp;
let planId: string;
const ghost = '01900000-0000-7000-8000-00000000abcd';
let inPaper: string[];
let draft: string;

const committee = () => t.token({ sub: 'committee-office', role: 'committee' });
const bulk = (body: object, token = committee(), key: string | null = 'paper-round-1') =>
  t.app.inject({
    method: 'POST',
    url: '/v1/applications/bulk-events',
    headers: { ...auth(token), ...(key ? { 'idempotency-key': key } : {}) },
    payload: body,
  });

beforeAll(async () => {
  t = await testApp(T0);
  planId = await createPlan(t);
  inPaper = [];
  for (let i = 0; i < 4; i++) inPaper.push((await applicationIn(t, planId, 'paperSubmission')).id);
  draft = await createDraft(t, planId, idNumberFor(901));
});
afterAll(async () => {
  await replayAllThenClose(t);
});

describe('POST /v1/applications/bulk-events', () => {
  const [ok1, ok2, incomplete, malformed] = [0, 1, 2, 3];
  // The committee reads each form's code off its copies: the code travels per item.
  const codeOf = async (id: string) => ({
    ...validPayloads.PAPER_RECEIVED,
    ...validPayload('PAPER_RECEIVED', (await view(t, id)).context),
  });
  const request = async () => ({
    type: 'PAPER_RECEIVED',
    payload: validPayloads.PAPER_RECEIVED,
    items: [
      { applicationId: inPaper[ok1], payload: await codeOf(inPaper[ok1]!) },
      { applicationId: inPaper[ok2], payload: await codeOf(inPaper[ok2]!) },
      { applicationId: draft },
      { applicationId: inPaper[incomplete], payload: { copies: 2 } },
      { applicationId: inPaper[malformed], payload: { copies: 'three' } },
      { applicationId: ghost },
    ],
  });

  // In paperSubmission after SUBMIT, START_UNIT_PUBLICITY, the unit's two verifications, UNIT_APPROVE, the bureau's two
  // and AUDIT_APPROVE: PAPER_RECEIVED is event 9.
  it('applies each item on its own: applied, refused with the problem, not found', async () => {
    const before = await Promise.all([draft, ...inPaper].map((id) => view(t, id)));
    const res = expectOk(await bulk(await request()));
    expect(res.summary).toEqual({ applied: 2, refused: 3, notFound: 1 });
    const [a, b, c, d, e, f] = res.items;
    for (const [item, id] of [
      [a, inPaper[ok1]],
      [b, inPaper[ok2]],
    ] as const) {
      expect(item).toMatchObject({ applicationId: id, outcome: 'applied', state: 'qualificationPublicity', version: 9 });
      expect(item.event).toEqual({ seq: 9, type: 'PAPER_RECEIVED', from: 'paperSubmission', to: 'qualificationPublicity' });
      expect((await view(t, id!)).state).toBe('qualificationPublicity');
    }
    expect(c).toMatchObject({
      applicationId: draft,
      outcome: 'refused',
      problem: { code: 'ILLEGAL_TRANSITION', status: 409, state: 'draft' },
    });
    expect(d).toMatchObject({ outcome: 'refused', problem: { code: 'PAPER_INCOMPLETE', status: 422, copies: 2 } });
    expect(e).toMatchObject({ outcome: 'refused', problem: { code: 'VALIDATION_FAILED', status: 400 } });
    expect(e.problem.errors).toEqual([expect.objectContaining({ in: 'body', path: '/items/4/payload/copies' })]);
    expect(f).toMatchObject({ applicationId: ghost, outcome: 'notFound', problem: { code: 'NOT_FOUND', status: 404 } });
    // The refused items are untouched.
    for (const id of [draft, inPaper[incomplete]!, inPaper[malformed]!]) {
      const was = before.find((v) => v.id === id)!;
      expect((await view(t, id)).version).toBe(was.version);
    }
  });

  it('applies nothing twice when the same request is sent again with its Idempotency-Key', async () => {
    const lengths = await Promise.all(inPaper.map(async (id) => (await history(t, id)).length));
    const again = expectOk(await bulk(await request()));
    expect(again.summary).toEqual({ applied: 2, refused: 3, notFound: 1 });
    expect(again.items[0].event).toEqual({ seq: 9, type: 'PAPER_RECEIVED', from: 'paperSubmission', to: 'qualificationPublicity' });
    expect(await Promise.all(inPaper.map(async (id) => (await history(t, id)).length))).toEqual(lengths);
    // Under another key the applied ones are now illegal: the first request really happened once.
    const other = expectOk(await bulk(await request(), committee(), 'paper-round-2'));
    expect(other.items.slice(0, 2).map((i: { problem: { code: string } }) => i.problem.code)).toEqual([
      'ILLEGAL_TRANSITION',
      'ILLEGAL_TRANSITION',
    ]);
  });

  it('needs an Idempotency-Key, a role that may send the event, distinct applications and at most 500 items', async () => {
    const one = { type: 'PAPER_RECEIVED', payload: validPayloads.PAPER_RECEIVED, items: [{ applicationId: inPaper[incomplete] }] };
    expectProblem(await bulk(one, committee(), null), 400, 'VALIDATION_FAILED');
    const tk = tokensFor(t, idNumberFor(901));
    for (const token of [tk.applicant, tk.unit, tk.hr, tk.admin]) expectProblem(await bulk(one, token), 403, 'FORBIDDEN');
    expectProblem(await bulk({ type: 'PUBLICITY_ENDED', items: one.items }, tk.admin), 403, 'FORBIDDEN');
    expectProblem(await bulk({ ...one, items: [...one.items, ...one.items] }), 400, 'VALIDATION_FAILED');
    const many = Array.from({ length: 501 }, (_, i) => ({ applicationId: `01900000-0000-7000-8000-${String(i).padStart(12, '0')}` }));
    expectProblem(await bulk({ ...one, items: many }), 400, 'VALIDATION_FAILED');
    expectProblem(await bulk({ ...one, items: [] }), 400, 'VALIDATION_FAILED');
    expectProblem(await bulk({ ...one, type: 'NOT_AN_EVENT' }), 400, 'VALIDATION_FAILED');
    expect((await view(t, inPaper[incomplete]!)).state).toBe('paperSubmission');
  });

  it("answers not found for an application outside the caller's view, as the single route does", async () => {
    const mine = await createDraft(t, planId, idNumberFor(902));
    const theirs = await createDraft(t, planId, idNumberFor(903));
    for (const [id, who] of [
      [mine, idNumberFor(902)],
      [theirs, idNumberFor(903)],
    ] as const)
      expectOk(await send(t, id, t.token({ sub: who, role: 'applicant' }), 'SUBMIT', validPayloads.SUBMIT));
    // Another unit's reviewer: the second application is moved to that unit's view by asking as the other unit.
    const otherUnit = t.token({ sub: 'r2', role: 'unit', unitId: testUnits[1].id });
    const res = expectOk(
      await bulk(
        { type: 'START_UNIT_PUBLICITY', payload: { startDate: '2021-08-09' }, items: [{ applicationId: mine }, { applicationId: theirs }] },
        otherUnit,
        'publicity-1',
      ),
    );
    expect(res.items.map((i: { outcome: string }) => i.outcome)).toEqual(['notFound', 'notFound']);
    const ownUnit = tokensFor(t, idNumberFor(902)).unit;
    const applied = expectOk(
      await bulk(
        { type: 'START_UNIT_PUBLICITY', payload: { startDate: '2021-08-09' }, items: [{ applicationId: mine }] },
        ownUnit,
        'publicity-1',
      ),
    );
    expect(applied.items[0]).toMatchObject({ outcome: 'applied', state: 'unitPublicity' });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPlan, send, type TestApp, testApp } from '../support/app';
import { validPayload, validPayloads } from '../support/factories';
import { footprint, history, view } from './support/inspect';
import { expectOk, expectProblem } from './support/problem';
import { replayAllThenClose } from './support/replay';
import { applicationIn, T0, verifyFacts } from './support/walk';

let t: TestApp;
let planId: string;
beforeAll(async () => {
  t = await testApp(T0);
  planId = await createPlan(t);
});
afterAll(async () => {
  await replayAllThenClose(t);
});

describe('If-Match', () => {
  it('applies with the current version and refuses a stale one with 409 VERSION_CONFLICT, writing nothing', async () => {
    const { id, tk } = await applicationIn(t, planId, 'draft');
    const got = await t.app.inject({ url: `/v1/applications/${id}`, headers: { authorization: `Bearer ${tk.applicant}` } });
    expect(got.headers.etag).toBe('"0"');
    expectOk(await send(t, id, tk.applicant, 'UPDATE_DRAFT', { facts: { name: '李四' } }, { 'if-match': '"0"' }));
    const before = await footprint(t, id);
    const body = expectProblem(
      await send(t, id, tk.applicant, 'UPDATE_DRAFT', { facts: { name: '王五' } }, { 'if-match': '0' }),
      409,
      'VERSION_CONFLICT',
    );
    expect(body.currentVersion).toBe(1);
    expect(await footprint(t, id)).toEqual(before);
    expect(expectOk(await send(t, id, tk.applicant, 'SUBMIT', validPayloads.SUBMIT, { 'if-match': '1' })).version).toBe(2);
  });
});

describe('Idempotency-Key', () => {
  it('answers a repeat with the first answer and applies the event once', async () => {
    const { id, tk } = await applicationIn(t, planId, 'qualificationPublicity');
    const key = { 'idempotency-key': 'objection-1' };
    const first = expectOk(await send(t, id, tk.committee, 'RAISE_OBJECTION', { objection: '业绩存疑' }, key));
    const second = expectOk(await send(t, id, tk.committee, 'RAISE_OBJECTION', { objection: '业绩存疑' }, key));
    expect(second).toEqual(first);
    const v = await view(t, id);
    expect(v.version).toBe(first.version);
    expect(v.context.publicity.objections).toHaveLength(1);
    expect((await history(t, id)).filter((e) => e.type === 'RAISE_OBJECTION')).toHaveLength(1);
  });

  it('replays the first answer even after the state has moved on', async () => {
    const { id, tk } = await applicationIn(t, planId, 'submitted');
    const key = { 'idempotency-key': 'start-publicity' };
    const payload = { startDate: '2021-08-02' };
    const first = expectOk(await send(t, id, tk.unit, 'START_UNIT_PUBLICITY', payload, key));
    expectOk(await send(t, id, tk.unit, 'RETURN_TO_APPLICANT', { reason: '材料不全' }));
    expect(expectOk(await send(t, id, tk.unit, 'START_UNIT_PUBLICITY', payload, key))).toEqual(first);
    expect((await view(t, id)).state).toBe('draft');
  });

  it('refuses the same key with a different body, or on another application, with 422 IDEMPOTENCY_KEY_REUSED', async () => {
    const a = await applicationIn(t, planId, 'qualificationPublicity');
    const b = await applicationIn(t, planId, 'qualificationPublicity');
    const key = { 'idempotency-key': 'reused' };
    expectOk(await send(t, a.id, a.tk.committee, 'RAISE_OBJECTION', { objection: '甲' }, key));
    const beforeA = await footprint(t, a.id);
    const beforeB = await footprint(t, b.id);
    expectProblem(await send(t, a.id, a.tk.committee, 'RAISE_OBJECTION', { objection: '乙' }, key), 422, 'IDEMPOTENCY_KEY_REUSED');
    expectProblem(await send(t, b.id, b.tk.committee, 'RAISE_OBJECTION', { objection: '甲' }, key), 422, 'IDEMPOTENCY_KEY_REUSED');
    expect(await footprint(t, a.id)).toEqual(beforeA);
    expect(await footprint(t, b.id)).toEqual(beforeB);
  });

  it('keeps keys per caller: another actor may use the same key', async () => {
    const { id, tk } = await applicationIn(t, planId, 'municipalAudit');
    await verifyFacts(t, id, tk, 'hr');
    const key = { 'idempotency-key': 'shared-key' };
    const audited = expectOk(await send(t, id, tk.hr, 'AUDIT_APPROVE', { opinion: '审核通过' }, key));
    expect(expectOk(await send(t, id, tk.committee, 'PAPER_RECEIVED', validPayload('PAPER_RECEIVED', audited.context), key)).state).toBe(
      'qualificationPublicity',
    );
  });

  it('does not consume the key when the request is refused', async () => {
    const { id, tk } = await applicationIn(t, planId, 'feePayment');
    const key = { 'idempotency-key': 'fee' };
    expectProblem(await send(t, id, tk.applicant, 'PAY_FEE', { amount: 1 }, key), 422, 'FEE_MISMATCH');
    expect(expectOk(await send(t, id, tk.applicant, 'PAY_FEE', { amount: 100 }, key)).state).toBe('interview.awaitingSchedule');
  });

  it('applies concurrent repeats of one key exactly once, and all get the same answer', async () => {
    const { id, tk } = await applicationIn(t, planId, 'qualificationPublicity');
    const before = await view(t, id);
    const key = { 'idempotency-key': 'concurrent' };
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => send(t, id, tk.committee, 'RAISE_OBJECTION', { objection: '并发' }, key)),
    );
    const bodies = answers.map(expectOk);
    for (const b of bodies) expect(b).toEqual(bodies[0]);
    const after = await view(t, id);
    expect(after.version).toBe(before.version + 1);
    expect(after.context.publicity.objections).toHaveLength(1);
  });
});

describe('concurrent requests on one application', () => {
  it('serialises ten RAISE_OBJECTION: ten objections, version + 10, no lost update', async () => {
    const { id, tk } = await applicationIn(t, planId, 'qualificationPublicity');
    const before = await view(t, id);
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) => send(t, id, tk.committee, 'RAISE_OBJECTION', { objection: `异议${i}` })),
    );
    const versions = answers.map((r) => expectOk(r).version).sort((x, y) => x - y);
    expect(versions).toEqual(Array.from({ length: 10 }, (_, i) => before.version + 1 + i));
    const after = await view(t, id);
    expect(after.version).toBe(before.version + 10);
    expect(after.context.publicity.objections.map((o: { text: string }) => o.text).sort()).toEqual(
      Array.from({ length: 10 }, (_, i) => `异议${i}`).sort(),
    );
    const seqs = (await history(t, id)).map((e) => e.seq);
    expect(seqs).toEqual(Array.from({ length: after.version + 1 }, (_, i) => i));
  });

  it('lets only one of several conflicting events win', async () => {
    const { id, tk } = await applicationIn(t, planId, 'municipalAudit');
    await verifyFacts(t, id, tk, 'hr');
    const before = await view(t, id);
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        i % 2 ? send(t, id, tk.hr, 'AUDIT_APPROVE', { opinion: '通过' }) : send(t, id, tk.hr, 'AUDIT_REJECT', { reason: '资历不符' }),
      ),
    );
    const won = answers.filter((r) => r.statusCode === 200);
    expect(won).toHaveLength(1);
    for (const r of answers.filter((x) => x.statusCode !== 200)) expectProblem(r, 409, 'ILLEGAL_TRANSITION');
    const after = await view(t, id);
    expect(after.version).toBe(before.version + 1);
    expect(after.state).toBe(won[0]!.json().state);
    expect((await history(t, id)).filter((e) => e.type.startsWith('AUDIT_'))).toHaveLength(1);
  });

  it('with the same If-Match, exactly one of several concurrent requests applies; the rest get VERSION_CONFLICT', async () => {
    const { id, tk } = await applicationIn(t, planId, 'qualificationPublicity');
    const { version } = await view(t, id);
    const answers = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        send(t, id, tk.committee, 'RAISE_OBJECTION', { objection: `异议${i}` }, { 'if-match': String(version) }),
      ),
    );
    expect(answers.filter((r) => r.statusCode === 200)).toHaveLength(1);
    for (const r of answers.filter((x) => x.statusCode !== 200)) expectProblem(r, 409, 'VERSION_CONFLICT');
    const after = await view(t, id);
    expect(after.version).toBe(version + 1);
    expect(after.context.publicity.objections).toHaveLength(1);
  });

  it('serialises events from different roles on one application', async () => {
    const { id, tk } = await applicationIn(t, planId, 'draft');
    const answers = await Promise.all([
      ...Array.from({ length: 4 }, (_, i) => send(t, id, tk.applicant, 'UPDATE_DRAFT', { facts: { name: `名${i}` } })),
      send(t, id, tk.applicant, 'SUBMIT', validPayloads.SUBMIT),
    ]);
    const applied = answers.filter((r) => r.statusCode === 200).length;
    for (const r of answers.filter((x) => x.statusCode !== 200)) expectProblem(r, 409, 'MATERIALS_FROZEN');
    const after = await view(t, id);
    expect(after.version).toBe(applied);
    expect(after.state).toBe('submitted');
  });
});

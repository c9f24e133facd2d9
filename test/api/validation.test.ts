import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventTypes } from '../../machines/events';
import { auth, createDraft, createPlan, send, type TestApp, testApp, tokensFor } from '../support/app';
import { idNumberFor, validPayloads } from '../support/factories';
import { footprint } from './support/inspect';
import { expectOk, expectProblem } from './support/problem';
import { replayAllThenClose } from './support/replay';
import { T0, type Tokens } from './support/walk';

let t: TestApp;
let id: string;
let tk: Tokens;
beforeAll(async () => {
  t = await testApp(T0);
  const planId = await createPlan(t);
  const idNumber = idNumberFor(401);
  tk = tokensFor(t, idNumber);
  id = await createDraft(t, planId, idNumber);
});
afterAll(async () => {
  await replayAllThenClose(t);
});

const post = (payload: unknown, headers: Record<string, string> = {}) =>
  t.app.inject({
    method: 'POST',
    url: `/v1/applications/${id}/events`,
    headers: { ...auth(tk.applicant), ...headers },
    payload: payload as object,
  });

describe('event bodies are validated before anything is read or written', () => {
  it('refuses unknown types, missing, mistyped and extra fields with 400 VALIDATION_FAILED, writing nothing', async () => {
    const before = await footprint(t, id);
    const bad: unknown[] = [
      {},
      { type: 'APPROVE_EVERYTHING' },
      { type: 'submit', commitmentSigned: true },
      { type: 42 },
      { type: 'SUBMIT' },
      { type: 'SUBMIT', commitmentSigned: 'yes' },
      { type: 'SUBMIT', commitmentSigned: true, extra: 1 },
      { type: 'UPDATE_DRAFT', facts: { birthDate: '1990-02-30' } },
      { type: 'UPDATE_DRAFT', facts: { birthDate: 19900512 } },
      { type: 'UPDATE_DRAFT', facts: { unitType: 'ministry' } },
      { type: 'UPDATE_DRAFT', facts: { nickname: 'x' } },
      { type: 'UPDATE_DRAFT', materials: [{ kind: 'form', name: 'a.pdf', sha256: 'not-a-hash' }] },
      { type: 'WITHDRAW', reason: '' },
      { type: 'PAY_FEE', amount: '100' },
      { type: 'PAY_FEE' },
      { type: 'START_UNIT_PUBLICITY', startDate: '2021-13-01' },
      { type: 'RETURN_TO_APPLICANT' },
      { type: 'PAPER_RECEIVED', copies: 2.5, stamped: true, watermarked: true },
      { type: 'SCHEDULE_INTERVIEW', time: 'tomorrow', place: 'x' },
    ];
    for (const body of bad) {
      const problem = expectProblem(await post(body), 400, 'VALIDATION_FAILED');
      expect(problem.errors?.length, JSON.stringify(body)).toBeGreaterThan(0);
    }
    expectProblem(
      await t.app.inject({
        method: 'POST',
        url: `/v1/applications/${id}/events`,
        headers: { ...auth(tk.applicant), 'content-type': 'application/json' },
        payload: '{"type":',
      }),
      400,
      'VALIDATION_FAILED',
    );
    expectProblem(await post({ type: 'SUBMIT', commitmentSigned: true }, { 'if-match': 'latest' }), 400, 'VALIDATION_FAILED');
    expectProblem(await post({ type: 'UPDATE_DRAFT' }), 400, 'VALIDATION_FAILED');
    expectProblem(
      await t.app.inject({
        method: 'POST',
        url: '/v1/applications/not-a-uuid/events',
        headers: auth(tk.applicant),
        payload: { type: 'SUBMIT', commitmentSigned: true },
      }),
      400,
      'VALIDATION_FAILED',
    );
    expect(await footprint(t, id)).toEqual(before);
  });

  it('does not consume an Idempotency-Key on a refused body', async () => {
    const key = { 'idempotency-key': 'validate-first' };
    expectProblem(await post({ type: 'UPDATE_DRAFT', facts: { name: '' } }, key), 400, 'VALIDATION_FAILED');
    expect(expectOk(await post({ type: 'UPDATE_DRAFT', facts: { name: '李四' } }, key)).context.facts.name).toBe('李四');
  });

  it('accepts the valid payload of every event type as far as validation goes', async () => {
    // Each gets past validation: the answer is a domain refusal or success, never 400.
    for (const type of eventTypes) {
      const res = await send(t, id, tk.committee, type, validPayloads[type]);
      expect(res.statusCode, `${type}: ${res.body}`).not.toBe(400);
    }
  });

  it('validates POST /v1/applications: dates, ID-number-bearing facts, unknown plan', async () => {
    const create = (payload: object) => t.app.inject({ method: 'POST', url: '/v1/applications', headers: auth(tk.applicant), payload });
    const { context } = expectOk(await t.app.inject({ url: `/v1/applications/${id}`, headers: auth(tk.applicant) }));
    const ok = { planId: context.plan.id, unitId: context.unitId, facts: context.facts };
    for (const body of [
      { ...ok, facts: { ...ok.facts, birthDate: '1990-02-29' } },
      { ...ok, facts: { ...ok.facts, socialInsuranceSince: '2018/03/01' } },
      { ...ok, facts: { ...ok.facts, retirementCategory: undefined } },
      { ...ok, planId: 'plan-2021' },
      { ...ok, unitId: '' },
      { ...ok, surprise: true },
      { ...ok, facts: { ...ok.facts, birthdate: '1990-05-12' } },
    ])
      expectProblem(await create(body), 400, 'VALIDATION_FAILED');
    expectProblem(await create({ ...ok, planId: '01900000-0000-7000-8000-000000000000' }), 400, 'VALIDATION_FAILED');
  });
});

describe('problem documents', () => {
  const zhOnly = /[\u4e00-\u9fff]/;

  it('carry a Chinese detail by default and an English one with Accept-Language: en', async () => {
    type Req = (h: Record<string, string>) => ReturnType<typeof post>;
    const cases: { req: Req; status: number; code: string }[] = [
      { req: (h) => t.app.inject({ url: '/v1/plans', headers: h }), status: 401, code: 'UNAUTHENTICATED' },
      { req: (h) => t.app.inject({ url: '/v1/nowhere', headers: { ...auth(tk.admin), ...h } }), status: 404, code: 'NOT_FOUND' },
      { req: (h) => post({ type: 'PAY_FEE', amount: 100 }, h), status: 409, code: 'ILLEGAL_TRANSITION' },
      { req: (h) => post({ type: 'NOPE' }, h), status: 400, code: 'VALIDATION_FAILED' },
      { req: (h) => send(t, id, tk.hr, 'SUBMIT', validPayloads.SUBMIT, h), status: 403, code: 'FORBIDDEN' },
      { req: (h) => post({ type: 'SUBMIT', commitmentSigned: false }, h), status: 422, code: 'NOT_ELIGIBLE' },
    ];
    for (const c of cases) {
      const zh = expectProblem(await c.req({}), c.status, c.code);
      expect(zh.detail, c.code).toMatch(zhOnly);
      expect(zh).toMatchObject({
        type: expect.any(String),
        title: expect.any(String),
        instance: expect.any(String),
        requestId: expect.any(String),
      });
      expect(expectProblem(await c.req({ 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.8' }), c.status, c.code).detail).toBe(zh.detail);
      for (const lang of ['en', 'en-US', 'en-GB,en;q=0.9']) {
        const en = expectProblem(await c.req({ 'accept-language': lang }), c.status, c.code);
        expect(en.detail, `${c.code} ${lang}`).not.toMatch(zhOnly);
        expect(en.detail.length).toBeGreaterThan(0);
      }
    }
  });
});

describe('GET /v1/machine', () => {
  it('returns the definition as JSON', async () => {
    // Version 2, the example, has every event type; the default (version 1) all but its supplements.
    const body = expectOk(await t.app.inject({ url: '/v1/machine?version=2', headers: auth(tk.unit) }));
    expect(body.id).toBe('application');
    const edges = body.transitions as { from: string; to: string; event: string; senders: string[] }[];
    expect(edges).toContainEqual({ from: 'draft', to: 'submitted', event: 'SUBMIT', senders: ['applicant'] });
    expect(edges).toContainEqual({ from: 'qualificationPublicity', to: 'feePayment', event: 'PUBLICITY_ENDED', senders: ['system'] });
    expect(new Set(edges.map((e) => e.event))).toEqual(new Set(eventTypes));
  });

  it('returns a Mermaid stateDiagram-v2 with ?format=mermaid', async () => {
    const res = await t.app.inject({ url: '/v1/machine?format=mermaid&version=2', headers: auth(tk.applicant) });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/vnd\.mermaid/);
    const lines = res.body.split('\n');
    expect(lines[0]).toBe('stateDiagram-v2');
    expect(res.body).toContain('[*] --> draft');
    expect(res.body).toMatch(/draft --> submitted: SUBMIT/);
    expect(res.body).toMatch(/state interview \{/);
    for (const type of eventTypes) expect(res.body).toContain(`: ${type} (`);
    expectProblem(await t.app.inject({ url: '/v1/machine?format=svg', headers: auth(tk.applicant) }), 400, 'VALIDATION_FAILED');
  });
});

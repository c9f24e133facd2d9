import { afterAll, beforeAll, expect, it } from 'vitest';
import { createBatch, runBatch } from '../../src/workflow/batches';
import { auth, createDraft, createPlan, type TestApp, testApp } from '../support/app';
import { idNumberFor, testUnits } from '../support/factories';
import { view } from './support/inspect';
import { expectProblem } from './support/problem';
import { replayAllThenClose } from './support/replay';
import { applicationIn, T0 } from './support/walk';

// Issue 27, item 4: a batch over a filter, run by the service — the count confirmed, progress
// and per-item outcome read back, who started it, in the audit trail, cancellable. The oracle
// for each outcome is the application as GET /v1/applications/{id} shows it afterwards.

let t: TestApp;
let planId: string;
let inAudit: string[];
let draft: string;
const hr = () => t.token({ sub: 'bureau-clerk', role: 'hr' });
const admin = () => t.token({ sub: 'admin', role: 'admin' });
const call = (method: 'GET' | 'POST', url: string, payload?: object, token = hr()) =>
  t.app.inject({ method, url, headers: { ...auth(token), 'accept-language': 'zh-CN' }, ...(payload ? { payload } : {}) });

beforeAll(async () => {
  t = await testApp(T0);
  planId = await createPlan(t);
  inAudit = [];
  for (let i = 0; i < 3; i++) inAudit.push((await applicationIn(t, planId, 'municipalAudit')).id);
  draft = await createDraft(t, planId, idNumberFor(951));
});
afterAll(async () => {
  await replayAllThenClose(t);
});

const reject = (expectedCount: number, filter: object = { planId }) => ({
  type: 'AUDIT_REJECT',
  payload: { reason: '批量测试：材料不全' },
  filter,
  expectedCount,
});

it('counts what a filter matches, and refuses a batch whose confirmed count is no longer true', async () => {
  const matching = await call('GET', `/v1/batches/matching?planId=${planId}`);
  expect(matching.json()).toEqual({ matching: 4, max: 10_000 });
  const body = expectProblem(await call('POST', '/v1/batches', reject(3)), 409, 'BATCH_COUNT_CHANGED');
  expect(body).toMatchObject({ matching: 4, expectedCount: 3 });
  // An invalid filter is refused where it stands; an event the role may not send is forbidden.
  const invalid = expectProblem(await call('POST', '/v1/batches', reject(1, { state: 'nowhere' })), 400, 'VALIDATION_FAILED');
  expect(invalid.errors[0].path).toBe('/filter/state');
  const unit = t.token({ sub: 'unit-reviewer', role: 'unit', unitId: testUnits[0].id });
  expectProblem(await call('POST', '/v1/batches', reject(4), unit), 403, 'FORBIDDEN');
  expect((await call('GET', '/v1/batches')).json().items).toEqual([]);
});

it('applies the event to every matching application in the background, each with its own outcome, and records who started it', async () => {
  const started = await call('POST', '/v1/batches', reject(4));
  expect(started.statusCode, started.body).toBe(202);
  const { id } = started.json();
  expect(started.json()).toMatchObject({ type: 'AUDIT_REJECT', total: 4, startedBy: { sub: 'bureau-clerk', role: 'hr' } });
  await expect.poll(async () => (await call('GET', `/v1/batches/${id}`)).json().status, { timeout: 30_000 }).toBe('done');
  const batch = (await call('GET', `/v1/batches/${id}`)).json();
  expect(batch.counts).toEqual({ pending: 0, applied: 3, refused: 1, notFound: 0, cancelled: 0 });

  const items = (await call('GET', `/v1/batches/${id}/items`)).json().items as {
    applicationId: string;
    outcome: string;
    state: string | null;
    problem: { code: string; detail: string } | null;
  }[];
  expect(items.map((i) => i.applicationId).sort()).toEqual([...inAudit, draft].sort());
  for (const item of items) {
    const now = await view(t, item.applicationId);
    if (item.applicationId === draft) {
      expect(item).toMatchObject({
        outcome: 'refused',
        state: null,
        problem: { code: 'ILLEGAL_TRANSITION', detail: '当前状态不允许此操作' },
      });
      expect(now.state).toBe('draft');
    } else {
      expect(item).toMatchObject({ outcome: 'applied', state: 'rejected', problem: null });
      expect(now.state).toBe('rejected');
    }
  }
  const refused = (await call('GET', `/v1/batches/${id}/items?outcome=refused`)).json().items;
  expect(refused.map((i: { applicationId: string }) => i.applicationId)).toEqual([draft]);

  // Listed, newest first, with who started it; in the audit trail; finished, so not cancellable.
  const list = (await call('GET', '/v1/batches')).json();
  expect(list.items[0]).toMatchObject({ id, status: 'done', startedBy: { sub: 'bureau-clerk' } });
  const audit = (await call('GET', `/v1/audit?action=batch.start&target=${id}`, undefined, admin())).json();
  expect(audit.items).toHaveLength(1);
  expect(audit.items[0]).toMatchObject({ actor: 'bureau-clerk', details: { type: 'AUDIT_REJECT', total: 4, role: 'hr' } });
  expectProblem(await call('POST', `/v1/batches/${id}/cancel`), 409, 'BATCH_FINISHED');
  // Nothing more happens when it runs again (as after a restart).
  const versions = await Promise.all([...inAudit, draft].map(async (a) => (await view(t, a)).version));
  await runBatch(t.app.db, t.clock, id);
  expect(await Promise.all([...inAudit, draft].map(async (a) => (await view(t, a)).version))).toEqual(versions);
});

it('a cancelled batch leaves the applications it had not reached as they are', async () => {
  const fresh = (await applicationIn(t, planId, 'municipalAudit')).id;
  const before = await view(t, fresh);
  // Created as the route creates it, but not yet run: cancelled before its first chunk.
  const actor = { sub: 'bureau-clerk', role: 'hr' as const, unitId: null };
  const batch = await createBatch(
    t.app.db,
    {
      id: '01900000-0000-7000-8000-0000000b0001',
      type: 'AUDIT_REJECT',
      payload: { reason: '取消测试' },
      filter: { planId },
      startedBy: actor,
      at: t.clock.now(),
    },
    [fresh],
  );
  const cancelled = await call('POST', `/v1/batches/${batch.id}/cancel`);
  expect(cancelled.statusCode, cancelled.body).toBe(200);
  expect(cancelled.json()).toMatchObject({ status: 'cancelled', cancelledBy: 'bureau-clerk', counts: { cancelled: 1, pending: 0 } });
  await runBatch(t.app.db, t.clock, batch.id);
  expect((await view(t, fresh)).version).toBe(before.version);
  const audit = (await call('GET', `/v1/audit?action=batch.cancel&target=${batch.id}`, undefined, admin())).json();
  expect(audit.items[0]).toMatchObject({ actor: 'bureau-clerk' });
  // Another unit's reviewer does not see it.
  const unit = t.token({ sub: 'unit-reviewer', role: 'unit', unitId: testUnits[1].id });
  expectProblem(await call('GET', `/v1/batches/${batch.id}`, undefined, unit), 404, 'NOT_FOUND');
});

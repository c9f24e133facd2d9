import { setTimeout as sleep } from 'node:timers/promises';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/auth/access';
import { outbox } from '../../src/db/schema';
import { applyTransition } from '../../src/workflow/apply-transition';
import { auth, createDraft, createPlan, send, setClock, type TestApp, testApp, tokensFor } from '../support/app';
import { idNumberFor, validPayloads } from '../support/factories';
import { latch } from '../support/latch';
import { view } from './support/inspect';
import { expectOk, expectProblem } from './support/problem';
import { replayAllThenClose } from './support/replay';
import { applicationIn, T0, walkTo } from './support/walk';

// Issue 11: an admin extends a plan's window or changes its fee, with a reason; the change
// reaches applications created before it, and the fee is fixed once a fee notice went out.

let t: TestApp;
const admin = () => t.token({ sub: 'admin', role: 'admin' });
const patch = (planId: string, payload: object, token = admin()) =>
  t.app.inject({ method: 'PATCH', url: `/v1/plans/${planId}`, headers: auth(token), payload });
const historyOf = async (planId: string, token = admin()) =>
  expectOk(await t.app.inject({ url: `/v1/plans/${planId}/history`, headers: auth(token) })).items;
const planRow = async (planId: string) =>
  expectOk(await t.app.inject({ url: '/v1/plans', headers: auth(admin()) })).items.find((p: { id: string }) => p.id === planId);

beforeAll(async () => {
  t = await testApp(T0);
});
afterAll(async () => {
  await replayAllThenClose(t);
});

describe('extending the window', () => {
  it('lets a draft created before the extension be submitted after the old closing date', async () => {
    const planId = await createPlan(t); // open 2021-07-30 … 2021-09-30
    const idNumber = idNumberFor(1);
    const draft = await createDraft(t, planId, idNumber);
    const tk = tokensFor(t, idNumber);
    await setClock(t, '2021-10-08T02:00:00.000Z');
    const closed = expectProblem(await send(t, draft, tk.applicant, 'SUBMIT', validPayloads.SUBMIT), 422, 'PLAN_CLOSED');
    expect(closed.closesAt).toBe('2021-09-30');

    for (const role of ['applicant', 'unit', 'hr', 'committee'] as const) {
      expectProblem(await patch(planId, { closesAt: '2021-10-15', reason: 'x' }, tk[role]), 403, 'FORBIDDEN');
    }
    const edited = expectOk(await patch(planId, { closesAt: '2021-10-15', reason: '国庆假期顺延申报' }));
    expect(edited).toMatchObject({ id: planId, opensAt: '2021-07-30', closesAt: '2021-10-15', fee: 100 });

    const submitted = expectOk(await send(t, draft, tk.applicant, 'SUBMIT', validPayloads.SUBMIT));
    expect(submitted.state).toBe('submitted');
    expect(submitted.context.plan.closesAt).toBe('2021-10-15');

    for (const role of ['applicant', 'unit', 'hr', 'committee', 'admin'] as const) {
      expect(await historyOf(planId, tk[role])).toEqual([
        expect.objectContaining({
          action: 'plan.edit',
          target: planId,
          actor: 'admin',
          reason: '国庆假期顺延申报',
          at: '2021-10-08T02:00:00.000Z',
          details: { changes: { closesAt: { from: '2021-09-30', to: '2021-10-15' } } },
        }),
      ]);
    }
  });

  it('refuses an edit that is malformed, changes nothing or targets no plan, writing nothing', async () => {
    const planId = await createPlan(t);
    const cases: object[] = [
      { closesAt: '2021-07-01', reason: 'x' },
      { closesAt: '2021-09-30', reason: 'same as before' },
      { reason: 'nothing' },
      { closesAt: '2021-10-15' },
      { closesAt: '2021-02-30', reason: 'x' },
      { fee: -1, reason: 'x' },
      { year: 2022, reason: 'x' },
    ];
    for (const body of cases) expectProblem(await patch(planId, body), 400, 'VALIDATION_FAILED');
    expectProblem(await patch('01900000-0000-7000-8000-000000000000', { closesAt: '2021-10-15', reason: 'x' }), 404, 'NOT_FOUND');
    expectProblem(
      await t.app.inject({ url: '/v1/plans/01900000-0000-7000-8000-000000000000/history', headers: auth(admin()) }),
      404,
      'NOT_FOUND',
    );
    expect(await historyOf(planId)).toEqual([]);
    expect(await planRow(planId)).toMatchObject({ closesAt: '2021-09-30', fee: 100 });
  });
});

describe('changing the fee', () => {
  it('reaches an application not yet notified, and is refused once a notice stated the fee', async () => {
    const planId = await createPlan(t);
    const a = await applicationIn(t, planId, 'qualificationPublicity');
    expectOk(await patch(planId, { fee: 120, reason: '收费标准调整' }));
    await walkTo(t, a.id, a.tk, 'feePayment');
    const [notice] = await t.database.db.select().from(outbox).where(eq(outbox.applicationId, a.id));
    expect(notice).toMatchObject({ kind: 'feeDue', payload: { amount: 120 } });
    expect((await view(t, a.id)).context.plan.fee).toBe(120);
    expect(expectProblem(await send(t, a.id, a.tk.applicant, 'PAY_FEE', { amount: 100 }), 422, 'FEE_MISMATCH').expected).toBe(120);

    // Notified, not yet paid: the notice already told the applicant the amount.
    const refused = expectProblem(await patch(planId, { fee: 150, reason: '再次调整' }), 409, 'FEE_LOCKED');
    expect(refused.planId).toBe(planId);
    expectOk(await send(t, a.id, a.tk.applicant, 'PAY_FEE', { amount: 120 }));
    expectProblem(await patch(planId, { fee: 100, reason: '恢复' }), 409, 'FEE_LOCKED');

    expect(await planRow(planId)).toMatchObject({ fee: 120 });
    const edits = await historyOf(planId);
    expect(edits.map((e: { details: unknown }) => e.details)).toEqual([{ changes: { fee: { from: 100, to: 120 } } }]);
    // The window may still change after fees are fixed.
    expectOk(await patch(planId, { closesAt: '2021-10-31', reason: '顺延' }));
  });

  it('holds a fee edit while a fee notice is being written, then refuses it once the notice commits', async () => {
    const planId = await createPlan(t);
    const a = await applicationIn(t, planId, 'qualificationPublicity');
    // Past the publicity's end, without letting the test clock fire its timer: the notice is written below.
    t.clock.set(new Date(Date.parse((await view(t, a.id)).context.publicity!.endsAt) + 3_600_000));
    const committing = latch();
    const noticeWritten = latch();
    const notice = t.database.db.transaction(async (tx) => {
      await applyTransition(tx, t.clock, { applicationId: a.id, body: { type: 'PUBLICITY_ENDED' }, actor: systemActor });
      noticeWritten.open();
      await committing.opened;
    });
    try {
      await noticeWritten.opened;
      let answered = false;
      const edit = patch(planId, { fee: 150, reason: '收费标准调整' }).then((res) => {
        answered = true;
        return res;
      });
      await sleep(500);
      // Answered now, the edit would change a fee the uncommitted notice already states.
      expect(answered).toBe(false);
      committing.open();
      await notice;
      expectProblem(await edit, 409, 'FEE_LOCKED');
    } finally {
      committing.open();
      await notice;
    }
    expect(await planRow(planId)).toMatchObject({ fee: 100 });
    const [sent] = await t.database.db.select().from(outbox).where(eq(outbox.applicationId, a.id));
    expect(sent).toMatchObject({ kind: 'feeDue', payload: { amount: 100 } });
  });
});

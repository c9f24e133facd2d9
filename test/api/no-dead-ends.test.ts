import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outbox } from '../../src/db/schema';
import { auth, createDraft, send, setClock, type TestApp, testApp, tokensFor } from '../support/app';
import { planBody } from '../support/factories';
import { footprint, history, view } from './support/inspect';
import { expectOk, expectProblem } from './support/problem';
import { replayAllThenClose } from './support/replay';
import { createPlanWith, type MainState, nextIdNumber, T0, walkTo } from './support/walk';

// Issue 24 / SPEC §9, no dead ends: a fee never paid and paper copies never delivered close
// the application as abandoned once the plan's deadline has passed, unless hr extends it; an
// interview moves before it begins and is attended (or missed) only from its time on; an
// objection upheld closes the application as rejected with the finding, without a ban.

let t: TestApp;
let planId: string;
beforeAll(async () => {
  t = await testApp(T0);
  // Deadlines are plan data: 3 days to pay after the fee notice, 2 to deliver the copies after the audit.
  planId = await createPlanWith(t, { ...planBody('junior'), feeDeadlineDays: 3, paperDeadlineDays: 2 });
});
afterAll(async () => {
  await replayAllThenClose(t);
});

async function applicationIn(state: MainState) {
  await setClock(t, T0);
  const idNumber = nextIdNumber();
  const id = await createDraft(t, planId, idNumber);
  const tk = tokensFor(t, idNumber);
  await walkTo(t, id, tk, state);
  return { id, idNumber, tk };
}

/** 00:00 Asia/Shanghai of the day after `lastDay`, as an instant. */
const midnightAfter = (lastDay: string) => new Date(Date.parse(`${lastDay}T00:00:00+08:00`) + 86_400_000).toISOString();
const shanghaiDay = (iso: string, plusDays = 0) =>
  new Date(Date.parse(iso) + 8 * 3600_000 + plusDays * 86_400_000).toISOString().slice(0, 10);
const minus = (iso: string, ms: number) => new Date(Date.parse(iso) - ms).toISOString();

const enteredAt = async (id: string, state: string) => (await history(t, id)).find((h) => h.to === state)!.at;

describe('the fee deadline', () => {
  it('closes an unpaid application as abandoned, by the service, once the plan’s days after the fee notice have passed', async () => {
    const { id } = await applicationIn('feePayment');
    const noticeAt = await enteredAt(id, 'feePayment');
    const dueAt = midnightAfter(shanghaiDay(noticeAt, 3));
    expect((await view(t, id)).context.deadline).toEqual({ kind: 'fee', dueAt });
    await setClock(t, minus(dueAt, 60_000));
    expect((await view(t, id)).state).toBe('feePayment');
    await setClock(t, dueAt);
    const closed = await view(t, id);
    expect(closed.state).toBe('abandoned');
    expect(closed.context.remark).toContain('未在规定期限内缴纳评审费');
    const last = (await history(t, id)).at(-1)!;
    expect({ type: last.type, from: last.from, to: last.to, role: last.actor.role }).toEqual({
      type: 'DEADLINE_PASSED',
      from: 'feePayment',
      to: 'abandoned',
      role: 'system',
    });
  });

  it('is extended by hr only, with a reason, to a later day not in the past; the old deadline then passes unnoticed', async () => {
    const { id, tk } = await applicationIn('feePayment');
    const { dueAt } = (await view(t, id)).context.deadline;
    const lastDay = shanghaiDay(dueAt, -1);
    const today = shanghaiDay(t.clock.now().toISOString());
    const before = await footprint(t, id);
    const extend = (token: string, until: string) => send(t, id, token, 'EXTEND_DEADLINE', { until, reason: '申报人住院，经本人申请延期' });
    for (const role of ['applicant', 'unit', 'committee'] as const) expectProblem(await extend(tk[role], '2021-12-31'), 403, 'FORBIDDEN');
    expectProblem(await extend(tk.hr, shanghaiDay(`${today}T00:00:00+08:00`, -1)), 422, 'DATE_IN_PAST');
    expectProblem(await extend(tk.hr, lastDay), 400, 'VALIDATION_FAILED');
    expectProblem(await send(t, id, tk.hr, 'EXTEND_DEADLINE', { until: '2021-12-31' }), 400, 'VALIDATION_FAILED');
    expect(await footprint(t, id)).toEqual(before);

    const until = shanghaiDay(dueAt, 4);
    const extended = expectOk(await extend(tk.hr, until));
    expect(extended.context.deadline).toEqual({ kind: 'fee', dueAt: midnightAfter(until) });
    const entry = (await history(t, id)).at(-1)!;
    expect({ type: entry.type, role: entry.actor.role, reason: entry.payload.reason }).toEqual({
      type: 'EXTEND_DEADLINE',
      role: 'hr',
      reason: '申报人住院，经本人申请延期',
    });
    await setClock(t, dueAt);
    expect((await view(t, id)).state).toBe('feePayment');
    // Paid within the extension: no deadline runs any more, and none fires.
    const paid = expectOk(await send(t, id, tk.applicant, 'PAY_FEE', { amount: extended.context.plan.fee }));
    expect({ state: paid.state, deadline: paid.context.deadline }).toEqual({ state: 'interview.awaitingSchedule', deadline: null });
    await setClock(t, midnightAfter(until));
    expect((await view(t, id)).state).toBe('interview.awaitingSchedule');
  });
});

describe('the paper deadline', () => {
  it('closes the application as abandoned when the copies have not arrived by the plan’s days after the audit approval', async () => {
    const { id, tk } = await applicationIn('paperSubmission');
    const dueAt = midnightAfter(shanghaiDay(await enteredAt(id, 'paperSubmission'), 2));
    expect((await view(t, id)).context.deadline).toEqual({ kind: 'paper', dueAt });
    expect((await view(t, id, tk.hr)).allowedEvents).toContain('EXTEND_DEADLINE');
    await setClock(t, dueAt);
    const closed = await view(t, id);
    expect({ state: closed.state, deadline: closed.context.deadline }).toEqual({ state: 'abandoned', deadline: null });
    expect(closed.context.remark).toContain('未在规定期限内报送纸质评审表');
  });
});

describe('the interview', () => {
  it('is attended or missed only from its time on, and moved only before it, to a future time, with the applicant told again', async () => {
    const { id, tk } = await applicationIn('interview.scheduled');
    const scheduled = (await view(t, id)).context.interview;
    for (const type of ['RECORD_ATTENDANCE', 'MARK_NO_SHOW'] as const) {
      const problem = expectProblem(await send(t, id, tk.committee, type, {}), 422, 'INTERVIEW_NOT_DUE');
      expect(problem.time).toBe(scheduled.time);
    }
    const blocked = (await view(t, id, tk.committee)).blockedEvents.map((b: { type: string; code: string }) => [b.type, b.code]);
    expect(blocked).toEqual(
      expect.arrayContaining([
        ['RECORD_ATTENDANCE', 'INTERVIEW_NOT_DUE'],
        ['MARK_NO_SHOW', 'INTERVIEW_NOT_DUE'],
      ]),
    );
    const reschedule = (time: string) =>
      send(t, id, tk.committee, 'RESCHEDULE_INTERVIEW', { time, place: '615会议室', reason: '评委会时间调整' });
    expectProblem(await reschedule(minus(t.clock.now().toISOString(), 60_000)), 422, 'DATE_IN_PAST');
    expectProblem(
      await send(t, id, tk.hr, 'RESCHEDULE_INTERVIEW', { time: '2021-12-01T09:00:00+08:00', place: 'x', reason: 'x' }),
      403,
      'FORBIDDEN',
    );
    const later = new Date(Date.parse(scheduled.time) + 2 * 86_400_000).toISOString();
    const moved = expectOk(await reschedule(later));
    expect({ state: moved.state, interview: moved.context.interview }).toEqual({
      state: 'interview.scheduled',
      interview: { time: later, place: '615会议室' },
    });
    const notices = await t.database.db.select().from(outbox).where(eq(outbox.applicationId, id)).orderBy(outbox.id);
    expect(notices.filter((n) => n.kind === 'interviewScheduled').map((n) => (n.payload as { time: string }).time)).toEqual([
      scheduled.time,
      later,
    ]);
    // The old time has come and gone: nothing to record yet.
    await setClock(t, scheduled.time);
    expectProblem(await send(t, id, tk.committee, 'RECORD_ATTENDANCE', {}), 422, 'INTERVIEW_NOT_DUE');
    await setClock(t, later);
    expectProblem(await reschedule(new Date(Date.parse(later) + 86_400_000).toISOString()), 422, 'INTERVIEW_STARTED');
    expect(expectOk(await send(t, id, tk.committee, 'MARK_NO_SHOW', {})).state).toBe('abandoned');
  });
});

describe('an objection upheld', () => {
  it.each(['qualificationPublicity', 'resultPublicity'] as const)(
    'in %s closes the application as rejected with the finding, ends the publicity and bans nobody',
    async (state) => {
      const { id, idNumber, tk } = await applicationIn(state);
      const { endsAt } = (await view(t, id)).context.publicity;
      expectOk(await send(t, id, tk.committee, 'RAISE_OBJECTION', { objection: '有人反映其业绩与实际不符' }));
      const finding = '经核实，主持项目业绩不属实，但无伪造材料情形';
      const upheld = expectOk(await send(t, id, tk.committee, 'RESOLVE_OBJECTION', { resolution: finding, outcome: 'upheld' }));
      expect({ state: upheld.state, remark: upheld.context.remark, publicity: upheld.context.publicity }).toEqual({
        state: 'rejected',
        remark: finding,
        publicity: null,
      });
      expect(expectOk(await t.app.inject({ url: `/v1/bans?idNumber=${idNumber}`, headers: auth(tk.admin) })).items).toEqual([]);
      await setClock(t, new Date(Date.parse(endsAt) + 86_400_000).toISOString());
      expect((await view(t, id)).state).toBe('rejected');
      // A falsification found later still bans (五(四)).
      expect(expectOk(await send(t, id, tk.hr, 'FLAG_FALSIFIED', { finding: '伪造项目合同' })).state).toBe('falsified');
    },
  );
});

describe('the contract', () => {
  it('documents the new events and their refusal codes in /openapi.json', async () => {
    const doc = (await t.app.inject('/openapi.json')).json();
    const responses = JSON.stringify(doc.paths['/v1/applications/{id}/events'].post.responses);
    for (const code of ['DEADLINE_NOT_PASSED', 'INTERVIEW_NOT_DUE', 'INTERVIEW_STARTED', 'DATE_IN_PAST'])
      expect(responses).toContain(`Problem_${code}`);
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(['RescheduleInterviewEvent', 'ExtendDeadlineEvent']));
    expect(Object.keys(doc.components.schemas)).not.toContain('DeadlinePassedEvent');
    expect(JSON.stringify(doc.components.schemas.ResolveObjectionEvent)).toContain('upheld');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EventType, eventSenders, eventTypes, roles } from '../../machines/events';
import { createPlan, send, setClock, type TestApp, testApp } from '../support/app';
import { validPayloads } from '../support/factories';
import { footprint, view } from './support/inspect';
import { expectOk, expectProblem } from './support/problem';
import { replayAllThenClose } from './support/replay';
import { applicationIn, type MainState, mainPath, T0, type Tokens, walkTo } from './support/walk';

// SPEC §3: the events each state accepts, written out from the table rather than read from the machine.
const publicity: EventType[] = ['RAISE_OBJECTION', 'RESOLVE_OBJECTION', 'PUBLICITY_ENDED', 'FLAG_FALSIFIED'];
const legal: Record<string, EventType[]> = {
  draft: ['UPDATE_DRAFT', 'SUBMIT', 'WITHDRAW'],
  submitted: ['START_UNIT_PUBLICITY', 'RETURN_TO_APPLICANT', 'WITHDRAW', 'UNIT_VERIFY_FACT', 'FLAG_FALSIFIED'],
  unitPublicity: ['UNIT_APPROVE', 'RETURN_TO_APPLICANT', 'WITHDRAW', 'UNIT_VERIFY_FACT', 'FLAG_FALSIFIED'],
  municipalAudit: ['AUDIT_APPROVE', 'AUDIT_REJECT', 'HR_VERIFY_FACT', 'FLAG_FALSIFIED'],
  // SPEC §9: a deadline runs while the copies and the fee are awaited.
  paperSubmission: ['PAPER_RECEIVED', 'DEADLINE_PASSED', 'EXTEND_DEADLINE', 'FLAG_FALSIFIED'],
  qualificationPublicity: publicity,
  feePayment: ['PAY_FEE', 'DEADLINE_PASSED', 'EXTEND_DEADLINE', 'FLAG_FALSIFIED'],
  'interview.awaitingSchedule': ['SCHEDULE_INTERVIEW', 'FLAG_FALSIFIED'],
  'interview.scheduled': ['RESCHEDULE_INTERVIEW', 'RECORD_ATTENDANCE', 'MARK_NO_SHOW', 'FLAG_FALSIFIED'],
  'interview.deliberation': ['REVIEW_PASS', 'REVIEW_FAIL', 'FLAG_FALSIFIED'],
  resultPublicity: publicity,
  certified: ['REVOKE'],
  withdrawn: ['FLAG_FALSIFIED'],
  rejected: ['FLAG_FALSIFIED'],
  abandoned: ['FLAG_FALSIFIED'],
  falsified: [],
  revoked: [],
};
const owner = (type: EventType) => eventSenders[type][0] as keyof Tokens;
const sorted = (xs: string[]) => [...xs].sort();

let t: TestApp;
let planId: string;
beforeAll(async () => {
  t = await testApp(T0);
  planId = await createPlan(t);
});
afterAll(async () => {
  await replayAllThenClose(t);
});

/** Every event the state does not accept, sent by its owner: 409 and nothing changes. */
async function expectOnlyLegalEvents(id: string, tk: Tokens, state: string) {
  const before = await footprint(t, id);
  expect(before.state).toBe(state);
  for (const type of eventTypes) {
    // The service's own events have no owner among the roles (403 to every client).
    if (legal[state]!.includes(type) || eventSenders[type].includes('system')) continue;
    const res = await send(t, id, tk[owner(type)], type, validPayloads[type]);
    if (type === 'UPDATE_DRAFT') {
      expectProblem(res, 409, 'MATERIALS_FROZEN');
      continue;
    }
    const body = expectProblem(res, 409, 'ILLEGAL_TRANSITION');
    expect(body.state, type).toBe(state);
    // What the refusal offers instead is what the view offers the same role now.
    expect(sorted(body.allowedEvents), `${state} ${type}`).toEqual(sorted((await view(t, id, tk[owner(type)])).allowedEvents));
  }
  for (const role of roles) {
    // Every event the role may send in this state is either offered or listed as blocked, with its refusal.
    const seen = await view(t, id, tk[role]);
    const offered = [...seen.allowedEvents, ...seen.blockedEvents.map((b: { type: string }) => b.type)];
    expect(sorted(offered), `${state} as ${role}`).toEqual(sorted(legal[state]!.filter((e) => eventSenders[e].includes(role))));
  }
  expect(await footprint(t, id)).toEqual(before);
}

describe('the machine behind POST /v1/applications/:id/events', () => {
  it('refuses every event a state does not accept, in every state, and changes nothing', async () => {
    const main = await applicationIn(t, planId, 'draft');
    for (const state of mainPath) {
      await walkTo(t, main.id, main.tk, state);
      await expectOnlyLegalEvents(main.id, main.tk, state);
    }
    expectOk(await send(t, main.id, main.tk.hr, 'REVOKE', validPayloads.REVOKE));
    await expectOnlyLegalEvents(main.id, main.tk, 'revoked');

    const branches: { via: MainState; event: EventType; to: string }[] = [
      { via: 'draft', event: 'WITHDRAW', to: 'withdrawn' },
      { via: 'municipalAudit', event: 'AUDIT_REJECT', to: 'rejected' },
      { via: 'interview.scheduled', event: 'MARK_NO_SHOW', to: 'abandoned' },
      { via: 'submitted', event: 'FLAG_FALSIFIED', to: 'falsified' },
    ];
    for (const b of branches) {
      const { id, tk } = await applicationIn(t, planId, 'draft');
      const at = await walkTo(t, id, tk, b.via);
      // Issue 24: a no-show is recorded from the interview's time on.
      if (at.context.interview) await setClock(t, at.context.interview.time);
      expect(expectOk(await send(t, id, tk[owner(b.event)], b.event, validPayloads[b.event])).state).toBe(b.to);
      await expectOnlyLegalEvents(id, tk, b.to);
    }
  });

  it('answers 403 FORBIDDEN to a role sending an event it does not own, before looking at the state', async () => {
    const { id, tk } = await applicationIn(t, planId, 'draft');
    const before = await footprint(t, id);
    for (const type of eventTypes) {
      for (const role of roles) {
        if (eventSenders[type].includes(role)) continue;
        const body = expectProblem(await send(t, id, tk[role], type, validPayloads[type]), 403, 'FORBIDDEN');
        expect(body.eventType).toBe(type);
      }
    }
    expect(await footprint(t, id)).toEqual(before);
  });

  it('refuses PUBLICITY_ENDED from every client role, even when the publicity has elapsed', async () => {
    const { id, tk } = await applicationIn(t, planId, 'draft');
    await walkTo(t, id, tk, 'qualificationPublicity');
    t.clock.set(new Date('2021-08-30T02:00:00.000Z'));
    for (const role of roles) expectProblem(await send(t, id, tk[role], 'PUBLICITY_ENDED'), 403, 'FORBIDDEN');
    expect((await view(t, id)).state).toBe('qualificationPublicity');
  });

  it('returns the new state, version and the applied event on success', async () => {
    const { id, tk } = await applicationIn(t, planId, 'draft');
    const body = expectOk(await send(t, id, tk.applicant, 'SUBMIT', validPayloads.SUBMIT));
    expect(body).toMatchObject({ id, state: 'submitted', version: 1, event: { seq: 1, type: 'SUBMIT', from: 'draft', to: 'submitted' } });
    expect(sorted(body.allowedEvents)).toEqual(['WITHDRAW']);
  });

  it('RETURN_TO_APPLICANT reopens the draft from submitted and from unitPublicity', async () => {
    for (const via of ['submitted', 'unitPublicity'] as const) {
      const { id, tk } = await applicationIn(t, planId, 'draft');
      await walkTo(t, id, tk, via);
      const back = expectOk(await send(t, id, tk.unit, 'RETURN_TO_APPLICANT', { reason: '材料不全' }));
      expect(back.state).toBe('draft');
      expect(back.context).toMatchObject({ submittedAt: null, unitPublicity: null, remark: '材料不全' });
    }
  });
});

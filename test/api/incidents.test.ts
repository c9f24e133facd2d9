import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { timers } from '../../src/db/schema';
import { MAX_ATTEMPTS, type OutboxMessage } from '../../src/store/outbox';
import { deliverOutbox } from '../../src/workflow/outbox';
import { auth, createDraft, createPlan, send, setClock, type TestApp, testApp, tokensFor } from '../support/app';
import { idNumberFor, testUnits, validPayload, validPayloads } from '../support/factories';
import { history, view } from './support/inspect';
import { expectOk, expectProblem } from './support/problem';
import { replayAllThenClose } from './support/replay';
import { applicationIn, T0 } from './support/walk';

// Issue 11: what is stuck and what the admin does about it. A refused timer is made the way
// one arises: a timer that falls due before its publicity has elapsed (armed under another
// calendar or release); the machine refuses it and the case is stranded.

let t: TestApp;
let planId: string;
let R: Awaited<ReturnType<typeof applicationIn>>;
let S: Awaited<ReturnType<typeof applicationIn>>;
/** Tuesday 2021-08-10 (10:00 Shanghai): five working days are 08-10…08-16, elapsed at 08-17 00:00 Shanghai. */
const received = '2021-08-10T02:00:00.000Z';
const endsAt = '2021-08-16T16:00:00.000Z';

const admin = () => t.token({ sub: 'admin', role: 'admin' });
const get = async (url: string, token = admin()) => expectOk(await t.app.inject({ url, headers: auth(token) }));
const post = (url: string, token: string, payload: object) => t.app.inject({ method: 'POST', url, headers: auth(token), payload });
const otherUnit = () => t.token({ sub: 'r2', role: 'unit', unitId: testUnits[1].id });
const ids = (items: { applicationId: string }[]) => items.map((i) => i.applicationId).sort();
const audit = async (target: string) => (await get(`/v1/audit?target=${target}`)).items;

beforeAll(async () => {
  t = await testApp(T0);
  planId = await createPlan(t);
  R = await applicationIn(t, planId, 'paperSubmission');
  S = await applicationIn(t, planId, 'paperSubmission');
  await setClock(t, received);
  for (const a of [R, S]) {
    expectOk(await send(t, a.id, a.tk.committee, 'PAPER_RECEIVED', validPayload('PAPER_RECEIVED', (await view(t, a.id)).context)));
  }
  await t.database.db
    .update(timers)
    .set({ dueAt: new Date('2021-08-13T16:00:00.000Z') })
    .where(and(inArray(timers.applicationId, [R.id, S.id]), eq(timers.status, 'pending')));
  expect(await setClock(t, '2021-08-14T02:00:00.000Z')).toBe(2);
});
afterAll(async () => {
  await replayAllThenClose(t);
});

describe('refused timers', () => {
  it('lists a refused timer that strands its publicity, to whoever may see the application', async () => {
    const { items } = await get('/v1/incidents/timers');
    expect(ids(items)).toEqual([R.id, S.id].sort());
    expect(items[0]).toMatchObject({
      status: 'refused',
      note: 'PUBLICITY_NOT_ELAPSED',
      eventType: 'PUBLICITY_ENDED',
      state: 'qualificationPublicity',
    });
    for (const role of ['hr', 'committee', 'unit'] as const)
      expect(ids((await get('/v1/incidents/timers', R.tk[role])).items)).toEqual([R.id, S.id].sort());
    expect(ids((await get('/v1/incidents/timers', R.tk.applicant)).items)).toEqual([R.id]);
    expect((await get('/v1/incidents/timers', otherUnit())).items).toEqual([]);
  });

  it("retries a timer only for the admin, and only once the machine's own checks pass, writing nothing otherwise", async () => {
    const [timer] = (await get('/v1/incidents/timers')).items.filter((i: { applicationId: string }) => i.applicationId === R.id);
    const before = await history(t, R.id);
    for (const role of ['applicant', 'unit', 'hr', 'committee'] as const) {
      expectProblem(await post(`/v1/incidents/timers/${timer.id}/retry`, R.tk[role], { reason: 'x' }), 403, 'FORBIDDEN');
    }
    const early = expectProblem(
      await post(`/v1/incidents/timers/${timer.id}/retry`, admin(), { reason: '日历已更正' }),
      422,
      'PUBLICITY_NOT_ELAPSED',
    );
    expect(early.endsAt).toBe(endsAt);
    expect(await history(t, R.id)).toEqual(before);
    expect(await audit(String(timer.id))).toEqual([]);
    expectProblem(await post(`/v1/incidents/timers/${timer.id}/retry`, admin(), {}), 400, 'VALIDATION_FAILED');

    // Past the end no timer is left to fire: the publicity stays stranded until the admin acts.
    expect(await setClock(t, '2021-08-17T02:00:00.000Z')).toBe(0);
    expect((await view(t, R.id)).state).toBe('qualificationPublicity');
    const res = expectOk(await post(`/v1/incidents/timers/${timer.id}/retry`, admin(), { reason: '日历已更正，补发公示结束' }));
    expect(res.state).toBe('feePayment');
    const last = (await history(t, R.id)).at(-1)!;
    expect(last).toMatchObject({
      type: 'PUBLICITY_ENDED',
      from: 'qualificationPublicity',
      to: 'feePayment',
      actor: { sub: 'system', role: 'system', onBehalfOf: { sub: 'admin', reason: '日历已更正，补发公示结束' } },
      at: '2021-08-17T02:00:00.000Z',
    });
    expect(await audit(String(timer.id))).toEqual([
      expect.objectContaining({
        action: 'timer.retry',
        actor: 'admin',
        reason: '日历已更正，补发公示结束',
        at: '2021-08-17T02:00:00.000Z',
      }),
    ]);
    expect(ids((await get('/v1/incidents/timers')).items)).toEqual([S.id]);
    expectProblem(await post(`/v1/incidents/timers/${timer.id}/retry`, admin(), { reason: 'again' }), 409, 'INCIDENT_CLOSED');
    expectProblem(await post('/v1/incidents/timers/999999/retry', admin(), { reason: 'x' }), 404, 'NOT_FOUND');
  });
});

describe('ending a stranded publicity', () => {
  it("fires the service's PUBLICITY_ENDED on the admin's word, through the machine's checks, recorded with who and why", async () => {
    const url = `/v1/applications/${S.id}/end-publicity`;
    expectProblem(await post(url, S.tk.committee, { reason: 'x' }), 403, 'FORBIDDEN');
    const draft = await createDraft(t, planId, idNumberFor(950));
    expectProblem(await post(`/v1/applications/${draft}/end-publicity`, admin(), { reason: 'x' }), 409, 'ILLEGAL_TRANSITION');
    expectProblem(
      await post('/v1/applications/01900000-0000-7000-8000-000000000001/end-publicity', admin(), { reason: 'x' }),
      404,
      'NOT_FOUND',
    );
    const res = expectOk(await post(url, admin(), { reason: '定时器被拒，人工结束公示' }));
    expect(res).toMatchObject({
      state: 'feePayment',
      event: { type: 'PUBLICITY_ENDED', from: 'qualificationPublicity', to: 'feePayment' },
    });
    expect((await history(t, S.id)).at(-1)!.actor).toEqual({
      sub: 'system',
      role: 'system',
      unitId: null,
      onBehalfOf: { sub: 'admin', reason: '定时器被拒，人工结束公示' },
    });
    expect((await audit(S.id)).map((a: { action: string }) => a.action)).toEqual(['publicity.end']);
    expect((await get('/v1/incidents/timers')).items).toEqual([]);
  });

  it('is refused while the publicity has not elapsed', async () => {
    const early = await applicationIn(t, planId, 'qualificationPublicity');
    const p = expectProblem(
      await post(`/v1/applications/${early.id}/end-publicity`, admin(), { reason: 'x' }),
      422,
      'PUBLICITY_NOT_ELAPSED',
    );
    expect(p.state).toBe('qualificationPublicity');
    expect(await audit(early.id)).toEqual([]);
  });
});

describe('notices given up', () => {
  it('lists them, retries one and dismisses another, each recorded', async () => {
    const failing = async () => {
      throw new Error('12333 gateway down');
    };
    for (let i = 0; i < MAX_ATTEMPTS; i++) await deliverOutbox(t.database.db, t.clock, failing);
    const { items } = await get('/v1/incidents/messages');
    expect(ids(items)).toEqual([R.id, S.id].sort());
    expect(items[0]).toMatchObject({ kind: 'feeDue', attempts: MAX_ATTEMPTS, lastError: 'Error: 12333 gateway down' });
    expect(ids((await get('/v1/incidents/messages', S.tk.applicant)).items)).toEqual([S.id]);
    expect((await get('/v1/incidents/messages', otherUnit())).items).toEqual([]);

    const [ofR, ofS] = [R, S].map((a) => items.find((m: { applicationId: string }) => m.applicationId === a.id));
    expectProblem(await post(`/v1/incidents/messages/${ofR.id}/retry`, R.tk.hr, { reason: 'x' }), 403, 'FORBIDDEN');
    expect(expectOk(await post(`/v1/incidents/messages/${ofR.id}/retry`, admin(), { reason: '网关已恢复' }))).toMatchObject({
      action: 'message.retry',
      target: String(ofR.id),
      reason: '网关已恢复',
    });
    expect(expectOk(await post(`/v1/incidents/messages/${ofS.id}/dismiss`, admin(), { reason: '已电话通知' }))).toMatchObject({
      action: 'message.dismiss',
    });
    expect((await get('/v1/incidents/messages')).items).toEqual([]);
    const sent: OutboxMessage[] = [];
    await deliverOutbox(t.database.db, t.clock, async (m) => {
      sent.push(m);
    });
    expect(sent.map((m) => m.applicationId)).toEqual([R.id]);
    for (const how of ['retry', 'dismiss']) {
      expectProblem(await post(`/v1/incidents/messages/${ofS.id}/${how}`, admin(), { reason: 'x' }), 409, 'INCIDENT_CLOSED');
      expectProblem(await post(`/v1/incidents/messages/${ofR.id}/${how}`, admin(), { reason: 'x' }), 409, 'INCIDENT_CLOSED');
    }
    expectProblem(await post('/v1/incidents/messages/999999/retry', admin(), { reason: 'x' }), 404, 'NOT_FOUND');
  });
});

describe('idle applications', () => {
  it('lists applications waiting longer than the working days asked, counted on the holiday calendar', async () => {
    const idNumber = idNumberFor(951);
    await setClock(t, '2021-09-27T02:00:00.000Z'); // Monday, 10:00 Shanghai
    const waiting = await createDraft(t, planId, idNumber);
    expectOk(await send(t, waiting, tokensFor(t, idNumber).applicant, 'SUBMIT', validPayloads.SUBMIT));
    const idle = (query: string, token = admin()) => get(`/v1/incidents/idle?${query}`, token);

    // 5 full working days after 09-27: 09-28, 09-29, 09-30, 10-08 and the 调休 Saturday 10-09.
    t.clock.set(new Date('2021-10-09T15:59:59.000Z'));
    expect(ids((await idle('workingDays=5')).items)).not.toContain(waiting);
    t.clock.set(new Date('2021-10-09T16:00:00.000Z'));
    const five = await idle('workingDays=5');
    expect(five.cutoff).toBe('2021-09-27T16:00:00.000Z');
    expect(ids(five.items)).toContain(waiting);
    expect(five.items.find((i: { applicationId: string }) => i.applicationId === waiting)).toMatchObject({
      state: 'submitted',
      name: '张伟',
    });
    // The default 10: back over the 调休 Sunday 09-26 to 09-22, past the Mid-Autumn holiday.
    const ten = await idle('');
    expect(ten.cutoff).toBe('2021-09-21T16:00:00.000Z');
    expect(ids(ten.items)).not.toContain(waiting);
    expect(ids(ten.items)).toEqual(expect.arrayContaining([R.id, S.id]));
    // Drafts are the applicant's own pace: never idle.
    expect(ids((await idle('workingDays=1')).items)).not.toContain((await get(`/v1/applications?state=draft`)).items[0].id);

    expect(ids((await idle('workingDays=5', tokensFor(t, idNumber).applicant)).items)).toEqual([waiting]);
    expect((await idle('workingDays=5', otherUnit())).items).toEqual([]);
    for (const query of ['workingDays=0', 'workingDays=x', 'days=5']) {
      expectProblem(await t.app.inject({ url: `/v1/incidents/idle?${query}`, headers: auth(admin()) }), 400, 'VALIDATION_FAILED');
    }
  });
});

describe('counts (issue 27, item 5)', () => {
  // A page of one item: any list holding two or more is walked over pages (the console's test walks 24 idle ones past a page of 20).
  it('each list says how many it holds, for each caller: as many as its pages list to the end', async () => {
    const unitOfR = t.token({ sub: 'r1', role: 'unit', unitId: testUnits[0].id });
    for (const token of [admin(), unitOfR, otherUnit()]) {
      for (const list of ['timers', 'messages', 'idle?workingDays=1']) {
        const url = `/v1/incidents/${list}${list.includes('?') ? '&' : '?'}limit=1`;
        let cursor: string | null = null;
        const seen: unknown[] = [];
        let total: number | undefined;
        do {
          const body = await get(`${url}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, token);
          seen.push(...body.items);
          total ??= body.total;
          expect(body.total, list).toBe(total);
          cursor = body.nextCursor;
        } while (cursor);
        expect(seen.length, list).toBe(total);
      }
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, createDraft, createPlan, send, setClock, type TestApp, testApp, tokensFor } from '../support/app';
import { idNumberFor, validPayload, validPayloads } from '../support/factories';
import { footprint } from './support/inspect';
import { expectOk, expectProblem } from './support/problem';
import { replayAllThenClose } from './support/replay';
import { nextIdNumber, type Tokens, walkTo } from './support/walk';

// SPEC §6: 5 working days of the mainland-China calendar, Asia/Shanghai dates.

let t: TestApp;
let planId: string;
beforeAll(async () => {
  t = await testApp('2021-09-27T01:00:00.000Z');
  planId = await createPlan(t);
});
afterAll(async () => {
  await replayAllThenClose(t);
});

async function submitted(at: string): Promise<{ id: string; tk: Tokens }> {
  await setClock(t, at);
  const idNumber = nextIdNumber();
  const id = await createDraft(t, planId, idNumber);
  const tk = tokensFor(t, idNumber);
  await walkTo(t, id, tk, 'submitted');
  return { id, tk };
}

/** A made-up 2027 schedule: 2027-03-02 (a Tuesday) off, Saturday 2027-02-06 worked. */
const schedule2027 = { holidays: ['2027-01-01', '2027-03-02'], workdays: ['2027-02-06'] };
const putCalendar = (year: number | string, token: string, payload: unknown) =>
  t.app.inject({ method: 'PUT', url: `/v1/calendar/${year}`, headers: auth(token), payload: payload as object });

describe('unit publicity over National Day 2021', () => {
  it('counts 09-27…09-30 and 10-08: UNIT_APPROVE refused on 10-08, accepted on the 调休 Saturday 10-09', async () => {
    const { id, tk } = await submitted('2021-09-27T01:00:00.000Z');
    const started = expectOk(await send(t, id, tk.unit, 'START_UNIT_PUBLICITY', { startDate: '2021-09-27' }));
    expect(started.context.unitPublicity).toEqual({ startDate: '2021-09-27', endsOn: '2021-10-09' });
    for (const at of ['2021-10-01T02:00:00.000Z', '2021-10-07T15:59:59.000Z', '2021-10-08T02:00:00.000Z', '2021-10-08T15:59:59.000Z']) {
      await setClock(t, at);
      const before = await footprint(t, id);
      const problem = expectProblem(await send(t, id, tk.unit, 'UNIT_APPROVE', validPayloads.UNIT_APPROVE), 422, 'PUBLICITY_NOT_ELAPSED');
      expect(problem.firstAllowedDate).toBe('2021-10-09');
      expect(await footprint(t, id)).toEqual(before);
    }
    // Midnight in Shanghai, still 10-08 in UTC.
    await setClock(t, '2021-10-08T16:00:00.000Z');
    expect(expectOk(await send(t, id, tk.unit, 'UNIT_APPROVE', validPayloads.UNIT_APPROVE)).state).toBe('municipalAudit');
  });

  it('refuses a publicity starting in the past with 422 DATE_IN_PAST, and a date that does not exist with 400', async () => {
    const { id, tk } = await submitted('2021-09-28T02:00:00.000Z');
    const past = expectProblem(await send(t, id, tk.unit, 'START_UNIT_PUBLICITY', { startDate: '2021-09-27' }), 422, 'DATE_IN_PAST');
    expect(past).toMatchObject({ field: 'startDate', earliest: '2021-09-28', state: 'submitted' });
    expectProblem(await send(t, id, tk.unit, 'START_UNIT_PUBLICITY', { startDate: '2021-09-31' }), 400, 'VALIDATION_FAILED');
    // 09-28, 09-29, 09-30, 10-08 and the 调休 Saturday 10-09.
    expect(expectOk(await send(t, id, tk.unit, 'START_UNIT_PUBLICITY', { startDate: '2021-09-28' })).context.unitPublicity.endsOn).toBe(
      '2021-10-10',
    );
  });

  it('counts the platform publicity in working days too: PAPER_RECEIVED on 2021-09-30 ends after 10-12', async () => {
    const { id, tk } = await submitted('2021-09-29T02:00:00.000Z');
    const { context } = await walkTo(t, id, tk, 'paperSubmission');
    await setClock(t, '2021-09-30T02:00:00.000Z');
    const body = expectOk(await send(t, id, tk.committee, 'PAPER_RECEIVED', validPayload('PAPER_RECEIVED', context)));
    // 09-30, 10-08, 10-09 (调休), 10-11, 10-12: ends at midnight starting 10-13, Shanghai time.
    expect(body.context.publicity.endsAt).toBe('2021-10-12T16:00:00.000Z');
  });
});

describe('years the holiday package does not cover', () => {
  it('refuses with 422 CALENDAR_UNAVAILABLE, then works once an admin loads the year', async () => {
    const { id, tk } = await submitted('2021-09-29T02:00:00.000Z');
    expectProblem(await t.app.inject({ url: '/v1/calendar/2027', headers: auth(tk.unit) }), 422, 'CALENDAR_UNAVAILABLE');
    expect(expectOk(await t.app.inject({ url: '/v1/calendar/2026', headers: auth(tk.unit) })).source).toBe('package');
    const before = await footprint(t, id);
    const problem = expectProblem(
      await send(t, id, tk.unit, 'START_UNIT_PUBLICITY', { startDate: '2027-03-01' }),
      422,
      'CALENDAR_UNAVAILABLE',
    );
    expect(problem.year).toBe(2027);
    expect(await footprint(t, id)).toEqual(before);

    const loaded = expectOk(await putCalendar(2027, tk.admin, schedule2027));
    expect(loaded).toMatchObject({ year: 2027, source: 'loaded', ...schedule2027 });
    expect(expectOk(await t.app.inject({ url: '/v1/calendar/2027', headers: auth(tk.hr) }))).toMatchObject({
      source: 'loaded',
      loadedBy: 'admin',
    });
    // 03-01, 03-03, 03-04, 03-05, 03-08: the loaded holiday on 03-02 is skipped.
    const started = expectOk(await send(t, id, tk.unit, 'START_UNIT_PUBLICITY', { startDate: '2027-03-01' }));
    expect(started.context.unitPublicity).toEqual({ startDate: '2027-03-01', endsOn: '2027-03-09' });
  });

  it('lets a loaded schedule replace an earlier one', async () => {
    const { tk } = await submitted('2021-09-29T02:00:00.000Z');
    expectOk(await putCalendar(2028, tk.admin, { holidays: ['2028-01-03'], workdays: [] }));
    expectOk(await putCalendar(2028, tk.admin, { holidays: ['2028-01-04'], workdays: [] }));
    expect(expectOk(await t.app.inject({ url: '/v1/calendar/2028', headers: auth(tk.admin) })).holidays).toEqual(['2028-01-04']);
  });

  it('refuses a bad schedule with 400 and a non-admin with 403, loading nothing', async () => {
    const tk = tokensFor(t, idNumberFor(699));
    const bad: unknown[] = [
      {},
      { holidays: [], workdays: [] },
      { holidays: ['2029-13-01'], workdays: [] },
      { holidays: ['2030-01-01'], workdays: [] }, // another year
      { holidays: ['2029-01-06'], workdays: [] }, // a Saturday listed as a holiday
      { holidays: ['2029-01-01'], workdays: ['2029-01-02'] }, // a Tuesday listed as worked
      { holidays: ['2029-01-01', '2029-01-01'], workdays: [] },
    ];
    for (const body of bad) expectProblem(await putCalendar(2029, tk.admin, body), 400, 'VALIDATION_FAILED');
    expectProblem(await putCalendar(1999, tk.admin, { holidays: ['1999-01-01'], workdays: [] }), 400, 'VALIDATION_FAILED');
    for (const role of ['applicant', 'unit', 'hr', 'committee'] as const) {
      expectProblem(await putCalendar(2029, tk[role], { holidays: ['2029-01-01'], workdays: [] }), 403, 'FORBIDDEN');
    }
    expectProblem(await t.app.inject({ url: '/v1/calendar/2029', headers: auth(tk.admin) }), 422, 'CALENDAR_UNAVAILABLE');
  });
});

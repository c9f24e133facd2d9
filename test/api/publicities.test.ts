import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, createPlan, send, setClock, type TestApp, testApp, tokensFor } from '../support/app';
import { idNumberFor, testUnits, validPayload } from '../support/factories';
import { view } from './support/inspect';
import { expectOk, expectProblem } from './support/problem';
import { replayAllThenClose } from './support/replay';
import { applicationIn, T0 } from './support/walk';

// Issue 11: the publicities in progress, when each ends and its objections; issue 27, item 5:
// the unit's own publicity too, each one's last day, and how many the whole list holds. The end
// instants below are counted by hand on the 2021 calendar (三(一)2, 三(三): 5 working days).

let t: TestApp;
let planId: string;
type App = Awaited<ReturnType<typeof applicationIn>>;
let P1: App;
let P2: App;
let P3: App;
let P4: App;
let U: App;
const ends = {
  /** The unit's own publicity from Mon 08-02: 08-02, 03, 04, 05, 06 → endsOn 08-07, ended at its 00:00 Shanghai. */
  U: '2021-08-06T16:00:00.000Z',
  /** Received Tue 08-10: 08-10, 11, 12, 13, 16 → elapsed 08-17 00:00 Shanghai. */
  P1: '2021-08-16T16:00:00.000Z',
  /** Received Thu 08-12: 08-12, 13, 16, 17, 18 → 08-19. */
  P2: '2021-08-18T16:00:00.000Z',
  /**
   * The walk from Mon 08-02: unit publicity 08-02…08-06, approved and paper received Sat 08-07;
   * qualification publicity 08-09…08-13, ended Sat 08-14, when the review passes: result
   * publicity 08-16…08-20 → 08-21.
   */
  P4: '2021-08-20T16:00:00.000Z',
  /** Received Tue 09-28: 09-28, 29, 30, 10-08 and the 调休 Saturday 10-09 → 10-10. */
  P3: '2021-10-09T16:00:00.000Z',
};

const admin = () => t.token({ sub: 'admin', role: 'admin' });
const list = async (query: string, token = admin()) =>
  expectOk(await t.app.inject({ url: `/v1/publicities?${query}`, headers: auth(token) }));
const ids = (body: Record<string, any>) => body.items.map((i: { applicationId: string }) => i.applicationId);

async function receivedAt(instant: string, objection: boolean): Promise<App> {
  const a = await applicationIn(t, planId, 'paperSubmission');
  await setClock(t, instant);
  expectOk(await send(t, a.id, a.tk.committee, 'PAPER_RECEIVED', validPayload('PAPER_RECEIVED', (await view(t, a.id)).context)));
  // An open objection holds the publicity, so moving the clock for the next one leaves it in place.
  if (objection) expectOk(await send(t, a.id, a.tk.committee, 'RAISE_OBJECTION', { objection: '业绩存疑' }));
  return a;
}

beforeAll(async () => {
  t = await testApp(T0);
  planId = await createPlan(t);
  U = await applicationIn(t, planId, 'unitPublicity');
  P4 = await applicationIn(t, planId, 'resultPublicity');
  expectOk(await send(t, P4.id, P4.tk.committee, 'RAISE_OBJECTION', { objection: '答辩材料存疑' }));
  P1 = await receivedAt('2021-08-10T02:00:00.000Z', true);
  P2 = await receivedAt('2021-08-12T02:00:00.000Z', true);
  expectOk(await send(t, P2.id, P2.tk.committee, 'RAISE_OBJECTION', { objection: '第二条异议' }));
  expectOk(await send(t, P2.id, P2.tk.committee, 'RESOLVE_OBJECTION', { resolution: '经核实无误' }));
  P3 = await receivedAt('2021-09-28T02:00:00.000Z', false);
});
afterAll(async () => {
  await replayAllThenClose(t);
});

describe('GET /v1/publicities', () => {
  it("lists every publicity, the unit's own and the platform's, in order of its end, with its objections", async () => {
    const body = await list('');
    expect(ids(body)).toEqual([U.id, P1.id, P2.id, P4.id, P3.id]);
    expect(body.total).toBe(5);
    expect(body.items.map((i: { endsAt: string }) => i.endsAt)).toEqual([ends.U, ends.P1, ends.P2, ends.P4, ends.P3]);
    expect(body.items.map((i: { state: string }) => i.state)).toEqual([
      'unitPublicity',
      'qualificationPublicity',
      'qualificationPublicity',
      'resultPublicity',
      'qualificationPublicity',
    ]);
    expect(body.items.map((i: { kind: string }) => i.kind)).toEqual(['unit', 'qualification', 'qualification', 'result', 'qualification']);
    expect(body.items.map((i: { openObjections: number }) => i.openObjections)).toEqual([0, 1, 1, 1, 0]);
    const p2 = body.items[2];
    // RESOLVE_OBJECTION settles the oldest open objection.
    expect(p2.objections).toEqual([
      expect.objectContaining({ text: '业绩存疑', resolution: '经核实无误' }),
      expect.objectContaining({ text: '第二条异议', resolution: null, resolvedAt: null }),
    ]);
    expect(p2).toMatchObject({ name: '张伟', plan: { year: 2021, level: 'junior' }, unitName: testUnits[0].name });
  });

  it('gives each its first and last day, the last as the publicity lists print it (the day before it ends at 00:00 Shanghai)', async () => {
    const body = await list('');
    const days = Object.fromEntries(
      body.items.map((i: { applicationId: string; start: string; lastDay: string }) => [i.applicationId, [i.start, i.lastDay]]),
    );
    expect(days[U.id]).toEqual(['2021-08-02', '2021-08-06']);
    expect(days[P1.id]).toEqual(['2021-08-10', '2021-08-16']);
    expect(days[P2.id]).toEqual(['2021-08-12', '2021-08-18']);
    expect(days[P4.id]![1]).toBe('2021-08-20');
    expect(days[P3.id]).toEqual(['2021-09-28', '2021-10-09']);
    // One definition: each platform list ends on the last day of the latest publicity in it.
    const lists = expectOk(await t.app.inject({ url: '/v1/publicity-lists', headers: auth(admin()) })).items;
    expect(lists.length).toBeGreaterThan(0);
    for (const l of lists as { stage: string; start: string; end: string }[]) {
      const inList = body.items.filter((i: { kind: string; start: string }) => i.kind === l.stage && i.start === l.start);
      expect(inList.length, `${l.stage} ${l.start}`).toBeGreaterThan(0);
      expect(l.end).toBe(
        inList
          .map((i: { lastDay: string }) => i.lastDay)
          .sort()
          .at(-1),
      );
    }
  });

  it("filters the unit's publicity by its end like the others", async () => {
    expect(ids(await list('state=unitPublicity'))).toEqual([U.id]);
    expect(ids(await list(`endsBefore=${ends.U}`))).toEqual([]);
    expect(ids(await list('endsBefore=2021-08-06T16:00:00.001Z'))).toEqual([U.id]);
    expect(ids(await list(`endsAfter=${ends.U}&endsBefore=${ends.P2}`))).toEqual([U.id, P1.id]);
    expect(ids(await list('endsAfter=2021-08-06T16:00:00.001Z&limit=1'))).toEqual([P1.id]);
  });

  it('says how many the whole list holds, whatever the page', async () => {
    for (const query of ['', 'limit=1', 'state=qualificationPublicity&limit=2', `endsAfter=${ends.P2}`, `unitId=${testUnits[1].id}`]) {
      const all: string[] = [];
      let cursor: string | null = null;
      let total: number | undefined;
      do {
        const body = await list(`${query}${query ? '&' : ''}${cursor ? `cursor=${cursor}` : ''}`);
        all.push(...ids(body));
        total ??= body.total;
        expect(body.total, query).toBe(total);
        cursor = body.nextCursor;
      } while (cursor);
      expect(all.length, query).toBe(total);
    }
  });

  it('filters by a range of end times (from inclusive, to exclusive), by stage, plan and unit', async () => {
    expect(ids(await list(`endsAfter=${ends.P2}`))).toEqual([P2.id, P4.id, P3.id]);
    expect(ids(await list(`endsAfter=2021-08-17T00:00:00%2B08:00&endsBefore=${ends.P4}`))).toEqual([P1.id, P2.id]);
    expect(ids(await list('endsAfter=2021-09-01T00:00:00Z&endsBefore=2021-12-31T00:00:00Z'))).toEqual([P3.id]);
    expect(ids(await list('state=resultPublicity'))).toEqual([P4.id]);
    expect(ids(await list(`planId=${planId}&unitId=${testUnits[0].id}&limit=1`))).toEqual([U.id]);
    expect((await list(`unitId=${testUnits[1].id}`)).items).toEqual([]);
  });

  it('pages in order of end', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const body = await list(`limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...ids(body));
      cursor = body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([U.id, P1.id, P2.id, P4.id, P3.id]);
  });

  it('shows each role what it may see', async () => {
    for (const role of ['hr', 'committee', 'unit'] as const) expect(ids(await list('', P1.tk[role]))).toHaveLength(5);
    expect(ids(await list('', P3.tk.applicant))).toEqual([P3.id]);
    expect((await list('', tokensFor(t, idNumberFor(990)).applicant)).items).toEqual([]);
    expect((await list('', t.token({ sub: 'r2', role: 'unit', unitId: testUnits[1].id }))).items).toEqual([]);
  });

  it('answers 400 for unknown parameters and stages', async () => {
    for (const query of ['state=municipalAudit', 'state=feePayment', 'from=2021-08-01', 'endsAfter=soon', 'cursor=x']) {
      expectProblem(await t.app.inject({ url: `/v1/publicities?${query}`, headers: auth(admin()) }), 400, 'VALIDATION_FAILED');
    }
  });
});

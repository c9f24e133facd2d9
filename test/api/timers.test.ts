import { setTimeout as sleep } from 'node:timers/promises';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app';
import { createTokenService } from '../../src/auth/jwt';
import { loadConfig } from '../../src/config';
import { openDatabase } from '../../src/db/client';
import { applicationEvents, applications, outbox, timers } from '../../src/db/schema';
import { applyTransition } from '../../src/workflow/apply-transition';
import { fireDueTimers } from '../../src/workflow/timers';
import { createDraft, createPlan, JWT_SECRET, send, setClock, type TestApp, testApp, tokensFor } from '../support/app';
import { databaseUrlOf, usingRealPostgres } from '../support/db';
import { validPayloads } from '../support/factories';
import { latch } from '../support/latch';
import { expectCountsMatch } from './support/counts';
import { history, view } from './support/inspect';
import { expectOk, expectProblem } from './support/problem';
import { replayAllThenClose } from './support/replay';
import { applicationIn, nextIdNumber, T0, type Tokens, walkTo } from './support/walk';

// SPEC §3, §8: PUBLICITY_ENDED comes from a durable timer, fired once, never by a client.

let t: TestApp;
let planId: string;
beforeAll(async () => {
  t = await testApp(T0);
  planId = await createPlan(t);
});
afterAll(async () => {
  await replayAllThenClose(t);
});

/** The application's publicity timers (its fee and paper deadlines have their own, issue 24). */
const timersOf = (id: string) =>
  t.database.db
    .select()
    .from(timers)
    .where(and(eq(timers.applicationId, id), eq(timers.eventType, 'PUBLICITY_ENDED')))
    .orderBy(timers.id);
const endedEvents = async (id: string) => (await history(t, id)).filter((e) => e.type === 'PUBLICITY_ENDED');
const fire = () => fireDueTimers(t.database.db, t.clock, t.app.log);
/**
 * `n` new applications walked in lockstep into their qualification publicity, so that all of
 * them end at the same moment and no walk moves the clock under another.
 */
async function inPublicityTogether(n: number): Promise<string[]> {
  await setClock(t, T0);
  const apps: { id: string; tk: Tokens }[] = [];
  for (let i = 0; i < n; i++) {
    const idNumber = nextIdNumber();
    apps.push({ id: await createDraft(t, planId, idNumber), tk: tokensFor(t, idNumber) });
  }
  await Promise.all(apps.map((a) => walkTo(t, a.id, a.tk, 'unitPublicity')));
  await setClock(t, '2021-08-09T02:00:00.000Z');
  await Promise.all(apps.map((a) => walkTo(t, a.id, a.tk, 'qualificationPublicity')));
  return apps.map((a) => a.id);
}

/** Moves the clock without firing anything, as when the service is down. */
const clockWhileDown = (iso: string) => t.clock.set(new Date(iso));

describe('the publicity timer', () => {
  it('is a pending row from entering qualificationPublicity, fires once at its due time, and only once', async () => {
    const { id } = await applicationIn(t, planId, 'qualificationPublicity');
    const { context } = await view(t, id);
    const [timer, ...more] = await timersOf(id);
    expect(more).toEqual([]);
    expect(timer).toMatchObject({ eventType: 'PUBLICITY_ENDED', status: 'pending' });
    expect(new Date(timer!.dueAt).toISOString()).toBe(context.publicity.endsAt);

    expect(await setClock(t, new Date(Date.parse(context.publicity.endsAt) - 1000).toISOString())).toBe(0);
    expect((await view(t, id)).state).toBe('qualificationPublicity');
    expect(await setClock(t, context.publicity.endsAt)).toBe(1);
    expect((await view(t, id)).state).toBe('feePayment');
    expect(await setClock(t, '2021-08-25T02:00:00.000Z')).toBe(0);
    expect(await setClock(t, '2021-08-26T02:00:00.000Z')).toBe(0);
    expect(await endedEvents(id)).toHaveLength(1);
    expect((await endedEvents(id))[0]!.actor).toMatchObject({ role: 'system' });
    expect((await timersOf(id)).map((x) => x.status)).toEqual(['fired']);
  });

  it('is held by an objection and re-armed when the objection is resolved', async () => {
    const { id, tk } = await applicationIn(t, planId, 'qualificationPublicity');
    const { context } = await view(t, id);
    expectOk(await send(t, id, tk.committee, 'RAISE_OBJECTION', { objection: '业绩存疑' }));
    expect((await timersOf(id)).map((x) => x.status)).toEqual(['cancelled']);

    await setClock(t, '2021-08-20T02:00:00.000Z');
    await setClock(t, '2021-08-23T02:00:00.000Z');
    expect((await view(t, id)).state).toBe('qualificationPublicity');
    expect(await endedEvents(id)).toHaveLength(0);

    // A second objection, then the first resolved: still held.
    expectOk(await send(t, id, tk.committee, 'RAISE_OBJECTION', { objection: '学历存疑' }));
    expectOk(await send(t, id, tk.committee, 'RESOLVE_OBJECTION', { resolution: '经核实无误' }));
    expect((await timersOf(id)).filter((x) => x.status === 'pending')).toHaveLength(0);
    await setClock(t, '2021-08-24T02:00:00.000Z');
    expect((await view(t, id)).state).toBe('qualificationPublicity');

    const resolved = expectOk(await send(t, id, tk.committee, 'RESOLVE_OBJECTION', { resolution: '已核实' }));
    expect(resolved.state).toBe('qualificationPublicity');
    const pending = (await timersOf(id)).filter((x) => x.status === 'pending');
    expect(pending).toHaveLength(1);
    // Released after its end: due at once, not at the old end.
    expect(new Date(pending[0]!.dueAt).getTime()).toBeGreaterThan(Date.parse(context.publicity.endsAt));
    expect(await setClock(t, '2021-08-24T02:00:01.000Z')).toBe(1);
    expect((await view(t, id)).state).toBe('feePayment');
    await setClock(t, '2021-08-25T02:00:00.000Z');
    expect(await endedEvents(id)).toHaveLength(1);
  });

  it('resolved before the end, fires at the original end and not before', async () => {
    const { id, tk } = await applicationIn(t, planId, 'qualificationPublicity');
    const { context } = await view(t, id);
    expectOk(await send(t, id, tk.committee, 'RAISE_OBJECTION', { objection: '异议' }));
    expectOk(await send(t, id, tk.committee, 'RESOLVE_OBJECTION', { resolution: '已处理' }));
    const pending = (await timersOf(id)).filter((x) => x.status === 'pending');
    expect(pending.map((x) => new Date(x.dueAt).toISOString())).toEqual([context.publicity.endsAt]);
    expect(await setClock(t, new Date(Date.parse(context.publicity.endsAt) - 1).toISOString())).toBe(0);
    expect(await setClock(t, context.publicity.endsAt)).toBe(1);
    expect(await endedEvents(id)).toHaveLength(1);
  });

  it('is cancelled when the application leaves the publicity another way', async () => {
    const { id, tk } = await applicationIn(t, planId, 'qualificationPublicity');
    expectOk(await send(t, id, tk.hr, 'FLAG_FALSIFIED', { finding: '材料造假' }));
    expect((await timersOf(id)).map((x) => x.status)).toEqual(['cancelled']);
    await setClock(t, '2021-08-30T02:00:00.000Z');
    expect((await view(t, id)).state).toBe('falsified');
    expect(await endedEvents(id)).toHaveLength(0);
  });

  it('drives the result publicity to certified the same way', async () => {
    const { id, tk } = await applicationIn(t, planId, 'interview.deliberation');
    expectOk(await send(t, id, tk.committee, 'REVIEW_PASS', validPayloads.REVIEW_PASS));
    const pending = (await timersOf(id)).filter((x) => x.status === 'pending');
    expect(pending).toHaveLength(1);
    expectProblem(await send(t, id, tk.committee, 'PUBLICITY_ENDED'), 403, 'FORBIDDEN');
    expectOk(await send(t, id, tk.committee, 'RAISE_OBJECTION', { objection: '评审结果存疑' }));
    await setClock(t, new Date(pending[0]!.dueAt.getTime() + 1000).toISOString());
    expect((await view(t, id)).state).toBe('resultPublicity');
    expect(expectOk(await send(t, id, tk.committee, 'RESOLVE_OBJECTION', { resolution: '维持结果' })).state).toBe('resultPublicity');
    await setClock(t, '2021-10-30T02:00:00.000Z');
    expect((await view(t, id)).state).toBe('certified');
    expect(await endedEvents(id)).toHaveLength(2);
    expect((await timersOf(id)).map((x) => x.status)).toEqual(['fired', 'cancelled', 'fired']);
  });
});

describe('a round of many due timers', () => {
  it('fires each once in one batch, and settles as refused a second timer of one application that the machine refuses', async () => {
    const ids = await inPublicityTogether(4);
    const [first] = await timersOf(ids[0]!);
    // A stray second timer, due a moment before the end: claimed in the same round as the application's own, and first.
    await t.database.db.insert(timers).values({
      applicationId: ids[0]!,
      eventType: 'PUBLICITY_ENDED',
      dueAt: new Date(first!.dueAt.getTime() - 1),
      createdAt: t.clock.now(),
    });
    clockWhileDown('2021-08-30T02:00:00.000Z');

    expect(await fire()).toBe(ids.length + 1);

    for (const id of ids) {
      expect((await view(t, id)).state).toBe('feePayment');
      expect(await endedEvents(id)).toHaveLength(1);
    }
    // The stray one, first in the round, is refused (at its time the publicity had not ended); the
    // application's own, behind it in the same round, goes the one-at-a-time way and fires.
    expect((await timersOf(ids[0]!)).map((x) => [x.status, x.note])).toEqual([
      ['fired', null],
      ['refused', 'PUBLICITY_NOT_ELAPSED'],
    ]);
    const notices = await t.database.db.select().from(outbox).where(inArray(outbox.applicationId, ids));
    expect(notices.map((n) => [n.applicationId, n.kind]).sort()).toEqual(ids.map((id) => [id, 'feeDue']).sort());
    await expectCountsMatch(t);
  });
});

describe('a timer and a request on the same application', () => {
  it('do not deadlock: the round skips an application a request holds, and the request cancels the timer', async () => {
    const { id } = await applicationIn(t, planId, 'qualificationPublicity');
    clockWhileDown('2021-08-30T02:00:00.000Z');
    const locked = latch();
    const proceed = latch();
    // A request's transition, paused after locking its application: its write then cancels the timer.
    const request = t.database.db.transaction(async (tx) => {
      await tx.execute(sql`select 1 from ${applications} where ${applications.id} = ${id} for update`);
      locked.open();
      await proceed.opened;
      return applyTransition(tx, t.clock, {
        applicationId: id,
        body: { type: 'RAISE_OBJECTION', objection: '业绩存疑' },
        actor: { sub: 'committee-office', role: 'committee', unitId: null },
      });
    });
    try {
      await locked.opened;
      const round = fire();
      // Had the round locked the timer, it would now wait for the application, and the request for the timer.
      await sleep(300);
      proceed.open();
      const [fired, raised] = await Promise.all([round, request]);
      expect(fired).toBe(0);
      expect(raised.state).toBe('qualificationPublicity');
    } finally {
      proceed.open();
      await request.catch(() => undefined);
    }
    expect((await timersOf(id)).map((x) => x.status)).toEqual(['cancelled']);
    expect(await fire()).toBe(0);
    expect(await endedEvents(id)).toHaveLength(0);
  });
});

describe('after a restart', () => {
  it('a timer that fell due while the service was down fires exactly once, however often and concurrently the worker runs', async () => {
    const { id } = await applicationIn(t, planId, 'qualificationPublicity');
    clockWhileDown('2021-08-30T02:00:00.000Z');
    expect((await view(t, id)).state).toBe('qualificationPublicity');
    const rounds = await Promise.all([fire(), fire(), fire()]);
    expect(rounds.reduce((a, b) => a + b, 0)).toBe(1);
    expect(await fire()).toBe(0);
    expect((await view(t, id)).state).toBe('feePayment');
    expect(await endedEvents(id)).toHaveLength(1);
  });

  it.runIf(usingRealPostgres())('a second service instance started after the due time fires it once', async () => {
    const { id } = await applicationIn(t, planId, 'qualificationPublicity');
    clockWhileDown('2021-08-30T02:00:00.000Z');
    const database = await openDatabase({ url: databaseUrlOf(t.database), dataDir: '' });
    const restarted = await buildApp(
      { database, tokens: createTokenService(JWT_SECRET), clock: t.clock, manualClock: t.clock, documents: loadConfig({}).documents },
      { logger: false },
    );
    try {
      const setOn = (app: typeof restarted) =>
        app.inject({
          method: 'POST',
          url: '/v1/test/clock',
          headers: { authorization: `Bearer ${t.token({ sub: 'admin', role: 'admin' })}` },
          payload: { now: '2021-08-30T03:00:00.000Z' },
        });
      const [a, b] = await Promise.all([setOn(restarted), setOn(t.app)]);
      expect(a.json().firedTimers + b.json().firedTimers).toBe(1);
      expect((await view(t, id)).state).toBe('feePayment');
      expect(await endedEvents(id)).toHaveLength(1);
    } finally {
      await restarted.close();
    }
  });

  it.runIf(usingRealPostgres())('two service processes on one Postgres never fire the same timer twice', async () => {
    const ids = await inPublicityTogether(45);
    clockWhileDown('2021-08-30T02:00:00.000Z');
    const second = await openDatabase({ url: databaseUrlOf(t.database), dataDir: '' });
    try {
      const fireOn = (db: typeof second.db) => fireDueTimers(db, t.clock, t.app.log);
      const rounds = await Promise.all([fireOn(t.database.db), fireOn(second.db), fireOn(t.database.db), fireOn(second.db)]);
      expect(rounds.reduce((a, b) => a + b, 0)).toBe(ids.length);
      expect(await Promise.all([fireOn(t.database.db), fireOn(second.db)])).toEqual([0, 0]);
    } finally {
      await second.close();
    }
    const settled = await t.database.db
      .select()
      .from(timers)
      .where(and(inArray(timers.applicationId, ids), eq(timers.eventType, 'PUBLICITY_ENDED')));
    expect(settled).toHaveLength(ids.length);
    expect(settled.every((x) => x.status === 'fired')).toBe(true);
    const ended = await t.database.db
      .select()
      .from(applicationEvents)
      .where(and(inArray(applicationEvents.applicationId, ids), eq(applicationEvents.type, 'PUBLICITY_ENDED')));
    expect(new Set(ended.map((e) => e.applicationId)).size).toBe(ids.length);
    expect(ended).toHaveLength(ids.length);
    for (const id of ids) expect((await view(t, id)).state).toBe('feePayment');
  });
});

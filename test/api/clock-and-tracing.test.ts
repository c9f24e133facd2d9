import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client';
import { compile, run } from '../../src/store/exec';
import { auth, createPlan, send, setClock, type TestApp, testApp } from '../support/app';
import { databaseUrlOf, usingRealPostgres } from '../support/db';
import { validPayloads } from '../support/factories';
import { latch } from '../support/latch';
import { history, view } from './support/inspect';
import { expectOk, expectProblem } from './support/problem';
import { expectEveryApplicationReplays } from './support/replay';
import { applicationIn, walkTo } from './support/walk';

// Issue 18: every timestamp from the service clock, allowedEvents that tell the truth, a
// test clock that settles what it makes due, and a request traceable into history.

let t: TestApp;
let planId: string;
beforeAll(async () => {
  t = await testApp();
  planId = await createPlan(t);
});
afterAll(async () => {
  await expectEveryApplicationReplays(t);
  await t?.close();
});

const admin = () => t.token({ sub: 'admin', role: 'admin' });

describe('the service clock', () => {
  it('stamps every timestamp in every table, years away from the wall clock', async () => {
    const certified = await applicationIn(t, planId, 'certified');
    expectOk(await send(t, certified.id, certified.tk.hr, 'REVOKE', validPayloads.REVOKE));
    const [ban] = expectOk(await t.app.inject({ url: `/v1/bans?idNumber=${certified.idNumber}`, headers: auth(admin()) })).items;
    await setClock(t, '2021-12-20T02:00:00.000Z');
    const lifted = expectOk(
      await t.app.inject({ method: 'POST', url: `/v1/bans/${ban.id}/lift`, headers: auth(admin()), payload: { reason: '复核撤销' } }),
    );
    expect(Date.parse(lifted.liftedAt)).toBeGreaterThanOrEqual(Date.parse(lifted.createdAt));
    await t.app.inject({
      method: 'PUT',
      url: '/v1/calendar/2022',
      headers: auth(admin()),
      payload: { holidays: ['2022-01-03'], workdays: [] },
    });

    // Every timestamp column of every table: the manual clock never left 2021, the wall clock is years later.
    const columns = await run<{ table_name: string; column_name: string }>(
      t.database.db,
      compile(sql`select table_name, column_name from information_schema.columns
        where table_schema = 'public' and data_type = 'timestamp with time zone'`),
    );
    expect(columns.length).toBeGreaterThan(10);
    for (const { table_name, column_name } of columns) {
      const [latest] = await run<{ latest: string | Date | null }>(
        t.database.db,
        compile(sql`select max(${sql.identifier(column_name)}) as latest from ${sql.identifier(table_name)}`),
      );
      if (latest?.latest == null) continue;
      expect(new Date(latest.latest).getUTCFullYear(), `${table_name}.${column_name}`).toBe(2021);
    }
  });
});

describe('allowedEvents', () => {
  it('offers UNIT_APPROVE only once the unit publicity has elapsed, and says when it will be', async () => {
    const { id, tk } = await applicationIn(t, planId, 'unitPublicity');
    const before = await view(t, id, tk.unit);
    expect(before.allowedEvents).not.toContain('UNIT_APPROVE');
    const blocked = before.blockedEvents.find((b: { type: string }) => b.type === 'UNIT_APPROVE');
    expect(blocked).toMatchObject({ code: 'PUBLICITY_NOT_ELAPSED', firstAllowedDate: before.context.unitPublicity.endsOn });
    // The refusal the view predicts is the one the event gets.
    const refused = expectProblem(await send(t, id, tk.unit, 'UNIT_APPROVE', validPayloads.UNIT_APPROVE), 422, 'PUBLICITY_NOT_ELAPSED');
    expect(refused.firstAllowedDate).toBe(blocked.firstAllowedDate);
    await setClock(t, `${before.context.unitPublicity.endsOn}T02:00:00.000Z`);
    const after = await view(t, id, tk.unit);
    expect(after.allowedEvents).toContain('UNIT_APPROVE');
    expect(after.blockedEvents).toEqual([]);
  });

  it('offers RESOLVE_OBJECTION only while an objection is open', async () => {
    const { id, tk } = await applicationIn(t, planId, 'qualificationPublicity');
    expect((await view(t, id, tk.committee)).blockedEvents).toEqual([
      expect.objectContaining({ type: 'RESOLVE_OBJECTION', code: 'ILLEGAL_TRANSITION' }),
    ]);
    expectOk(await send(t, id, tk.committee, 'RAISE_OBJECTION', validPayloads.RAISE_OBJECTION));
    const held = await view(t, id, tk.committee);
    expect(held.allowedEvents).toContain('RESOLVE_OBJECTION');
    expect(held.blockedEvents).toEqual([]);
  });

  it('tells an applicant who may not submit why, before they try', async () => {
    const ineligible = await applicationIn(t, planId, 'draft');
    expectOk(await send(t, ineligible.id, ineligible.tk.applicant, 'UPDATE_DRAFT', { facts: { unitInCixi: false } }));
    const seen = await view(t, ineligible.id, ineligible.tk.applicant);
    expect(seen.allowedEvents).not.toContain('SUBMIT');
    const submit = seen.blockedEvents.find((b: { type: string }) => b.type === 'SUBMIT');
    expect(submit.code).toBe('NOT_ELIGIBLE');
    expect(submit.failures.map((f: { id: string }) => f.id)).toEqual(['scope']);
  });
});

describe('the test clock', () => {
  it('fires a publicity end at its due time, however far the clock jumps past it', async () => {
    const { id } = await applicationIn(t, planId, 'qualificationPublicity');
    const { endsAt } = (await view(t, id)).context.publicity;
    await setClock(t, new Date(Date.parse(endsAt) + 20 * 86_400_000).toISOString());
    const ended = (await history(t, id)).find((h) => h.type === 'PUBLICITY_ENDED');
    expect(ended?.at).toBe(endsAt);
  });

  it('fires a timer re-armed by a late resolution at the resolution, not at a later clock move', async () => {
    const { id, tk } = await applicationIn(t, planId, 'qualificationPublicity');
    expectOk(await send(t, id, tk.committee, 'RAISE_OBJECTION', validPayloads.RAISE_OBJECTION));
    const { endsAt } = (await view(t, id)).context.publicity;
    const late = new Date(Date.parse(endsAt) + 3 * 86_400_000).toISOString();
    await setClock(t, late);
    const resolved = expectOk(await send(t, id, tk.committee, 'RESOLVE_OBJECTION', validPayloads.RESOLVE_OBJECTION));
    await setClock(t, new Date(Date.parse(late) + 86_400_000).toISOString());
    const ended = (await history(t, id)).find((h) => h.type === 'PUBLICITY_ENDED');
    expect(ended?.at).toBe(resolved.updatedAt);
  });

  it.runIf(usingRealPostgres())('answers only after a timer another worker holds has fired', async () => {
    const { id } = await applicationIn(t, planId, 'qualificationPublicity');
    const { endsAt } = (await view(t, id)).context.publicity;
    const other = await openDatabase({ url: databaseUrlOf(t.database), dataDir: '' });
    try {
      const held = latch();
      const lockTaken = latch();
      // Another worker has claimed the due timer and not committed yet.
      const worker = other.db.transaction(async (tx) => {
        await run(tx, compile(sql`select id from timers where status = 'pending' for update`));
        lockTaken.open();
        await held.opened;
      });
      await lockTaken.opened;
      const moved = setClock(t, new Date(Date.parse(endsAt) + 3600_000).toISOString());
      await new Promise((resolve) => setTimeout(resolve, 300));
      held.open();
      await worker;
      await moved;
      expect((await view(t, id)).state).toBe('feePayment');
    } finally {
      await other.close();
    }
  });
});

describe('tracing a request into history', () => {
  it('records the request id and the Idempotency-Key with the event, and answers with its seq', async () => {
    const { id, tk } = await applicationIn(t, planId, 'submitted');
    const res = await send(
      t,
      id,
      tk.unit,
      'START_UNIT_PUBLICITY',
      { startDate: '2021-08-02' },
      {
        'x-request-id': 'trace-me-1',
        'idempotency-key': 'unit-key-1',
      },
    );
    const { event } = expectOk(res);
    const entry = (await history(t, id)).find((h) => h.seq === event.seq) as Record<string, unknown>;
    expect(entry).toMatchObject({ type: 'START_UNIT_PUBLICITY', requestId: 'trace-me-1', idempotencyKey: 'unit-key-1' });
    // The service's own timers carry no request.
    await walkTo(t, id, tk, 'feePayment');
    const ended = (await history(t, id)).find((h) => h.type === 'PUBLICITY_ENDED') as Record<string, unknown>;
    expect(ended).toMatchObject({ requestId: null, idempotencyKey: null });
  });
});

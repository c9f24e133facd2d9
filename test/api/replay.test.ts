import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transition } from 'xstate';
import { applicationMachine } from '../../machines/application';
import { type PersistedSnapshot, persist, restore, stateName } from '../../machines/states';
import { applications } from '../../src/db/schema';
import { compile, run } from '../../src/store/exec';
import { createPlan, send, setClock, type TestApp, testApp } from '../support/app';
import { validPayloads } from '../support/factories';
import { history } from './support/inspect';
import { pdfFile, upload } from './support/materials';
import { expectOk } from './support/problem';
import { expectEveryApplicationReplays, expectHistoryReplays, replayAllThenClose } from './support/replay';
import { applicationIn, mainPath, T0, walkTo } from './support/walk';

// SPEC §7: replaying the history through the machine yields the stored snapshot; a stored
// snapshot round-trips through JSON and the database (xstate's rehydration test, here with Postgres in between).

let t: TestApp;
let planId: string;
beforeAll(async () => {
  t = await testApp(T0);
  planId = await createPlan(t);
});
afterAll(async () => {
  await replayAllThenClose(t);
});

const storedSnapshot = async (id: string) => {
  const [row] = await t.database.db.select({ snapshot: applications.snapshot }).from(applications).where(eq(applications.id, id));
  return row!.snapshot as PersistedSnapshot;
};

describe('history replay', () => {
  it('reproduces the stored snapshot after every step of the happy path, objections and returns included', async () => {
    const { id, tk } = await applicationIn(t, planId, 'draft');
    const { sha256 } = (await upload(t, id, tk.applicant, { kind: 'achievement', name: 'a.pdf', bytes: pdfFile() })).json().material;
    expectOk(
      await send(t, id, tk.applicant, 'UPDATE_DRAFT', {
        facts: { name: '李四' },
        materials: [{ kind: 'other', name: 'b.pdf', sha256 }],
      }),
    );
    await walkTo(t, id, tk, 'unitPublicity');
    expectOk(await send(t, id, tk.unit, 'RETURN_TO_APPLICANT', { reason: '补充材料' }));
    await expectHistoryReplays(t, id);
    for (const state of mainPath) {
      await walkTo(t, id, tk, state);
      if (state === 'qualificationPublicity') {
        expectOk(await send(t, id, tk.committee, 'RAISE_OBJECTION', { objection: '异议' }));
        await setClock(t, '2021-08-25T02:00:00.000Z');
        expectOk(await send(t, id, tk.committee, 'RESOLVE_OBJECTION', { resolution: '已核实' }));
      }
      await expectHistoryReplays(t, id);
    }
    expect((await history(t, id)).map((e) => e.type)).toContain('PUBLICITY_ENDED');
  });

  it('detects a stored snapshot that the history does not produce', async () => {
    const { id, tk } = await applicationIn(t, planId, 'draft');
    await walkTo(t, id, tk, 'submitted');
    await expectHistoryReplays(t, id);
    const original = await storedSnapshot(id);
    const tampered = { ...original, context: { ...original.context, remark: '手工修改' } };
    await t.database.db.update(applications).set({ snapshot: tampered }).where(eq(applications.id, id));
    await expect(expectHistoryReplays(t, id)).rejects.toThrow();
    await t.database.db.update(applications).set({ snapshot: original }).where(eq(applications.id, id));
    await expectHistoryReplays(t, id);
  });

  it('covers every application created in this file', async () => {
    const { id } = await applicationIn(t, planId, 'draft');
    expect(await expectEveryApplicationReplays(t)).toBeGreaterThanOrEqual(3);
    await expectHistoryReplays(t, id);
  });
});

describe('snapshot persistence', () => {
  it('round-trips through JSON and the database to an equal state that behaves the same', async () => {
    const { id, tk } = await applicationIn(t, planId, 'draft');
    for (const state of mainPath) {
      await walkTo(t, id, tk, state);
      const persisted = await storedSnapshot(id);
      // Through JSON text and a jsonb column and back.
      const [{ echoed }] = (await run<{ echoed: PersistedSnapshot }>(
        t.database.db,
        compile(sql`select ${JSON.stringify(persisted)}::jsonb as echoed`),
      )) as [{ echoed: PersistedSnapshot }];
      const restored = restore(JSON.parse(JSON.stringify(echoed)), 1);
      expect(persist(restored)).toEqual(persisted);
      expect(stateName(restored.value)).toBe(state);
      expect(restored.status).toBe('active');
      expect(restored.matches(state.split('.')[0] as never)).toBe(true);
      // The restored snapshot answers the next event as the live one does.
      const event = { type: 'FLAG_FALSIFIED', finding: 'x', at: '2021-12-01T00:00:00.000Z' } as const;
      const [next] = transition(applicationMachine, restored, event);
      expect(stateName(next.value)).toBe(state === 'draft' || state === 'certified' ? state : 'falsified');
    }
    expectOk(await send(t, id, tk.hr, 'REVOKE', validPayloads.REVOKE));
    const final = restore(await storedSnapshot(id), 1);
    expect(final.status).toBe('done');
    expect(persist(final)).toEqual(await storedSnapshot(id));
  });
});

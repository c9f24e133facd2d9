import { randomUUID } from 'node:crypto';
import { eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Actor } from '../../machines/events';
import { applicationEvents, applications, idempotencyKeys } from '../../src/db/schema';
import { loadForTransition, type TransitionRow } from '../../src/store/transition-read';
import { type TransitionWrite, writeTransition } from '../../src/store/transition-write';
import { createDraft, createPlan, type TestApp, testApp } from '../support/app';
import { nextIdNumber, T0 } from './support/walk';

// Reads and writes asked for in the same turn of the event loop go out as one statement each. Each must still
// get its own outcome: written, lost to another writer, or refused, as if it had gone alone.
// The writes are made by hand (no machine), so this file does not replay histories.

let t: TestApp;
let planId: string;
beforeAll(async () => {
  t = await testApp(T0);
  planId = await createPlan(t);
});
afterAll(async () => {
  await t.close();
});

const actor: Actor = { sub: 'applicant-group', role: 'applicant', unitId: null };

/** An edit that changes nothing but the version, read from `row`, optionally under an Idempotency-Key. */
function edit(row: TransitionRow, o: { readVersion?: number; key?: string } = {}): TransitionWrite {
  return {
    applicationId: row.id,
    readVersion: o.readVersion ?? row.version,
    definitionVersion: row.definitionVersion,
    event: { type: 'UPDATE_DRAFT', at: t.clock.now().toISOString() } as TransitionWrite['event'],
    from: 'draft',
    to: 'draft',
    actor,
    snapshot: row.snapshot,
    effects: [],
    timerId: null,
    requestId: null,
    idempotencyKey: o.key ?? null,
    idempotency: o.key ? { requestHash: `hash-${row.id}`, response: { id: row.id } } : null,
  };
}

const versionOf = async (id: string) =>
  (await t.database.db.select({ v: applications.version }).from(applications).where(eq(applications.id, id)))[0]!.v;
const eventsOf = async (id: string) =>
  t.database.db.select().from(applicationEvents).where(eq(applicationEvents.applicationId, id)).orderBy(applicationEvents.seq);

it('gives each read of one turn its own row, and none to an id with no application', async () => {
  const ids = await Promise.all(Array.from({ length: 3 }, () => createDraft(t, planId, nextIdNumber())));
  const missing = randomUUID();
  const asked = [ids[2]!, missing, ids[0]!, ids[1]!, ids[0]!];
  const rows = await Promise.all(asked.map((id) => loadForTransition(t.database.db, id, null)));
  expect(rows.map((row) => row?.id)).toEqual([ids[2], undefined, ids[0], ids[1], ids[0]]);
  // Two requests on one application decide on rows of their own.
  expect(rows[4]).not.toBe(rows[2]);
  const stored = await t.database.db
    .select({ id: applications.id, idNumber: applications.idNumber })
    .from(applications)
    .where(inArray(applications.id, ids));
  for (const row of rows) if (row) expect(row.idNumber).toBe(stored.find((s) => s.id === row.id)!.idNumber);
});

it('writes the writes of one turn in one statement: one transaction', async () => {
  const ids = await Promise.all(Array.from({ length: 3 }, () => createDraft(t, planId, nextIdNumber())));
  const rows = await Promise.all(ids.map(async (id) => (await loadForTransition(t.database.db, id, null))!));
  expect(await Promise.all(rows.map((row) => writeTransition(t.database.db, edit(row))))).toEqual([true, true, true]);
  const xids = await t.database.db.select({ xid: sql<string>`xmin::text` }).from(applications).where(inArray(applications.id, ids));
  expect(new Set(xids.map((r) => r.xid)).size).toBe(1);
});

it('gives each write of one turn its own outcome, though one of them fails the statement they share', async () => {
  const ids = await Promise.all(Array.from({ length: 4 }, () => createDraft(t, planId, nextIdNumber())));
  const rows = await Promise.all(ids.map(async (id) => (await loadForTransition(t.database.db, id, null))!));
  const [a, b, c, stale] = rows as [TransitionRow, TransitionRow, TransitionRow, TransitionRow];

  // All asked for before any is written: one turn. b reuses a's Idempotency-Key (a unique
  // violation for the statement both are in), stale read a version that is gone.
  const outcomes = await Promise.all([
    writeTransition(t.database.db, edit(a, { key: 'group-key' })),
    writeTransition(t.database.db, edit(b, { key: 'group-key' })),
    writeTransition(t.database.db, edit(c)),
    writeTransition(t.database.db, edit(stale, { readVersion: stale.version - 1 })),
  ]);

  // a and b race for the key, each alone after the shared statement failed: one wins, the other re-reads.
  const [wonA, wonB, wroteC, wroteStale] = outcomes;
  expect([wonA !== wonB, wroteC, wroteStale]).toEqual([true, true, false]);
  const [winner, loser] = wonA ? [a, b] : [b, a];
  expect(await Promise.all([winner, loser, c, stale].map((r) => versionOf(r.id)))).toEqual([
    winner.version + 1,
    loser.version,
    c.version + 1,
    stale.version,
  ]);
  for (const [row, seqs] of [
    [winner, [0, 1]],
    [loser, [0]],
    [c, [0, 1]],
    [stale, [0]],
  ] as const)
    expect((await eventsOf(row.id)).map((e) => e.seq)).toEqual(seqs);
  const recorded = await t.database.db.select().from(idempotencyKeys).where(eq(idempotencyKeys.key, 'group-key'));
  expect(recorded.map((r) => r.applicationId)).toEqual([winner.id]);
});

it('writes a second write of one application in the same turn on its own, and only one of the two wins', async () => {
  const id = await createDraft(t, planId, nextIdNumber());
  const row = (await loadForTransition(t.database.db, id, null))!;
  const outcomes = await Promise.all([writeTransition(t.database.db, edit(row)), writeTransition(t.database.db, edit(row))]);
  expect(outcomes.filter(Boolean)).toHaveLength(1);
  expect(await versionOf(id)).toBe(row.version + 1);
  expect((await eventsOf(id)).map((e) => e.seq)).toEqual([0, 1]);
});

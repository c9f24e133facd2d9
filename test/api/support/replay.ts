import { eq } from 'drizzle-orm';
import { expect } from 'vitest';
import { initialTransition, transition } from 'xstate';
import { definitionOf } from '../../../machines/definitions';
import { migrateSnapshot, migrationBetween } from '../../../machines/migrations';
import { persist, restore, stateName } from '../../../machines/states';
import { applications } from '../../../src/db/schema';
import type { TestApp } from '../../support/app';
import { expectCountsMatch } from './counts';
import { history, view } from './inspect';

const plain = <T>(v: T): T => JSON.parse(JSON.stringify(v));

/**
 * Replays GET …/history through the machine from nothing (seq 0 carries the input) and
 * compares the result with GET …/:id and with the stored snapshot.
 */
export async function expectHistoryReplays(t: TestApp, id: string): Promise<void> {
  const events = await history(t, id);
  const [init, ...rest] = events;
  expect(init?.seq).toBe(0);
  expect(init?.type).toBe('xstate.init');
  // Applications from before definition versions carry none in their creation record: they run on 1.
  let version: number = init!.payload.definitionVersion ?? 1;
  let [snapshot] = initialTransition(definitionOf(version).machine, init!.payload.input);
  rest.forEach((e, i) => {
    expect(e.seq).toBe(i + 1);
    expect(e.from).toBe(stateName(snapshot.value));
    if (e.type === 'definition.migrate') {
      // A move between versions replays through the same pure function that made it.
      expect(e.payload.fromVersion).toBe(version);
      const moved = migrateSnapshot(persist(snapshot), migrationBetween(version, e.payload.toVersion)!);
      if ('blocked' in moved) throw new Error(`${id} seq ${e.seq}: history records a blocked move: ${moved.blocked}`);
      version = e.payload.toVersion;
      snapshot = restore(moved.snapshot, version);
    } else {
      [snapshot] = transition(definitionOf(version).machine, snapshot, e.payload);
    }
    expect(stateName(snapshot.value), `${id} after seq ${e.seq} ${e.type}`).toBe(e.to);
  });
  const stored = await view(t, id);
  const [row] = await t.database.db.select().from(applications).where(eq(applications.id, id));
  const persisted = row!.snapshot as { value: unknown; context: unknown };
  expect(stored.version).toBe(events.length - 1);
  expect(stored.definitionVersion).toBe(version);
  expect(stateName(snapshot.value)).toBe(stored.state);
  expect(plain(snapshot.context), id).toEqual(stored.context);
  expect(plain({ value: snapshot.value, context: snapshot.context }), id).toEqual({ value: persisted.value, context: persisted.context });
}

/** Every application in the test app's database replays from its history. */
export async function expectEveryApplicationReplays(t: TestApp): Promise<number> {
  const all = await t.database.db.select({ id: applications.id }).from(applications);
  for (const { id } of all) await expectHistoryReplays(t, id);
  return all.length;
}

/** The afterAll of every file here: replay everything it created, check the state counts, then close the app. */
export async function replayAllThenClose(t: TestApp | undefined): Promise<void> {
  if (!t) return;
  try {
    await expectEveryApplicationReplays(t);
    await expectCountsMatch(t);
  } finally {
    await t.close();
  }
}

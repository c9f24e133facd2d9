import { eq } from 'drizzle-orm';
import { expect } from 'vitest';
import { initialTransition, transition } from 'xstate';
import { applicationMachine } from '../../../machines/application';
import { stateName } from '../../../machines/states';
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
  let [snapshot] = initialTransition(applicationMachine, init!.payload.input);
  rest.forEach((e, i) => {
    expect(e.seq).toBe(i + 1);
    expect(e.from).toBe(stateName(snapshot.value));
    [snapshot] = transition(applicationMachine, snapshot, e.payload);
    expect(stateName(snapshot.value), `${id} after seq ${e.seq} ${e.type}`).toBe(e.to);
  });
  const stored = await view(t, id);
  const [row] = await t.database.db.select().from(applications).where(eq(applications.id, id));
  const persisted = row!.snapshot as { value: unknown; context: unknown };
  expect(stored.version).toBe(events.length - 1);
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

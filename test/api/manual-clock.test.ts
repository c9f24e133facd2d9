import { afterAll, beforeAll, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock';
import { followManualClock } from '../../src/workflow/manual-clock';
import { setClock, type TestApp, testApp } from '../support/app';

// Issue 25, item 9: CLOCK=manual's time is kept in the database. A process started on it
// (a restart, another replica) goes on from the time last set, and takes each later setting.

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t?.close());

it('goes on from the time last set, in a process started later, and follows each new setting', async () => {
  // Before anything is set, a process keeps the time it started with (the wall clock's, in the server).
  const restarted = new ManualClock(new Date('2030-01-01T00:00:00.000Z'));
  await followManualClock(t.database.db, restarted);
  expect(restarted.now().toISOString()).toBe('2030-01-01T00:00:00.000Z');

  await setClock(t, '2021-09-01T02:00:00.000Z');
  await followManualClock(t.database.db, restarted);
  expect(restarted.now().toISOString()).toBe('2021-09-01T02:00:00.000Z');

  await setClock(t, '2021-09-02T02:00:00.000Z');
  await followManualClock(t.database.db, restarted);
  expect(restarted.now().toISOString()).toBe('2021-09-02T02:00:00.000Z');
  expect(t.clock.now().toISOString()).toBe('2021-09-02T02:00:00.000Z');
});

it('does not move a clock back to a setting it has already taken', async () => {
  await setClock(t, '2021-09-03T02:00:00.000Z');
  // A test moving its own clock in-process, as the suites do, keeps that time.
  t.clock.set(new Date('2021-09-04T02:00:00.000Z'));
  await followManualClock(t.database.db, t.clock);
  expect(t.clock.now().toISOString()).toBe('2021-09-04T02:00:00.000Z');
});

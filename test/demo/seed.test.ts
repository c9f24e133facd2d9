import { afterEach, expect, it } from 'vitest';
import { createTokenService } from '../../src/auth/jwt';
import { ManualClock } from '../../src/clock';
import type { Database } from '../../src/db/client';
import { applications, plans } from '../../src/db/schema';
import { seedDemo } from '../../src/demo/seed';
import { freshDatabase } from '../support/db';

const tokens = createTokenService('demo-test-secret-demo-test-secret!');
let database: Database | undefined;
afterEach(async () => {
  await database?.close();
});

async function seededAt(now: string) {
  database = await freshDatabase();
  const out = await seedDemo(database.db, new ManualClock(new Date(now)), tokens);
  const states = (await database.db.select({ state: applications.state }).from(applications)).map((a) => a.state).sort();
  return { out, states, plans: await database.db.select().from(plans) };
}

it('seeds two plans and three applications once, and prints a token per role', async () => {
  const { out, states, plans: seeded } = await seededAt('2026-11-26T02:00:00.000Z');
  expect(seeded.map((p) => `${p.year} ${p.level}`).sort()).toEqual(['2026 intermediate', '2026 junior']);
  expect(states).toEqual(['draft', 'submitted', 'unitPublicity']);
  for (const role of ['applicant', 'unit', 'hr', 'committee', 'admin']) expect(out).toContain(role);
  await seedDemo(database!.db, new ManualClock(new Date('2026-11-27T02:00:00.000Z')), tokens);
  expect(await database!.db.select().from(applications)).toHaveLength(3);
});

it('still starts in a year no calendar covers yet, and says how to load one', async () => {
  const { out, states } = await seededAt('2027-03-01T02:00:00.000Z');
  expect(states).toEqual(['draft', 'submitted', 'submitted']);
  expect(out).toContain('PUT /v1/calendar/2027');
});

import { sql } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../../src/app';
import { createTokenService } from '../../src/auth/jwt';
import { ManualClock } from '../../src/clock';
import type { Database } from '../../src/db/client';
import { applicationEvents } from '../../src/db/schema';
import { loggerOptions } from '../../src/log';
import { expectProblem } from '../api/support/problem';
import { auth, JWT_SECRET } from '../support/app';
import { freshDatabase } from '../support/db';
import { factsFor, idNumberFor, planBody, testUnits, unitId } from '../support/factories';

// Issue 9, finding 3: a logged DrizzleQueryError carried every query parameter, the
// snapshot with ID number and name among them.

const lines: string[] = [];
const tokens = createTokenService(JWT_SECRET);
const idNumber = idNumberFor(123);
const name = '欧阳测试员';
let database: Database;
let app: Awaited<ReturnType<typeof buildApp>>;

beforeAll(async () => {
  database = await freshDatabase();
  const logger = pino(loggerOptions('info'), { write: (line: string) => lines.push(line) });
  app = await buildApp({ database, tokens, clock: new ManualClock(new Date('2021-08-02T02:00:00Z')) }, { loggerInstance: logger });
});
afterAll(async () => {
  await app?.close();
});

it('logs a forced database error by code and SQLSTATE, without the ID number, the name or the token', async () => {
  const admin = tokens.sign({ sub: 'admin', role: 'admin' });
  const applicant = tokens.sign({ sub: idNumber, role: 'applicant' });
  const plan = await app.inject({ method: 'POST', url: '/v1/plans', headers: auth(admin), payload: planBody('junior') });
  await app.inject({ method: 'POST', url: '/v1/units', headers: auth(admin), payload: testUnits[0] });
  const created = await app.inject({
    method: 'POST',
    url: '/v1/applications',
    headers: auth(applicant),
    payload: { planId: plan.json().id, unitId, facts: { ...factsFor('junior'), name } },
  });
  expect(created.statusCode).toBe(201);
  // From now on every transition's write fails inside the database (check_violation, 23514).
  await database.db.execute(sql`alter table ${applicationEvents} add constraint refuse_all check (false) not valid`);
  const res = await app.inject({
    method: 'POST',
    url: `/v1/applications/${created.json().id}/events`,
    headers: auth(applicant),
    payload: { type: 'UPDATE_DRAFT', facts: { name: `${name}二` } },
  });
  expectProblem(res, 500, 'INTERNAL');
  expect(res.body).not.toContain(idNumber);
  await app.inject({ url: `/v1/bans?idNumber=${idNumber}`, headers: auth(admin) });

  const log = lines.join('');
  expect(log).not.toContain(idNumber);
  expect(log).not.toContain(name);
  expect(log).not.toContain(applicant);
  expect(log).not.toContain(admin);
  expect(log).not.toMatch(/insert into|params:/i);
  expect(log).toContain('/v1/bans?idNumber=*');
  const failure = lines.map((l) => JSON.parse(l)).find((l) => l.msg === 'request failed');
  expect(failure?.err).toMatchObject({ type: 'DatabaseError', code: '23514', constraint: 'refuse_all' });
});

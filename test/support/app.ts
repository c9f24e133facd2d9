import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { EventType } from '../../machines/events';
import { type AppOptions, buildApp } from '../../src/app';
import { createTokenService, type TokenClaims } from '../../src/auth/jwt';
import { ManualClock } from '../../src/clock';
import { type DocumentSettings, loadConfig } from '../../src/config';
import type { Database } from '../../src/db/client';
import { freshDatabase } from './db';
import { factsFor, planBody, testUnits, unitId } from './factories';

export const JWT_SECRET = 'test-secret-test-secret-test-secret!';

export type TestApp = {
  app: FastifyInstance;
  database: Database;
  clock: ManualClock;
  token(claims: TokenClaims): string;
  close(): Promise<void>;
};

/** Options a test may add: the background pollers, which tests otherwise leave out and drive themselves. */
type ExtraOptions = Pick<AppOptions, 'pollers'>;

/** The real app on a fresh database with a manual clock and the test units registered, built once per test file; document settings default as in production. */
export async function testApp(
  now = '2021-08-02T02:00:00.000Z',
  documents: Partial<DocumentSettings> = {},
  extra: ExtraOptions = {},
): Promise<TestApp> {
  const t = await testAppOn(await freshDatabase(), now, documents, extra);
  for (const unit of testUnits) {
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/units',
      headers: auth(t.token({ sub: 'admin', role: 'admin' })),
      payload: unit,
    });
    if (res.statusCode !== 201) throw new Error(`unit: ${res.statusCode} ${res.body}`);
  }
  return t;
}

/** The real app on `database` as it is (no units registered), closing it with the app. */
export async function testAppOn(
  database: Database,
  now: string,
  documents: Partial<DocumentSettings> = {},
  extra: ExtraOptions = {},
): Promise<TestApp> {
  const clock = new ManualClock(new Date(now));
  const tokens = createTokenService(JWT_SECRET);
  const app = await buildApp(
    // Load shedding off (test/http/overload.test.ts tests it): a busy machine is not an overloaded service.
    {
      database,
      tokens,
      clock,
      manualClock: clock,
      documents: { ...loadConfig({}).documents, ...documents },
      maxEventLoopDelayMs: 0,
      // The tests' webhook receivers listen on this machine.
      webhookAllowedHosts: ['127.0.0.1'],
      ...extra,
    },
    { logger: false },
  );
  return {
    app,
    database,
    clock,
    token: tokens.sign,
    close: () => app.close(),
  };
}

export const auth = (token: string) => ({ authorization: `Bearer ${token}` });

/** Tokens for each role; the applicant's `sub` is the given ID number. */
export function tokensFor(t: TestApp, idNumber: string) {
  return {
    applicant: t.token({ sub: idNumber, role: 'applicant' }),
    unit: t.token({ sub: 'unit-reviewer', role: 'unit', unitId }),
    hr: t.token({ sub: 'hr-auditor', role: 'hr' }),
    committee: t.token({ sub: 'committee-office', role: 'committee' }),
    admin: t.token({ sub: 'admin', role: 'admin' }),
  };
}

/** A 2021 plan, on the 2021 notice's machine unless another definition version is named. */
export async function createPlan(t: TestApp, level: 'junior' | 'intermediate' = 'junior', definitionVersion = 1): Promise<string> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/v1/plans',
    headers: auth(t.token({ sub: 'admin', role: 'admin' })),
    payload: planBody(level, definitionVersion),
  });
  if (res.statusCode !== 201) throw new Error(`plan: ${res.statusCode} ${res.body}`);
  return res.json().id;
}

export async function createDraft(
  t: TestApp,
  planId: string,
  idNumber: string,
  level: 'junior' | 'intermediate' = 'junior',
): Promise<string> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/v1/applications',
    headers: auth(t.token({ sub: idNumber, role: 'applicant' })),
    payload: { planId, unitId, facts: factsFor(level) },
  });
  if (res.statusCode !== 201) throw new Error(`draft: ${res.statusCode} ${res.body}`);
  return res.json().id;
}

export function send(
  t: TestApp,
  id: string,
  token: string,
  type: EventType,
  payload: object = {},
  headers: Record<string, string> = {},
): Promise<LightMyRequestResponse> {
  return t.app.inject({
    method: 'POST',
    url: `/v1/applications/${id}/events`,
    headers: { ...auth(token), ...headers },
    payload: { type, ...payload },
  });
}

export async function setClock(t: TestApp, now: string): Promise<number> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/v1/test/clock',
    headers: auth(t.token({ sub: 'admin', role: 'admin' })),
    payload: { now },
  });
  if (res.statusCode !== 200) throw new Error(`clock: ${res.statusCode} ${res.body}`);
  return res.json().firedTimers;
}

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { createTokenService } from '../../src/auth/jwt';
import { validFacts } from '../machines/rules/fixtures';
import { idNumberFor, planBody, testUnits, unitId, validPayload, validPayloads } from '../support/factories';
import { baseUrl, call, startServer, stop } from './process';

const dataDir = mkdtempSync(join(tmpdir(), 'title-review-timer-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

// SPEC §3/§8: a publicity timer lives in the database. Kill the service while one is
// pending; started again after its due time, the service fires it, once.
it('fires a timer that fell due while the service was down, exactly once', async () => {
  const first = startServer(dataDir, { CLOCK: 'manual', SEED_DEMO: 'false' });
  const url = await baseUrl(first);
  const tokens = createTokenService(readFileSync(join(dataDir, 'jwt-secret'), 'utf8').trim());
  const idNumber = idNumberFor(42);
  const as = {
    admin: tokens.sign({ sub: 'admin', role: 'admin' }),
    applicant: tokens.sign({ sub: idNumber, role: 'applicant' }),
    unit: tokens.sign({ sub: 'reviewer', role: 'unit', unitId }),
    hr: tokens.sign({ sub: 'hr', role: 'hr' }),
    committee: tokens.sign({ sub: 'committee', role: 'committee' }),
  };
  await call(url, as.admin, 'POST', '/v1/test/clock', { now: '2021-08-02T02:00:00.000Z' });
  const plan = await call(url, as.admin, 'POST', '/v1/plans', planBody('junior'));
  await call(url, as.admin, 'POST', '/v1/units', testUnits[0]);
  const app = await call(url, as.applicant, 'POST', '/v1/applications', { planId: plan.id, unitId, facts: validFacts() });
  const send = (token: string, type: keyof typeof validPayloads) =>
    call(url, token, 'POST', `/v1/applications/${app.id}/events`, { type, ...validPayloads[type] });
  await send(as.applicant, 'SUBMIT');
  await send(as.unit, 'START_UNIT_PUBLICITY');
  await send(as.unit, 'UNIT_VERIFY_FACT');
  await call(url, as.admin, 'POST', '/v1/test/clock', { now: '2021-08-09T02:00:00.000Z' });
  await send(as.unit, 'UNIT_APPROVE');
  await send(as.hr, 'HR_VERIFY_FACT');
  const audited = await send(as.hr, 'AUDIT_APPROVE');
  const paper = validPayload('PAPER_RECEIVED', audited.context);
  expect((await call(url, as.committee, 'POST', `/v1/applications/${app.id}/events`, { type: 'PAPER_RECEIVED', ...paper })).state).toBe(
    'qualificationPublicity',
  );
  expect(await stop(first, 'SIGKILL')).toBeNull();

  // The manual clock goes on from the time last set: restarted on it, nothing has fallen due.
  const again = startServer(dataDir, { CLOCK: 'manual', SEED_DEMO: 'false' });
  const at = await baseUrl(again);
  expect((await call(at, as.admin, 'GET', '/v1/test/clock')).now).toBe('2021-08-09T02:00:00.000Z');
  await new Promise((r) => setTimeout(r, 1500));
  expect((await call(at, as.applicant, 'GET', `/v1/applications/${app.id}`)).state).toBe('qualificationPublicity');
  expect(await stop(again, 'SIGKILL')).toBeNull();

  // On the real clock, years after the 2021 due dates: the publicity ends, and the fee deadline
  // that its end started passes too (issue 24), each once.
  for (let restart = 0; restart < 2; restart++) {
    const run = startServer(dataDir, { SEED_DEMO: 'false' });
    const base = await baseUrl(run);
    let state = '';
    for (let i = 0; i < 100 && state !== 'abandoned'; i++) {
      state = (await call(base, as.applicant, 'GET', `/v1/applications/${app.id}`)).state;
      if (state !== 'abandoned') await new Promise((r) => setTimeout(r, 100));
    }
    expect(state).toBe('abandoned');
    const history = await call(base, as.applicant, 'GET', `/v1/applications/${app.id}/history`);
    const fired = history.items
      .map((e: { type: string }) => e.type)
      .filter((type: string) => type === 'PUBLICITY_ENDED' || type === 'DEADLINE_PASSED');
    expect(fired).toEqual(['PUBLICITY_ENDED', 'DEADLINE_PASSED']);
    expect(await stop(run)).toBe(0);
  }
}, 300_000);

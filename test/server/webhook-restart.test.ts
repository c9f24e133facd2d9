import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, expect, it } from 'vitest';
import { createTokenService } from '../../src/auth/jwt';
import { validFacts } from '../machines/rules/fixtures';
import { idNumberFor, planBody, testUnits, unitId, validPayloads } from '../support/factories';
import { receiver, verifies } from '../support/webhook-receiver';
import { baseUrl, call, startServer, stop } from './process';

const dataDir = mkdtempSync(join(tmpdir(), 'title-review-webhooks-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

// The service is killed (-9) while a delivery is on the wire; started again, it sends that
// delivery again under the same id, and then everything after it, in order.
it('delivers every event in order per application after a kill -9 mid-delivery, repeating under the same id', async () => {
  const hook = await receiver();
  const env = { CLOCK: 'manual', SEED_DEMO: 'false' };
  const first = startServer(dataDir, env);
  let url = await baseUrl(first);
  const tokens = createTokenService(readFileSync(join(dataDir, 'jwt-secret'), 'utf8').trim());
  const admin = tokens.sign({ sub: 'admin', role: 'admin' });
  const until = async (what: string, done: () => boolean) => {
    for (let i = 0; i < 600 && !done(); i++) await sleep(100);
    if (!done()) throw new Error(`waited in vain for ${what}: ${JSON.stringify(hook.received)}`);
  };
  try {
    // The receiver takes requests and never answers.
    hook.state.answer = () => 0;
    await call(url, admin, 'POST', '/v1/test/clock', { now: '2021-08-02T02:00:00.000Z' });
    const plan = await call(url, admin, 'POST', '/v1/plans', planBody('junior'));
    await call(url, admin, 'POST', '/v1/units', testUnits[0]);
    const { secret } = await call(url, admin, 'POST', '/v1/webhooks', { url: hook.url });
    const applicant = tokens.sign({ sub: idNumberFor(7), role: 'applicant' });
    const a = await call(url, applicant, 'POST', '/v1/applications', { planId: plan.id, unitId, facts: validFacts() });
    await call(url, applicant, 'POST', `/v1/applications/${a.id}/events`, { type: 'SUBMIT', ...validPayloads.SUBMIT });
    await until('the first delivery', () => hook.received.length > 0);
    const inFlight = hook.received[0]!;
    expect(await stop(first, 'SIGKILL')).toBeNull();

    hook.state.answer = () => 200;
    const second = startServer(dataDir, env);
    try {
      url = await baseUrl(second);
      // The manual clock goes on from where it stood: moved past the dead sender's lease (60 s).
      await call(url, admin, 'POST', '/v1/test/clock', { now: '2021-08-02T02:01:01.000Z' });
      await until('both events', () => hook.received.filter((r) => r.answered === 200).length >= 2);
      const accepted = hook.received.filter((r) => r.answered === 200);
      expect(accepted[0]!.id).toBe(inFlight.id);
      const history = (await call(url, admin, 'GET', `/v1/applications/${a.id}/history`)).items.map((h: { seq: number }) => h.seq);
      expect(accepted.map((r) => JSON.parse(r.body).event.seq)).toEqual(history);
      expect(new Set(accepted.map((r) => r.id)).size).toBe(accepted.length);
      expect(hook.received.every((r) => verifies(secret, r.signature, r.body))).toBe(true);
    } finally {
      await stop(second);
    }
  } finally {
    await hook.close();
  }
}, 120_000);

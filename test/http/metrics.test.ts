import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app';
import { createTokenService } from '../../src/auth/jwt';
import { ManualClock } from '../../src/clock';
import { expectProblem } from '../api/support/problem';
import { auth, createDraft, createPlan, JWT_SECRET, send, type TestApp, testApp, tokensFor } from '../support/app';
import { freshDatabase } from '../support/db';
import { idNumberFor } from '../support/factories';

describe('on the API port', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('counts requests by route and status, and application events by type and status', async () => {
    const idNumber = idNumberFor(5);
    const tk = tokensFor(t, idNumber);
    const id = await createDraft(t, await createPlan(t), idNumber);
    expect((await send(t, id, tk.applicant, 'SUBMIT', { commitmentSigned: true })).statusCode).toBe(200);
    expect((await send(t, id, tk.applicant, 'SUBMIT', { commitmentSigned: true })).statusCode).toBe(409);
    const res = await t.app.inject({ url: '/metrics', headers: auth(tk.admin) });
    expect(res.headers['content-type']).toContain('text/plain');
    expect(res.body).toContain('application_events_total{type="SUBMIT",status="200"} 1');
    expect(res.body).toContain('application_events_total{type="SUBMIT",status="409"} 1');
    expect(res.body).toMatch(/http_requests_total\{method="POST",route="\/v1\/applications",status="201"\} 1/);
    expect(res.body).toMatch(/process_resident_memory_bytes \d+/);
  });

  it('reports latency per route, event-loop delay, the database pool, timers and the outbox backlog', async () => {
    const tk = tokensFor(t, idNumberFor(7));
    const body = (await t.app.inject({ url: '/metrics', headers: auth(tk.admin) })).body;
    expect(body).toMatch(/http_request_duration_seconds_bucket\{le="0\.005",method="POST",route="\/v1\/applications\/:id\/events"\} \d+/);
    expect(body).toMatch(/nodejs_eventloop_lag_p99_seconds \d/);
    expect(body).toMatch(/db_connections_in_use \d+/);
    expect(body).toMatch(/db_requests_waiting \d+/);
    // SUBMIT above armed no timer; nothing is due or delivered yet.
    expect(body).toMatch(/timers_due 0/);
    expect(body).toMatch(/timers_fired 0/);
    expect(body).toMatch(/outbox_backlog 0/);
  });

  it('answers only an admin: no token 401, another role 403', async () => {
    const tk = tokensFor(t, idNumberFor(6));
    expectProblem(await t.app.inject({ url: '/metrics' }), 401, 'UNAUTHENTICATED');
    for (const role of ['applicant', 'unit', 'hr', 'committee'] as const)
      expectProblem(await t.app.inject({ url: '/metrics', headers: auth(tk[role]) }), 403, 'FORBIDDEN');
  });
});

describe('on a separate listen address', () => {
  it('serves /metrics there without a token, and not on the API port', async () => {
    const app = await buildApp(
      {
        database: await freshDatabase(),
        tokens: createTokenService(JWT_SECRET),
        clock: new ManualClock(new Date('2021-08-02T02:00:00Z')),
        metricsListen: { host: '127.0.0.1', port: 0 },
      },
      { logger: false },
    );
    try {
      const address = app.metricsServer?.address();
      if (typeof address !== 'object' || !address) throw new Error('the metrics listener is not listening');
      await app.inject({ url: '/healthz' });
      const res = await fetch(`http://127.0.0.1:${address.port}/metrics`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/plain');
      expect(await res.text()).toContain('http_requests_total{method="GET",route="/healthz",status="200"} 1');
      expect((await fetch(`http://127.0.0.1:${address.port}/other`)).status).toBe(404);
      const admin = createTokenService(JWT_SECRET).sign({ sub: 'admin', role: 'admin' });
      expectProblem(await app.inject({ url: '/metrics', headers: auth(admin) }), 404, 'NOT_FOUND');
    } finally {
      await app.close();
    }
  });
});

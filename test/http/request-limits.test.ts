import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app';
import { createTokenService } from '../../src/auth/jwt';
import { ManualClock } from '../../src/clock';
import { expectProblem } from '../api/support/problem';
import { auth, createDraft, createPlan, JWT_SECRET, send, type TestApp, testApp, tokensFor } from '../support/app';
import { freshDatabase } from '../support/db';
import { idNumberFor } from '../support/factories';
import { fingerprint } from '../support/fingerprint';

// Issue 9, finding 7: the smaller contract breaks.

describe('bodies, media types and roles', () => {
  let t: TestApp;
  let tk: ReturnType<typeof tokensFor>;
  let id: string;
  beforeAll(async () => {
    t = await testApp();
    const idNumber = idNumberFor(88);
    tk = tokensFor(t, idNumber);
    id = await createDraft(t, await createPlan(t), idNumber);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers a 10 MB body with 413 PAYLOAD_TOO_LARGE and a text/plain body with 415 UNSUPPORTED_MEDIA_TYPE, writing nothing', async () => {
    const before = await fingerprint(t.database.db);
    const huge = JSON.stringify({ type: 'UPDATE_DRAFT', facts: { name: 'x'.repeat(10 * 1024 * 1024) } });
    const tooLarge = await t.app.inject({
      method: 'POST',
      url: `/v1/applications/${id}/events`,
      headers: { ...auth(tk.applicant), 'content-type': 'application/json' },
      payload: huge,
    });
    expect(expectProblem(tooLarge, 413, 'PAYLOAD_TOO_LARGE').limitBytes).toBe(1024 * 1024);
    for (const contentType of ['text/plain', 'application/x-www-form-urlencoded', 'application/xml']) {
      const res = await t.app.inject({
        method: 'POST',
        url: `/v1/applications/${id}/events`,
        headers: { ...auth(tk.applicant), 'content-type': contentType },
        payload: '{"type":"SUBMIT","commitmentSigned":true}',
      });
      expect(expectProblem(res, 415, 'UNSUPPORTED_MEDIA_TYPE').contentType).toBe(contentType);
    }
    expect(await fingerprint(t.database.db)).toEqual(before);
  });

  it('refuses a role that may never call a route with 403 before validating its body', async () => {
    const garbage = { nonsense: true };
    const cases: [string, string, string][] = [
      ['POST', '/v1/plans', tk.unit],
      ['POST', '/v1/plans', tk.applicant],
      ['POST', '/v1/applications', tk.unit],
      ['POST', '/v1/applications', tk.admin],
      ['PUT', '/v1/calendar/2027', tk.hr],
      ['POST', '/v1/bans/not-a-uuid/lift', tk.committee],
      ['GET', '/v1/bans?idNumber=bad', tk.unit],
      ['POST', '/v1/test/clock', tk.applicant],
    ];
    for (const [method, url, token] of cases) {
      const res = await t.app.inject({
        method: method as 'POST',
        url,
        headers: auth(token),
        ...(method === 'GET' ? {} : { payload: garbage }),
      });
      expectProblem(res, 403, 'FORBIDDEN');
    }
    // Also before the body is read: an oversized or mistyped body gets the 403, not 413/415.
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/plans',
      headers: { ...auth(tk.unit), 'content-type': 'text/plain' },
      payload: 'x'.repeat(2 * 1024 * 1024),
    });
    expectProblem(res, 403, 'FORBIDDEN');
    // The roles that may call still get the body's errors.
    expectProblem(
      await t.app.inject({ method: 'POST', url: '/v1/plans', headers: auth(tk.admin), payload: garbage }),
      400,
      'VALIDATION_FAILED',
    );
    // The events route admits every role and checks the event type's sender after validation.
    expectProblem(await send(t, id, tk.unit, 'SUBMIT', { commitmentSigned: true }), 403, 'FORBIDDEN');
    expectProblem(await send(t, id, tk.unit, 'SUBMIT', { commitmentSigned: 'x' }), 400, 'VALIDATION_FAILED');
  });
});

describe('shutting down', () => {
  it('answers a request that arrives while closing with 503 problem+json, Retry-After and Connection: close', async () => {
    const tokens = createTokenService(JWT_SECRET);
    const app = await buildApp(
      { database: await freshDatabase(), tokens, clock: new ManualClock(new Date('2021-08-02T02:00:00Z')) },
      { logger: false },
    );
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    if (typeof address !== 'object' || !address) throw new Error('not listening');
    const socket = connect(address.port, '127.0.0.1');
    let received = '';
    socket.on('data', (d) => {
      received += d;
    });
    const ended = new Promise((r) => socket.on('close', r));
    // A request whose headers are still arriving keeps its connection open while the app starts closing…
    socket.write('GET /v1/plans HTTP/1.1\r\nhost: x\r\n');
    await new Promise((r) => setTimeout(r, 100));
    const closing = app.close();
    await new Promise((r) => setTimeout(r, 100));
    // …and is answered once it is complete.
    socket.write(`authorization: Bearer ${tokens.sign({ sub: 'a', role: 'admin' })}\r\n\r\n`);
    await ended;
    await closing;
    expect(received).toMatch(/^HTTP\/1\.1 503 /);
    expect(received).toMatch(/\r\ncontent-type: application\/problem\+json/i);
    expect(received).toMatch(/\r\nretry-after: \d+/i);
    expect(received).toMatch(/\r\nconnection: close/i);
    expect(JSON.parse(received.slice(received.indexOf('\r\n\r\n') + 4))).toMatchObject({ code: 'UNAVAILABLE', reason: 'shutting down' });
  });
});

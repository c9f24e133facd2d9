import { afterAll, beforeAll, expect, it } from 'vitest';
import { auth, type TestApp, testApp } from '../support/app';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => {
  await t.app.close();
});

it('answers unknown routes with a problem document and echoes the request id', async () => {
  const res = await t.app.inject({ url: '/nowhere', headers: { 'x-request-id': 'req-123', 'accept-language': 'en' } });
  expect(res.statusCode).toBe(404);
  expect(res.headers['content-type']).toContain('application/problem+json');
  expect(res.headers['x-request-id']).toBe('req-123');
  expect(res.json()).toMatchObject({ code: 'NOT_FOUND', status: 404, requestId: 'req-123' });
  const zh = await t.app.inject({ url: '/nowhere' });
  expect(res.json().detail).not.toBe(zh.json().detail);
});

it('rejects a malformed JSON body as VALIDATION_FAILED', async () => {
  const res = await t.app.inject({
    method: 'POST',
    url: '/v1/plans',
    headers: { ...auth(t.token({ sub: 'a', role: 'admin' })), 'content-type': 'application/json' },
    payload: '{"year":',
  });
  expect(res.statusCode).toBe(400);
  expect(res.json().code).toBe('VALIDATION_FAILED');
});

it('answers a closed database with 503 DATABASE_UNAVAILABLE and Retry-After, leaking nothing; /readyz reports it', async () => {
  await t.database.close();
  const res = await t.app.inject({ url: '/v1/plans', headers: auth(t.token({ sub: 'a', role: 'admin' })) });
  expect(res.statusCode).toBe(503);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.headers['retry-after']).toMatch(/^\d+$/);
  expect(res.json()).toMatchObject({ code: 'DATABASE_UNAVAILABLE', status: 503 });
  expect(res.body).not.toMatch(/select |from |\.ts:|stack|closed/i);
  const ready = await t.app.inject({ url: '/readyz' });
  expect(ready.statusCode).toBe(503);
  expect(ready.json().code).toBe('UNAVAILABLE');
  expect((await t.app.inject({ url: '/healthz' })).statusCode).toBe(200);
});
